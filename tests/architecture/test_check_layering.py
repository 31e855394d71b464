#!/usr/bin/env python3
"""The layering check itself: on a copy of lib/ and ARCHITECTURE.md, each kind
of forbidden edge it must find is planted once and found at its line, and the
copy as it is passes."""
import os
import shutil
import subprocess
import sys
import tempfile

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
checker = os.path.join(root, "tests", "architecture", "check_layering.py")

PLANTED = [
    ("lib/schedule/timeline.hpp", '#include "outbox/outbox.hpp"', "lib/schedule/ includes outbox/"),
    ("lib/plan/obligations.hpp", '#include "turns.hpp"', 'lib/ includes "turns.hpp", which is no file under lib/'),
    ("lib/schedule/timeline.hpp", "#include <curl/curl.h>", "lib/schedule/ includes <curl/curl.h>"),
    ("lib/outbox/outbox.hpp", "#include <thread>", "lib/outbox/ includes <thread>"),
    ("lib/calendar/civil.hpp", "#include <sys/stat.h>", "lib/calendar/ includes <sys/stat.h>"),
    ("lib/util/text.hpp", "#include <boost/asio/io_context.hpp>", "lib/ includes Boost.Asio/Beast"),
]


def run(tree):
    done = subprocess.run([sys.executable, checker, tree], capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


failures = []
with tempfile.TemporaryDirectory() as tree:
    shutil.copy(os.path.join(root, "ARCHITECTURE.md"), tree)
    shutil.copytree(os.path.join(root, "lib"), os.path.join(tree, "lib"))
    os.mkdir(os.path.join(tree, "daemon"))
    code, output = run(tree)
    if code != 0:
        failures.append("the copy as it is fails:\n" + output)
    for file, line, says in PLANTED:
        path = os.path.join(tree, file)
        with open(path, encoding="utf-8") as f:
            original = f.read()
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        number = original.count("\n") + 1
        code, output = run(tree)
        expected = "%s:%d: %s" % (file, number, says)
        if code != 1 or expected not in output:
            failures.append("planted %r: expected exit 1 and %r, got %d:\n%s" % (line, expected, code, output))
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)

for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
