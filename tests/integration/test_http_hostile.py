#!/usr/bin/python3
"""The daemon's HTTP listener against clients that are slow, greedy, malformed
or simply unusual: Expect: 100-continue, trickled headers, hundreds of idle
connections, huge request lines, headers and bodies, pipelining, bad
percent-encoding and bad UTF-8, unusual methods and request-target forms.
Every case gets a clear answer (or a closed connection at a stated limit),
never a crash or a hang, and the daemon goes on answering /healthz."""
import json
import re
import socket
import time

import itlib
from itlib import DUE, IntegrationTest, free_port

UNITS = [{"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]}]
TASKS = [{"id": "I.1", "title": "Báo cáo quý I", "lead": ["stp"], "schedule": "{ date = %s }" % DUE}]
API_TOKEN = "api-token-0123456789"
STATUS_TOKEN = "status-token-0123456789"
NOW = "2022-03-10T09:00:00+07:00"


def status_of(answer):
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


class HostileHttpTest(IntegrationTest):
    def setUp(self):
        super().setUp()
        self.port = free_port()
        api_file = self.write_file("api-token", API_TOKEN + "\n")
        status_file = self.write_file("status-token", STATUS_TOKEN + "\n")
        http = "\n".join(["[http]", 'listen = "127.0.0.1:%d"' % self.port,
                          "api_token_file = " + itlib.toml_str(api_file),
                          "status_token_file = " + itlib.toml_str(status_file), "timeout = 30", ""])
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS) + "\n" + http)
        self.daemon = self.start_daemon(now=NOW)
        self.wait_started(self.daemon)
        self.wait_for(lambda: self.healthz_status() == 200, 15, "the HTTP listener")

    def tearDown(self):
        alive = self.daemon.alive()
        super().tearDown()
        self.assertTrue(alive, "the daemon ended during the test")

    def connect(self, timeout=10):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        self.addCleanup(sock.close)
        return sock

    def read_answer(self, sock, until=b"\r\n\r\n"):
        """Reads until `until` is seen, the peer closes, or the socket times out."""
        data = b""
        while until not in data:
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            data += chunk
        return data

    def read_all(self, sock):
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, ConnectionResetError):
                return data
            if not chunk:
                return data
            data += chunk

    def exchange(self, data, timeout=10):
        """Sends bytes with Connection: close semantics left to the caller; returns everything answered."""
        sock = self.connect(timeout)
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return self.read_all(sock)

    def healthz_status(self):
        try:
            answer = self.exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=5)
        except OSError:
            return None
        return int(status_of(answer).split()[1]) if answer.startswith(b"HTTP/1.1 ") else None

    def assert_still_answering(self):
        self.assertEqual(self.healthz_status(), 200, "the daemon still answers /healthz\n" + self.diagnostics())

    # -- Expect: 100-continue ----------------------------------------------------
    def test_01_expect_100_continue_gets_its_go_ahead_at_once(self):
        body = json.dumps({"plan": "nope", "task": "I.1", "occurrence": DUE, "unit": "stp"}).encode()
        head = ("POST /api/v1/done HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                "Content-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n"
                % (API_TOKEN, len(body))).encode()
        sock = self.connect()
        started = time.monotonic()
        sock.sendall(head)
        sock.settimeout(0.5)  # curl waits 1 s before it sends the body anyway
        interim = self.read_answer(sock)
        self.assertTrue(interim.startswith(b"HTTP/1.1 100 Continue\r\n"), interim)
        self.assertLess(time.monotonic() - started, 0.5)
        sock.settimeout(10)
        sock.sendall(body)
        final = self.read_answer(sock)
        self.assertRegex(status_of(final), r"^HTTP/1.1 4\d\d ", "the body was read and answered: " + repr(final))
        # Case-insensitive, as RFC 9110 says.
        sock = self.connect()
        sock.sendall(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-Continue\r\n\r\n")
        sock.settimeout(0.5)
        self.assertTrue(self.read_answer(sock).startswith(b"HTTP/1.1 100 Continue\r\n"))
        sock.settimeout(10)
        sock.sendall(b"{}")
        self.assertIn(" 405 ", status_of(self.read_answer(sock)))

    def test_02_expect_100_continue_with_a_body_over_the_limit_or_another_expectation_gets_a_final_answer(self):
        sock = self.connect()
        sock.sendall(b"POST /api/v1/done HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
                     b"Expect: 100-continue\r\n\r\n")
        answer = self.read_all(sock)
        self.assertIn(" 413 ", status_of(answer), answer)
        self.assertNotIn(b"100 Continue", answer)
        sock = self.connect()
        sock.sendall(b"POST /api/v1/done HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: teapot\r\n\r\n")
        answer = self.read_all(sock)
        self.assertIn(" 417 ", status_of(answer), answer)
        self.assertIn(b"100-continue", answer, "the answer says what is supported")
        # HTTP/1.0 has no 100 Continue: the expectation is ignored.
        answer = self.exchange(b"POST /healthz HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n{}")
        self.assertTrue(answer.startswith(b"HTTP/1.0 405 "), answer)
        self.assert_still_answering()

    # -- slow and greedy clients -------------------------------------------------
    def test_03_a_client_trickling_its_headers_is_cut_off_and_others_are_served(self):
        sock = self.connect(timeout=30)
        request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
        started = time.monotonic()
        closed = False
        for byte in request:
            try:
                sock.send(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            if int(time.monotonic() - started) % 3 == 0:
                self.assert_still_answering()
            time.sleep(0.25)
            if time.monotonic() - started > 20:
                break
        if not closed:
            sock.settimeout(5)
            try:
                closed = sock.recv(100) == b""
            except ConnectionResetError:
                closed = True
        self.assertTrue(closed, "a request that takes more than 10 s to arrive is cut off")
        self.assertLess(time.monotonic() - started, 16)
        self.assert_still_answering()

    def test_04_hundreds_of_idle_connections_do_not_lock_healthz_out(self):
        idle = [self.connect(timeout=30) for _ in range(400)]
        for sock in idle[:200]:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # headers never finished
        for _ in range(5):
            self.assert_still_answering()
        for sock in idle:
            sock.close()
        self.assert_still_answering()

    # -- sizes ---------------------------------------------------------------------
    def test_05_huge_request_lines_headers_and_bodies_get_4xx(self):
        line = self.exchange(b"GET /healthz?" + b"a" * (1024 * 1024) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertIn(" 431 ", status_of(line), line[:200])
        header = self.exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1024 * 1024) + b"\r\n\r\n")
        self.assertIn(" 431 ", status_of(header), header[:200])
        many = self.exchange(b"GET /healthz HTTP/1.1\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n")
        self.assertIn(" 431 ", status_of(many), many[:200])
        body = self.exchange(b"POST /api/v1/done HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n"
                             + b"x" * 1048576)
        self.assertIn(" 413 ", status_of(body), body[:200])
        chunks = b"".join(b"10000\r\n" + b"x" * 65536 + b"\r\n" for _ in range(4)) + b"0\r\n\r\n"
        chunked = self.exchange(b"POST /api/v1/done HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + chunks)
        self.assertIn(" 413 ", status_of(chunked), chunked[:200])
        bad_chunk = self.exchange(b"POST /api/v1/done HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  b"zz\r\nxx\r\n0\r\n\r\n")
        self.assertIn(" 400 ", status_of(bad_chunk), bad_chunk[:200])
        self.assert_still_answering()

    def test_10_a_body_framed_by_anything_but_chunked_is_refused_at_once(self):
        for codings, expected in ((b"gzip", b"400"), (b"chunked, gzip", b"400"), (b"gzip, chunked", b"501"),
                                  (b"identity", b"400")):
            sock = self.connect(timeout=3)
            sock.sendall(b"POST /ack HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + codings + b"\r\n\r\n0\r\n\r\n")
            started = time.monotonic()
            answer = self.read_all(sock)  # the connection is closed after the answer
            self.assertEqual(status_of(answer).split(" ")[1].encode(), expected, (codings, answer[:300]))
            self.assertLess(time.monotonic() - started, 2.5, "answered and closed at once: %r" % codings)
        chunked = self.exchange(b"POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n"
                                b"Connection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        self.assertIn(" 405 ", status_of(chunked), chunked[:300])
        self.assert_still_answering()

    # -- framing and Host (RFC 9112) ------------------------------------------------
    def assert_refused_and_closed(self, request, what):
        """A 400 to `request`, then the connection closed: the request pipelined
        behind it (which a smuggling peer would hide there) is never answered."""
        sock = self.connect(timeout=5)
        started = time.monotonic()
        sock.sendall(request + b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = self.read_all(sock)
        self.assertEqual(status_of(answer).split(" ")[1:2], ["400"], (what, answer[:300]))
        self.assertEqual(len(re.findall(rb"HTTP/1\.1 \d{3} ", answer)), 1, "one answer, then closed: %s %r"
                         % (what, answer[:500]))
        self.assertIn(b"Connection: close", answer, what)
        self.assertLess(time.monotonic() - started, 4, "closed at once, not at a timeout: " + what)
        return answer

    def test_11_a_folded_header_line_is_refused(self):
        for fold in (b" ", b"\t"):
            answer = self.assert_refused_and_closed(
                b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n" + fold + b"continued\r\n\r\n", "obs-fold")
            self.assertIn(b"line folding", answer)
        # Folded into Host, the one field that names where the request goes.
        self.assert_refused_and_closed(b"GET /healthz HTTP/1.1\r\nHost: x\r\n y\r\n\r\n", "folded Host")
        # In pieces: the start line and whole fields are parsed before the fold arrives.
        for first, rest, expected in (
                (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n", b" continued\r\n\r\n", " 400 "),
                (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-No", b"te: a\r\nConnection: close\r\n\r\n", " 200 ")):
            sock = self.connect(timeout=5)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.sendall(first)
            time.sleep(0.3)  # a separate read on the daemon's side
            sock.sendall(rest)
            answer = self.read_all(sock)
            self.assertIn(expected, status_of(answer), (first, answer[:300]))
        self.assert_still_answering()

    def test_12_host_missing_repeated_or_malformed_is_refused(self):
        cases = [
            (b"GET /healthz HTTP/1.1\r\n\r\n", b"needs a Host"),
            (b"GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", b"more than one Host"),
            (b"GET /healthz HTTP/1.1\r\nHost: x\r\nhost: x\r\n\r\n", b"more than one Host"),
            (b"GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n", b"host[:port]"),
            (b"GET /healthz HTTP/1.1\r\nHost: user@x\r\n\r\n", b"host[:port]"),
            (b"GET /healthz HTTP/1.1\r\nHost: x/y\r\n\r\n", b"host[:port]"),
            (b"GET /healthz HTTP/1.1\r\nHost: x:80x\r\n\r\n", b"host[:port]"),
            (b"GET /healthz HTTP/1.1\r\nHost: [::1\r\n\r\n", b"host[:port]"),
            (b"GET /healthz HTTP/1.0\r\nHost: x\r\nHost: y\r\n\r\n", b"more than one Host"),
            # Before any body is waited for: a POST with its body still to come.
            (b"POST /api/v1/done HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n", b"needs a Host"),
        ]
        for request, reason in cases:
            answer = self.assert_refused_and_closed(request, repr(request))
            self.assertIn(reason, answer, request)
        # What a client may send: HTTP/1.0 without Host, ports, IP literals, an empty Host.
        for request in (b"GET /healthz HTTP/1.0\r\n\r\n",
                        b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % self.port,
                        b"GET /healthz HTTP/1.1\r\nHost: [::1]:8787\r\nConnection: close\r\n\r\n",
                        b"GET /healthz HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n"):
            answer = self.exchange(request)
            self.assertIn(" 200 ", status_of(answer), (request, answer[:300]))
        self.assert_still_answering()

    def test_13_conflicting_body_lengths_are_refused_and_the_connection_closed(self):
        form = b"Content-Type: application/x-www-form-urlencoded\r\n"
        cases = [
            b"POST /ack HTTP/1.1\r\nHost: x\r\n" + form + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nt=abc",
            b"POST /ack HTTP/1.1\r\nHost: x\r\n" + form + b"Content-Length: 5, 6\r\n\r\nt=abc",
            b"POST /ack HTTP/1.1\r\nHost: x\r\n" + form + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"0\r\n\r\n",
            b"POST /ack HTTP/1.1\r\nHost: x\r\n" + form + b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
            b"0\r\n\r\n",
            b"POST /ack HTTP/1.1\r\nHost: x\r\n" + form + b"Transfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\n"
            b"t=abc",
        ]
        for request in cases:
            self.assert_refused_and_closed(request, repr(request))
        self.assert_still_answering()

    def test_14_hostile_requests_do_not_stop_deliveries(self):
        self.daemon.stop()
        self.daemon = self.start_daemon(now=itlib.START)  # the first reminder is due at once
        self.wait_started(self.daemon)
        self.wait_for(lambda: self.healthz_status() == 200, 15, "the HTTP listener")
        for request in (b"GET /healthz HTTP/1.1\r\nHost: x\r\n y\r\n\r\n", b"GET /healthz HTTP/1.1\r\n\r\n",
                        b"POST /ack HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"):
            self.assert_refused_and_closed(request, repr(request))
        self.wait_for(lambda: itlib.maildir_files(self.state_maildir()), 30, "the reminder delivered")
        self.assert_still_answering()

    # -- pipelining ------------------------------------------------------------------
    def test_06_pipelined_requests_are_answered_in_order(self):
        requests = (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                    b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                    b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = self.exchange(requests)
        statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)
        self.assertEqual(statuses, [b"200", b"404", b"405", b"200"], answer)

    # -- encodings -----------------------------------------------------------------
    def test_07_bad_percent_encoding_and_bad_utf8_in_paths_and_queries(self):
        cases = [
            (b"/healthz%", b"404"), (b"/healthz%zz", b"404"), (b"/%ff%fe", b"404"), (b"/\xff\xfe", b"404"),
            (b"/healthz%00", b"404"), (b"/status?token=%", b"400"), (b"/status?token=%G1", b"400"),
            (b"/status?token=%ff%fe", b"403"), (b"/status?token=\xff\xfe", b"403"),
            (b"/status?token=%00", b"403"), (b"/status?%ff=%ff", b"401"),
            (b"/status?token=" + STATUS_TOKEN.encode() + b"&unit=%ff", b"200"),
            (b"/status?token=" + STATUS_TOKEN.encode() + b"&plan=\xc3", b"200"),
            (b"/ics/%ff.ics?token=x", b"404"), (b"/ics/\xc3\x28.ics?token=x", b"404"),
            (b"/metrics?\xff", b"200"),
        ]
        for target, expected in cases:
            answer = self.exchange(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            self.assertEqual(status_of(answer).split(" ")[1].encode(), expected, (target, answer[:300]))
            self.assertTrue(answer.split(b"\r\n\r\n", 1)[1], "a 4xx says why: %r" % target)
        self.assert_still_answering()

    # -- methods and target forms ----------------------------------------------------
    def test_08_head_options_and_unknown_methods(self):
        head = self.exchange(b"HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 200 "), head)
        self.assertTrue(head.endswith(b"\r\n\r\n"), "HEAD gets no body: %r" % head)
        for method in (b"OPTIONS", b"PUT", b"DELETE", b"PATCH", b"TRACE", b"BREW", b"get"):
            answer = self.exchange(method + b" /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            self.assertIn(" 405 ", status_of(answer), (method, answer[:300]))
            self.assertIn(b"Allow: GET, HEAD", answer, method)
        for garbage in (b"G\x00T /healthz HTTP/1.1\r\n\r\n", b"GET\t/healthz HTTP/1.1\r\n\r\n",
                        b"GET /healthz HTTP/1.1 extra\r\n\r\n", b"/healthz\r\n\r\n", b"\r\n\r\n\r\n\r\n"):
            answer = self.exchange(garbage, timeout=15)
            self.assertIn(" 400 ", status_of(answer), (garbage, answer[:300]))
        self.assert_still_answering()

    def test_09_absolute_form_targets_are_served_like_origin_form(self):
        host = ("127.0.0.1:%d" % self.port).encode()
        answer = self.exchange(b"GET http://" + host + b"/healthz HTTP/1.1\r\nHost: " + host +
                               b"\r\nConnection: close\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 200 "), answer[:300])
        answer = self.exchange(b"GET HTTP://" + host + b"/status?token=" + STATUS_TOKEN.encode() +
                               b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertTrue(answer.startswith(b"HTTP/1.1 200 "), answer[:300])
        for target, expected in ((b"http://" + host, b"404"), (b"http://" + host + b"/nope", b"404"),
                                 (b"ftp://" + host + b"/healthz", b"400"), (b"http:/healthz", b"400"),
                                 (b"*", b"400"), (host, b"400")):
            answer = self.exchange(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            self.assertEqual(status_of(answer).split(" ")[1].encode(), expected, (target, answer[:300]))
        answer = self.exchange(b"CONNECT " + host + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertRegex(status_of(answer), r" (400|405) ", answer[:300])
        self.assert_still_answering()


if __name__ == "__main__":
    itlib.main()
