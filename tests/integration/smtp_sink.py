#!/usr/bin/python3
"""SMTP sink for the integration tests: aiosmtpd on 127.0.0.1 storing every
message it accepts, byte for byte as received, as one file in a Maildir
(<maildir>/new/), with an X-RcptTo header prepended.

Optional STARTTLS (--cert/--key, then required) and AUTH (--user/--password,
then required; AuthResult(handled=False) so a wrong password gets a real 535),
and an optional delay before each 250 reply to DATA (--delay, seconds) to make
the sink "slowish". With --data-log FILE a line is appended to FILE as each
DATA command begins (before the delay), so a test can wait for a message to
be on the wire. Writes --ready FILE once it is listening. Runs until
SIGTERM/SIGINT. Must run under Debian's /usr/bin/python3 (python3-aiosmtpd).
"""
import argparse
import asyncio
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class MaildirSink:
    def __init__(self, maildir, delay, data_log=None):
        self.maildir = maildir
        self.delay = delay
        self.data_log = data_log
        self.counter = 0
        self.lock = threading.Lock()
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(maildir, sub), exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        if self.data_log:
            with self.lock, open(self.data_log, "a", encoding="utf-8") as out:
                out.write(",".join(envelope.rcpt_tos) + "\n")
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        header = ("X-RcptTo: " + ", ".join(envelope.rcpt_tos) + "\r\n").encode("utf-8")
        with self.lock:
            self.counter += 1
            name = "%d.%d.%06d.sink" % (os.getpid(), int(asyncio.get_event_loop().time() * 1000), self.counter)
        tmp = os.path.join(self.maildir, "tmp", name)
        with open(tmp, "wb") as out:
            out.write(header + content)
            out.flush()
            os.fsync(out.fileno())
        # The message is "received" once it is in new/ (rename is atomic).
        os.rename(tmp, os.path.join(self.maildir, "new", name))
        return "250 2.0.0 OK stored"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--data-log")
    args = parser.parse_args()

    kwargs = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.user is not None:
        user, password = args.user.encode(), args.password.encode()

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
            # handled=False: the server answers 235 or 535 itself (handled=True would hang the client).
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    controller = Controller(MaildirSink(args.maildir, args.delay, args.data_log), hostname="127.0.0.1", port=args.port,
                            **kwargs)
    controller.start()
    with open(args.ready + ".tmp", "w") as ready:
        ready.write(str(os.getpid()))
    os.rename(args.ready + ".tmp", args.ready)
    signal.sigwait({signal.SIGINT, signal.SIGTERM})
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
