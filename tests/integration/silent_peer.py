#!/usr/bin/python3
"""A peer that accepts TCP connections on 127.0.0.1 and never answers: no
SMTP greeting, no HTTP status line, as a server that hangs. Reads and keeps
what it is sent; appends one JSON line per event to --log
({"event": "accepted", "n"} and {"event": "received", "n", "bytes"}), so a
test waits on the log rather than on time. Writes --ready FILE once
listening. Runs until SIGTERM.
"""
import argparse
import json
import selectors
import signal
import socket
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--ready", required=True)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *unused: sys.exit(0))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(16)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    connections = {}

    def record(entry):
        with open(args.log, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    with open(args.ready, "w"):
        pass
    while True:
        for key, _ in selector.select():
            if key.fileobj is listener:
                connection, _ = listener.accept()
                n = len(connections)
                connections[connection] = n
                selector.register(connection, selectors.EVENT_READ)
                record({"event": "accepted", "n": n})
                continue
            data = key.fileobj.recv(65536)
            n = connections[key.fileobj]
            if not data:
                selector.unregister(key.fileobj)
                record({"event": "closed", "n": n})
                continue
            record({"event": "received", "n": n, "bytes": len(data)})


if __name__ == "__main__":
    main()
