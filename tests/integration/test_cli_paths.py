#!/usr/bin/python3
"""The command line against paths that are not what they should be: a
configuration that is missing, a directory, a FIFO, empty or a device; a
state directory that is a file; an outbox that is a directory, a FIFO or a
device; an outbox on a read-only file system. Every command answers with a
clear error and a non-zero exit within seconds, never a crash or a hang."""
import errno
import json
import os
import shutil
import subprocess

import itlib
from itlib import DUE, START, IntegrationTest

UNITS = [{"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]}]
TASKS = [{"id": "I.1", "title": "Báo cáo quý I", "lead": ["stp"], "schedule": "{ date = %s }" % DUE}]
# The commands that read the configuration, and those that open the outbox too.
CONFIG_COMMANDS = [["check"], ["plan"], ["agenda"], ["outbox"], ["report"], ["run", "--once"]]
OUTBOX_COMMANDS = [["outbox"], ["report"], ["plan"], ["run", "--once", "--now", START],
                   ["done", "--plan", "kstthc-2022", "--task", "I.1", "--unit", "stp"]]


class CliPathsTest(IntegrationTest):
    def cli(self, argv, timeout=20):
        started = subprocess.run([itlib.BINARY] + argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                 timeout=timeout)
        self.assertGreaterEqual(started.returncode, 0, "killed by a signal: %s\n%s" % (argv, started.stderr))
        return started.returncode, started.stderr

    def assert_clear_failure(self, argv, expected):
        code, err = self.cli(argv)
        self.assertIn(code, (1, 64, 66, 78), "%s exited %s\n%s" % (argv, code, err))
        self.assertRegex(err, expected, argv)
        self.assertNotIn("terminate called", err)

    def test_01_a_configuration_that_is_not_a_regular_readable_file(self):
        missing = os.path.join(self.tmp, "missing.toml")
        directory = os.path.join(self.tmp, "dir.toml")
        os.makedirs(directory)
        fifo = os.path.join(self.tmp, "fifo.toml")
        os.mkfifo(fifo)  # nobody ever writes it: opening it for reading would block forever
        empty = self.write_file("empty.toml", "")
        cases = [(missing, "No such file"), (directory, "directory"), (fifo, "FIFO|not a regular file"),
                 (empty, "."), ("/dev/null", "."), ("/dev/zero", ".")]
        for path, expected in cases:
            for command in CONFIG_COMMANDS:
                self.assert_clear_failure(command + ["--config", path], expected)

    def test_02_a_state_directory_or_outbox_that_is_not_a_directory_or_a_file(self):
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS))
        state_file = self.write_file("state-file", "")
        for command in OUTBOX_COMMANDS:
            self.assert_clear_failure(command + ["--config", self.config_path, "--state-dir", state_file],
                                      "not a directory|Not a directory")
        for name, make in (("dir", os.makedirs), ("fifo", os.mkfifo),
                           ("devnull", lambda path: os.symlink("/dev/null", path))):
            state = os.path.join(self.tmp, "state-" + name)
            os.makedirs(state)
            make(os.path.join(state, "outbox.sqlite"))
            for command in OUTBOX_COMMANDS:
                self.assert_clear_failure(command + ["--config", self.config_path, "--state-dir", state],
                                          "outbox.sqlite: not a regular file")

    def try_mount_state_dir(self, size):
        """A tmpfs state directory with an outbox a run has filled; the reason when it cannot be mounted."""
        if os.geteuid() != 0:
            return "a tmpfs state directory needs root (CI runs as root)"
        os.makedirs(self.state_dir)
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + size, "deadlined-test", self.state_dir],
                                 capture_output=True, text=True)
        if mounted.returncode != 0:
            return "cannot mount a tmpfs here: " + mounted.stderr.strip()
        self.addCleanup(subprocess.run, ["umount", "-l", self.state_dir])
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS))
        self.run_once()
        return None

    def mount_state_dir(self, size):
        problem = self.try_mount_state_dir(size)
        if problem:
            self.skipTest(problem)

    def read_only_state_dir(self):
        """A state directory with an outbox a run has filled and closed, which the
        commands then run cannot write: a read-only tmpfs as root, else the
        commands run as nobody (a container without mount privileges), else a
        directory without write permission (not root). Returns the argv prefix."""
        problem = self.try_mount_state_dir("8m")
        if problem is None:
            subprocess.run(["mount", "-o", "remount,ro", self.state_dir], check=True)
            return []
        if os.geteuid() != 0:
            self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS))
            self.run_once()
            os.chmod(self.state_dir, 0o555)
            self.addCleanup(os.chmod, self.state_dir, 0o755)
            return []
        os.makedirs(self.state_dir, exist_ok=True)
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS))
        self.run_once()
        for directory, _, files in os.walk(self.tmp):
            os.chmod(directory, 0o755)
            for name in files:
                os.chmod(os.path.join(directory, name), 0o644)
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        reachable = subprocess.run(as_nobody + [itlib.BINARY, "--version"], capture_output=True, text=True)
        self.assertEqual(reachable.returncode, 0, "neither a mount (%s) nor running as nobody works here: %s"
                         % (problem, reachable.stderr))
        return as_nobody

    def test_03_an_outbox_on_a_read_only_file_system_is_read_and_a_write_says_why_not(self):
        self.mount_state_dir("8m")
        subprocess.run(["mount", "-o", "remount,ro", self.state_dir], check=True)
        for command in (["outbox"], ["report"], ["plan"], ["agenda"]):
            code, err = self.cli(command + ["--config", self.config_path])
            self.assertEqual(code, 0, "%s\n%s" % (command, err))
        for command in (["done", "--plan", "kstthc-2022", "--task", "I.1", "--unit", "stp"],
                        ["undo", "--plan", "kstthc-2022", "--task", "I.1", "--unit", "stp"]):
            self.assert_clear_failure(command + ["--config", self.config_path], "read-only file system")
        self.assert_clear_failure(["run", "--config", self.config_path, "--now", START], "Read-only file system")

    def test_04_an_outbox_on_a_full_disk_says_so(self):
        self.mount_state_dir("4m")
        filler = os.path.join(self.state_dir, "filler")
        with open(filler, "wb", buffering=0) as out:
            try:
                while True:
                    out.write(b"\0" * 4096)
            except OSError as error:
                self.assertEqual(error.errno, errno.ENOSPC)
        for command in OUTBOX_COMMANDS:
            self.assert_clear_failure(command + ["--config", self.config_path], "no space left|No space left|full")
        os.remove(filler)
        self.run_once()

    def test_05_output_that_cannot_be_written_is_an_error(self):
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS))
        for command in (["check"], ["plan"], ["agenda"], ["holidays", "--year", "2022"]):
            with open("/dev/full", "w") as full:
                done = subprocess.run([itlib.BINARY] + command + ["--config", self.config_path],
                                      stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE, text=True,
                                      timeout=20)
            self.assertEqual(done.returncode, 74, (command, done.stderr))
            self.assertIn("cannot write standard output: ", done.stderr)
        closed = subprocess.run([itlib.BINARY, "check", "--config", self.config_path], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=20,
                                preexec_fn=lambda: os.close(1))
        self.assertEqual(closed.returncode, 74, closed.stderr)
        self.assertIn("cannot write standard output: it is closed", closed.stderr)

    def test_06_import_of_a_fifo_nobody_writes_does_not_hang_and_a_pipe_is_read(self):
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS))
        fifo = os.path.join(self.tmp, "plan.txt")
        os.mkfifo(fifo)
        self.assert_clear_failure(["import", "--config", self.config_path, fifo], "empty")
        read_end, write_end = os.pipe()
        importer = subprocess.Popen([itlib.BINARY, "import", "--config", self.config_path, "/dev/fd/%d" % read_end],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    pass_fds=(read_end,), text=True)
        os.close(read_end)
        os.write(write_end, "Số TT\tNội dung\n".encode())
        os.close(write_end)
        _, err = importer.communicate(timeout=20)
        self.assertEqual(importer.returncode, 65, "read to its end, then no task table: " + err)
        self.assertIn("no task table found", err)

    def test_07_closed_standard_descriptors_never_receive_the_log_or_another_file(self):
        # With descriptor 2 closed, the lock file opened next took number 2
        # and every log line was written into it (and later into whatever
        # file or socket got the number).
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS))
        for closed in ((2,), (1, 2), (0, 1, 2)):
            shutil.rmtree(self.state_dir, ignore_errors=True)
            done = subprocess.run([itlib.BINARY, "run", "--once", "--config", self.config_path, "--now", START],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  timeout=30, preexec_fn=lambda fds=closed: [os.close(fd) for fd in fds])
            self.assertEqual(done.returncode, 0, closed)
            with open(os.path.join(self.state_dir, "deadlined.lock")) as lock:
                self.assertRegex(lock.read(), r"^\d+\n?$", "the lock file holds its PID only: %s" % (closed,))
            maildir = os.path.join(self.state_dir, "Maildir", "new")
            for name in os.listdir(maildir):
                with open(os.path.join(maildir, name), "rb") as message:
                    self.assertNotIn(b"outcome=", message.read(), closed)

    def test_08_a_secret_or_page_template_that_is_a_fifo_or_a_device_is_refused_not_waited_for(self):
        fifo = os.path.join(self.tmp, "token-fifo")
        os.mkfifo(fifo)  # nobody writes it: reading it waited forever in check, run and a reload
        zero = os.path.join(self.tmp, "token-zero")
        os.symlink("/dev/zero", zero)
        base = itlib.config_text(self.state_dir, UNITS, TASKS)
        for secret, expected in ((fifo, "FIFO"), (zero, "character device")):
            self.write_config(base + '\n[http]\nlisten = "127.0.0.1:%d"\nstatus_token_file = %s\n'
                              % (itlib.free_port(), itlib.toml_str(secret)))
            for command in (["check"], ["run", "--now", START]):  # --once runs no listener
                self.assert_clear_failure(command + ["--config", self.config_path], expected)
        pages = os.path.join(self.tmp, "pages")
        shutil.copytree(os.path.join(itlib.SOURCE_DIR, "config", "templates"), pages)
        os.remove(os.path.join(pages, "status.html.mustache"))
        os.mkfifo(os.path.join(pages, "status.html.mustache"))
        self.write_config(base + "\n[pages]\ntemplates_dir = %s\n" % itlib.toml_str(pages))
        self.assert_clear_failure(["check", "--config", self.config_path], "status.html.mustache.*FIFO")

    def test_09_read_only_commands_read_an_outbox_they_cannot_write(self):
        prefix = self.read_only_state_dir()
        config = ["--config", self.config_path]
        listed = subprocess.run(prefix + [itlib.BINARY, "outbox", "--format", "json"] + config, capture_output=True,
                                text=True, timeout=20)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        rows = json.loads(listed.stdout)
        self.assertEqual([row["state"] for row in rows if row["stage"] == "before-10"], ["sent"], rows)
        # One line: read as it is on disk, without the log a running daemon writes.
        warnings = [line for line in listed.stderr.splitlines() if "may not show" in line]
        self.assertEqual(len(warnings), 1, listed.stderr)
        self.assertIn("outbox: warning: ", warnings[0])
        for command in (["report"], ["agenda"], ["plan"], ["outbox", "--state", "sent"]):
            answered = subprocess.run(prefix + [itlib.BINARY] + command + config, capture_output=True, text=True,
                                      timeout=20)
            self.assertEqual(answered.returncode, 0, "%s\n%s" % (command, answered.stderr))
            self.assertNotIn("terminate called", answered.stderr)
        # What must write still fails, and says why.
        for command in (["done", "--plan", "kstthc-2022", "--task", "I.1", "--unit", "stp"],
                        ["undo", "--plan", "kstthc-2022", "--task", "I.1", "--unit", "stp"]):
            refused = subprocess.run(prefix + [itlib.BINARY] + command + config, capture_output=True, text=True,
                                     timeout=20)
            self.assertEqual(refused.returncode, 1, "%s\n%s" % (command, refused.stderr))
            self.assertRegex(refused.stderr, "read-only file system|permission denied|readonly", command)
        self.assertFalse([name for name in os.listdir(self.state_dir) if name.endswith(("-shm", "-wal"))],
                         "nothing was written beside the outbox")

    def test_10_a_dry_run_compaction_reads_an_outbox_it_cannot_write(self):
        prefix = self.read_only_state_dir()
        config = ["--config", self.config_path]
        counted = subprocess.run(prefix + [itlib.BINARY, "outbox", "compact", "--dry-run"] + config,
                                 capture_output=True, text=True, timeout=20)
        self.assertEqual(counted.returncode, 0, counted.stderr)
        self.assertRegex(counted.stdout, "^would compact .*; nothing changed\n$")
        self.assertNotIn("terminate called", counted.stderr)
        # Compacting itself must write: it fails and says why.
        compacted = subprocess.run(prefix + [itlib.BINARY, "outbox", "compact"] + config, capture_output=True,
                                   text=True, timeout=20)
        self.assertNotEqual(compacted.returncode, 0, compacted.stdout)
        self.assertRegex(compacted.stderr, "(?i)read-only file system|permission denied|readonly")
        self.assertNotIn("terminate called", compacted.stderr)
        self.assertFalse([name for name in os.listdir(self.state_dir) if name.endswith(("-shm", "-wal"))],
                         "nothing was written beside the outbox")

    def test_11_read_only_commands_leave_a_writable_state_directory_as_they_found_it(self):
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS))
        self.run_once()

        def listing():
            found = {}
            for directory, _, files in os.walk(self.state_dir):
                for name in files:
                    path = os.path.join(directory, name)
                    found[os.path.relpath(path, self.state_dir)] = os.stat(path).st_size
            return found

        before = listing()
        self.assertIn("outbox.sqlite", before)
        for command in (["outbox"], ["outbox", "--compacted"], ["agenda"], ["plan"], ["report"],
                        ["outbox", "compact", "--dry-run"]):
            code, err = self.cli(command + ["--config", self.config_path])
            self.assertEqual(code, 0, "%s\n%s" % (command, err))
            self.assertEqual(listing(), before, command)
        # Beside a running daemon its log and shared memory stay.
        daemon = self.start_daemon()
        self.wait_started(daemon)
        log_files = [os.path.join(self.state_dir, "outbox.sqlite" + suffix) for suffix in ("-wal", "-shm")]
        self.assertTrue(all(os.path.exists(path) for path in log_files), os.listdir(self.state_dir))
        for command in (["outbox"], ["report"], ["outbox", "compact", "--dry-run"]):
            code, err = self.cli(command + ["--config", self.config_path])
            self.assertEqual(code, 0, "%s\n%s" % (command, err))
            self.assertTrue(all(os.path.exists(path) for path in log_files), command)
        self.assertTrue(daemon.alive(), self.diagnostics())


if __name__ == "__main__":
    itlib.main()
