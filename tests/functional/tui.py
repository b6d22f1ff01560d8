"""Driving the real xchat binary in a real terminal: tmux.

Screen runs a command in a detached tmux session on a private tmux server
(its own socket, so nothing else on the machine can interfere), sends keys
and reads the screen with `capture-pane -p`. With notify=True the command
runs under dbus-run-session with the recording notification service of
tests/notify, so a scenario can read which notifications were shown.

Waits are bounded liveness limits, never speed assertions.
"""
import json
import os
import shlex
import shutil
import signal
import subprocess
import time

from conftest import SRCDIR

WAIT = 30  # seconds a screen may take to show what a scenario waits for
NOTIFYD = os.path.join(SRCDIR, "tests", "notify", "fake_notifyd.py")
BUS_CONF = os.path.join(SRCDIR, "tests", "notify", "session.conf")


class ScreenTimeout(AssertionError):
    pass


class Screen:
    def __init__(self, workdir, argv, env, cols=100, rows=30, notify=False):
        self.env = None
        self.workdir = str(workdir)
        os.makedirs(self.workdir, exist_ok=True)
        self.socket = os.path.join(self.workdir, "tmux.sock")
        self.notify_log = os.path.join(self.workdir, "notify.log")
        self.done_file = os.path.join(self.workdir, "done")
        inner = " ".join(shlex.quote(a) for a in argv)
        # after xchat: its status and the terminal's modes, for the checks
        # that the terminal was given back as it was
        script = f"{inner}; echo \"EXIT=$?\" > {shlex.quote(self.done_file)}; " \
                 f"stty -a >> {shlex.quote(self.done_file)}; exec sleep 300"
        if notify:
            ready = os.path.join(self.workdir, "notify.ready")
            script = (f"/usr/bin/python3 {shlex.quote(NOTIFYD)} {shlex.quote(self.notify_log)} "
                      f"{shlex.quote(ready)} --lifetime=600 & "
                      f"i=0; while [ ! -e {shlex.quote(ready)} ] && [ $i -lt 100 ]; do "
                      f"sleep 0.1; i=$((i+1)); done; " + script)
            cmd = ["dbus-run-session", f"--config-file={BUS_CONF}", "--", "sh", "-c", script]
        else:
            cmd = ["sh", "-c", script]
        # the tmux server and so the session get exactly this environment
        self.env = dict(env)
        self.env.setdefault("TERM", "xterm-256color")
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "ui", "-x", str(cols),
                  "-y", str(rows), "--", *cmd)
        self.tmux("set-option", "-g", "status", "off")

    # -- tmux -------------------------------------------------------------
    def tmux(self, *args, check=True):
        r = subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True,
                           timeout=30, env=self.env)
        if check and r.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {r.stderr}")
        return r.stdout

    def text(self):
        """What the terminal shows, one string per row."""
        return self.tmux("capture-pane", "-p", "-t", "ui").rstrip("\n").split("\n")

    def dump(self):
        return "\n".join(self.text())

    def send(self, *keys):
        """tmux key names: "Enter", "Tab", "M-1", "M-Left", "PPage" …"""
        self.tmux("send-keys", "-t", "ui", *keys)

    def type(self, text):
        self.tmux("send-keys", "-t", "ui", "-l", "--", text)   # text may start with -

    def paste(self, text):
        """A paste the way a terminal delivers it when the application asked
        for bracketed paste."""
        self.tmux("set-buffer", "-b", "p", text)
        self.tmux("paste-buffer", "-p", "-d", "-b", "p", "-t", "ui")

    def resize(self, cols, rows):
        self.tmux("resize-window", "-t", "ui", "-x", str(cols), "-y", str(rows))

    def size(self):
        out = self.tmux("display-message", "-p", "-t", "ui", "#{pane_width} #{pane_height}")
        w, h = out.split()
        return int(w), int(h)

    def pane(self, fmt):
        return self.tmux("display-message", "-p", "-t", "ui", fmt).strip()

    # -- waiting ----------------------------------------------------------
    def wait(self, pred, what, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while True:
            rows = self.text()
            if pred(rows):
                return rows
            if time.monotonic() > deadline:
                raise ScreenTimeout(f"screen never showed {what}; it shows:\n" + "\n".join(rows))
            time.sleep(0.1)

    def wait_text(self, text, timeout=WAIT):
        return self.wait(lambda rows: any(text in r for r in rows), repr(text), timeout)

    def wait_gone(self, text, timeout=WAIT):
        return self.wait(lambda rows: not any(text in r for r in rows), f"no {text!r}", timeout)

    def wait_exit(self, timeout=WAIT):
        """xchat's exit status and the terminal's modes afterwards."""
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.done_file) or "EXIT=" not in open(self.done_file).read() \
                or "speed" not in open(self.done_file).read():
            if time.monotonic() > deadline:
                raise ScreenTimeout("xchat did not exit; screen:\n" + self.dump())
            time.sleep(0.1)
        text = open(self.done_file).read()
        code = int(text.split("EXIT=")[1].split()[0])
        return code, text

    def quit(self):
        """Types /quit; returns xchat's exit status and the terminal's modes."""
        self.type("/quit")
        self.send("Enter")
        return self.wait_exit()

    def notifications(self):
        try:
            with open(self.notify_log, encoding="utf-8") as f:
                return [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []

    def wait_notification(self, pred, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while True:
            for n in self.notifications():
                if n.get("method") == "Notify" and pred(n):
                    return n
            if time.monotonic() > deadline:
                raise ScreenTimeout(f"no such notification; got {self.notifications()}")
            time.sleep(0.1)

    def close(self):
        # SIGTERM to the pane's whole process group first: closing the pty
        # only sends SIGHUP, which dbus-daemon takes as "reload" and
        # outlives
        try:
            os.killpg(int(self.pane("#{pane_pid}")), signal.SIGTERM)
        except (OSError, ValueError, RuntimeError):
            pass
        self.tmux("kill-server", check=False)



def tmux_available():
    return shutil.which("tmux") is not None and shutil.which("dbus-run-session") is not None
