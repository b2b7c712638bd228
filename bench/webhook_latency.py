#!/usr/bin/env python3
# Delivery latency of webhooks, from a write's acknowledgement to the
# receiver's receipt: POST /rest/people open-loop at RATE writes/s for
# SECONDS (8 keep-alive connections), with one webhook on "*.*" pointing at a
# receiver in this process; prints one JSON line with p50 / p99 / max.
#   webhook_latency.py VINGT_PORT KEY RATE SECONDS
import http.client
import http.server
import json
import socket
import sys
import threading
import time

port, key, rate, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
acked, received, lock = {}, {}, threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        now = time.monotonic()
        record_id = json.loads(body)["record"]["id"]
        with lock:
            received.setdefault(record_id, now)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
hook_port = server.server_address[1]


def call(conn, method, path, body):
    conn.request(method, path, body, {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    r = conn.getresponse()
    return r.status, r.read()


admin = http.client.HTTPConnection("127.0.0.1", port)
status, body = call(admin, "POST", "/rest/metadata/webhooks",
                    json.dumps({"targetUrl": "http://127.0.0.1:%d/hook" % hook_port, "operations": ["*.*"]}))
assert status == 201, body
webhook_id = json.loads(body)["id"]

workers = 8
interval = workers / rate
deadline = time.monotonic() + seconds


def writer(n):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    next_at = time.monotonic() + n * interval / workers
    i = 0
    while next_at < deadline:
        pause = next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        i += 1
        s, b = call(conn, "POST", "/rest/people", json.dumps({"city": "L", "jobTitle": "w%d-%d" % (n, i)}))
        t = time.monotonic()
        if s == 201:
            with lock:
                acked[json.loads(b)["data"]["createPerson"]["id"]] = t
        next_at += interval


threads = [threading.Thread(target=writer, args=(n,)) for n in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
time.sleep(2)  # let the last deliveries arrive
call(admin, "DELETE", "/rest/metadata/webhooks/" + webhook_id, None)
with lock:
    lat = sorted(max(0.0, received[k] - acked[k]) * 1000 for k in acked if k in received)
missing = len(acked) - len(lat)
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")
print(json.dumps({"bench": "webhook_delivery_latency", "writes": len(acked), "rate": rate,
                  "p50_ms": round(pct(0.50), 2), "p99_ms": round(pct(0.99), 2),
                  "max_ms": round(lat[-1], 2) if lat else None, "not_received": missing}))
