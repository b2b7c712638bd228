#!/usr/bin/env python3
"""Workspace figures for the README (issue 13), against a running vingt
started with an admin token:

  workspace_bench.py create PORT ADMIN_TOKEN N PID
      N sequential POST /admin/workspaces over one kept-alive connection:
      median, p90 and p99 of the time to get a workspace and its key, and
      the server's resident memory per empty workspace (VmRSS before and
      after, from /proc/PID/status).
  workspace_bench.py make PORT ADMIN_TOKEN N OUT
      N workspaces; writes "KEY" lines to OUT.
"""
import http.client
import json
import statistics
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def create(conn, token, name):
    conn.request("POST", "/admin/workspaces", body=json.dumps({"name": name}),
                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    r = conn.getresponse()
    body = r.read()
    if r.status != 201:
        sys.exit(f"create: {r.status} {body!r}")
    return json.loads(body)


def main():
    mode, port, token, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    conn = http.client.HTTPConnection("127.0.0.1", port)
    if mode == "make":
        with open(sys.argv[5], "w") as out:
            for i in range(n):
                out.write(create(conn, token, f"w{i}")["apiKey"] + "\n")
        return
    pid = int(sys.argv[5])
    create(conn, token, "warm-up")
    before = rss_kib(pid)
    times = []
    for i in range(n):
        t = time.perf_counter()
        create(conn, token, f"bench{i}")
        times.append((time.perf_counter() - t) * 1000)
    after = rss_kib(pid)
    times.sort()
    print(json.dumps({
        "bench": "workspace_create", "n": n,
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(times[int(0.9 * n) - 1], 2),
        "p99_ms": round(times[int(0.99 * n) - 1], 2),
        "rss_per_workspace_kib": round((after - before) / n),
    }))


if __name__ == "__main__":
    main()
