#!/usr/bin/env python3
# A webhook receiver over TLS for tests/e2e/webhook_delivery_test.cpp:
#   tls_receiver.py PORT_FILE LOG_FILE CERT KEY
# listens on 127.0.0.1 (a free port, written to PORT_FILE), answers 200 to
# every POST and appends {"path", "headers", "body"} as one JSON line to
# LOG_FILE.
import http.server
import json
import ssl
import sys

port_file, log_file, cert, key = sys.argv[1:5]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(log_file, "a") as f:
            f.write(json.dumps({"path": self.path,
                                "headers": {k.lower(): v for k, v in self.headers.items()},
                                "body": body.decode()}) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
