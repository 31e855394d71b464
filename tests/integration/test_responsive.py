#!/usr/bin/python3
"""The HTTP surface answers while delivery cannot move: /healthz runs on the
HTTP listener's own thread, so neither every delivery worker held by a slow
webhook peer nor the loop thread waiting on a locked outbox delays it."""
import http.client
import os
import signal
import sqlite3
import time

import itlib
from itlib import DUE, IntegrationTest, free_port

# Well under a second: the loop is blocked for seconds meanwhile.
MAX_HEALTHZ_S = 0.5
WORKERS = 4


class ResponsiveTest(IntegrationTest):
    def healthz(self):
        began = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            return response.status, time.monotonic() - began
        finally:
            connection.close()

    def probe(self, seconds):
        """/healthz every 50 ms for `seconds`: the slowest answer."""
        slowest = 0.0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status, took = self.healthz()
            self.assertEqual(status, 200)
            slowest = max(slowest, took)
            time.sleep(0.05)
        return slowest

    def test_healthz_answers_while_every_worker_is_held_and_the_loop_waits_on_the_outbox(self):
        release = os.path.join(self.tmp, "release")
        sink_port, sink_log, _ = self.start_http_sink(hold=release)
        self.port = free_port()
        token_file = self.write_file("status-token", "token\n")
        secret_file = self.write_file("feed-secret", "feed-secret-0123456789\n")
        units = [{"id": "don-vi-%d" % i, "name": "Đơn vị %d" % i,
                  "webhook": [{"url": "http://127.0.0.1:%d/hooks/don-vi-%d" % (sink_port, i)}]}
                 for i in range(2 * WORKERS)]
        tasks = [{"id": "CCHC-09", "title": "Báo cáo rà soát thủ tục hành chính",
                  "lead": [unit["id"] for unit in units], "schedule": "{ date = %s }" % DUE}]
        http_section = "\n".join(["[http]", 'listen = "127.0.0.1:%d"' % self.port,
                                  "status_token_file = " + itlib.toml_str(token_file),
                                  "feed_secret_file = " + itlib.toml_str(secret_file), ""])
        self.write_config(itlib.config_text(self.state_dir, units, tasks, delivery={"workers": WORKERS},
                                            # A post per worker, each held: no pipelining.
                                            webhooks={"max_per_host": WORKERS, "pipeline": 1}) + "\n" + http_section)
        daemon = self.start_daemon()
        self.wait_started(daemon)

        def held():
            with open(sink_log, encoding="utf-8") as f:
                return sum(1 for line in f if line.strip()) if os.path.exists(sink_log) else 0

        # Every worker is inside a POST the sink does not answer.
        self.wait_for(lambda: os.path.exists(sink_log) and held() == WORKERS, 20, "every worker to be held")
        self.assertLess(self.probe(1.0), MAX_HEALTHZ_S)

        # And the loop thread itself blocked: a reload must write to the
        # outbox, which another connection holds locked (the daemon's busy
        # timeout is 5 s; the lock is held for 2).
        locker = sqlite3.connect(os.path.join(self.state_dir, "outbox.sqlite"), timeout=10, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        offset = len(daemon.log())
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: "reloading" in daemon.log()[offset:], 10, "the reload to begin")
        slowest = self.probe(2.0)
        self.assertNotIn("reloaded:", daemon.log()[offset:], "the reload waited for the lock")
        locker.execute("ROLLBACK")
        locker.close()
        self.assertLess(slowest, MAX_HEALTHZ_S)

        # Nothing was lost meanwhile: the reload completes, the held POSTs and
        # the rest are answered, every reminder is sent once.
        self.wait_for(lambda: "reloaded:" in daemon.log()[offset:], 20, "the reload to finish")
        with open(release, "w"):
            pass
        self.wait_for(lambda: self.sql("SELECT count(*) FROM reminders WHERE state = 'sent'")[0][0] == 2 * WORKERS,
                      30, "every reminder to be sent")
        self.assertEqual(held(), 2 * WORKERS, "one POST per unit, none repeated")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0, self.diagnostics())


if __name__ == "__main__":
    itlib.main()
