#!/usr/bin/python3
"""Webhook sink for the integration tests: a ThreadingHTTPServer on 127.0.0.1
(HTTP/1.1, keep-alive) that answers each POST with the next status of
--codes (the last one repeats), optionally --delay seconds late or, with
--hold FILE, only once FILE exists (every request from the --hold-from'th
on, counting from 0, held until the test releases them), and appends one JSON line per request to --log:
{"n", "path", "status", "headers", "body_b64"} (the body's exact bytes, for
HMAC checks), the client's port ("client_port": one per connection) and, with
--peek SECONDS, how many bytes of the next request were already there when
this one had been read ("pipelined_bytes", waiting at most SECONDS for them).
Writes --ready FILE once it is listening. Runs until SIGTERM.
"""
import argparse
import base64
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--codes", default="204")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds between recording a POST and answering")
    parser.add_argument("--hold", help="answer no POST until this file exists")
    parser.add_argument("--hold-from", type=int, default=0, help="the first POST --hold applies to (from 0)")
    parser.add_argument("--peek", type=float, default=0.0, help="seconds to wait for a pipelined next request")
    args = parser.parse_args()
    codes = [int(code) for code in args.codes.split(",")]
    lock = threading.Lock()
    state = {"n": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *unused):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length) if length > 0 else b""
            pipelined = 0
            if args.peek > 0:
                # Bytes of a next request sent before this one is answered:
                # buffered already, or arriving within the wait.
                self.connection.settimeout(args.peek)
                try:
                    pipelined = len(self.rfile.peek(1))
                except OSError:
                    pipelined = 0
                self.connection.settimeout(None)
            with lock:
                n = state["n"]
                state["n"] += 1
                status = codes[min(n, len(codes) - 1)]
                record = {
                    "n": n,
                    "path": self.path,
                    "client_port": self.client_address[1],
                    "pipelined_bytes": pipelined,
                    "status": status,
                    "headers": {name: value for name, value in self.headers.items()},
                    "body_b64": base64.b64encode(body).decode("ascii"),
                }
                with open(args.log, "a", encoding="utf-8") as out:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if args.delay > 0:
                time.sleep(args.delay)
            while args.hold and n >= args.hold_from and not os.path.exists(args.hold):
                time.sleep(0.02)
            reply = b"" if status == 204 else ("status %d from the test sink" % status).encode()
            self.send_response(status)
            if status != 204:  # a 204 carries no Content-Length (RFC 9110 8.6)
                self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            if reply:
                self.wfile.write(reply)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    with open(args.ready + ".tmp", "w") as ready:
        ready.write(str(os.getpid()))
    os.rename(args.ready + ".tmp", args.ready)
    signal.signal(signal.SIGTERM, lambda *unused: threading.Thread(target=server.shutdown).start())
    server.serve_forever(poll_interval=0.05)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
