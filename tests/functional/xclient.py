"""Driving xchat itself from the scenarios.

run_xchat() runs `xchat -e …` for an account on a server under test, with
its own XDG folders, and returns the finished process. Probe runs the
interactive core (tests/functional/xchat-probe) and lets a scenario send
command lines and wait for the events it prints, one JSON object a line.
Waits are bounded liveness limits, never speed assertions.
"""
import hashlib
import json
import os
import queue
import ssl
import subprocess
import threading
import time

from conftest import XCHAT

PROBE = os.environ.get("XCHAT_PROBE") or os.path.join(
    os.path.dirname(XCHAT), "..", "tests", "functional", "xchat-probe")
WAIT = 30        # seconds an expected event may take before the test fails
RUN_LIMIT = 60   # seconds an `xchat -e` run may take before the test fails


def fingerprint(cafile):
    """SHA-256 of a PEM certificate's DER form, 64 lower-case hex digits."""
    with open(cafile) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    return hashlib.sha256(der).hexdigest()


class Home:
    """A user's folders: config, data (history, trust pins)."""

    def __init__(self, path):
        self.path = str(path)
        self.config_dir = os.path.join(self.path, "config")
        self.data_dir = os.path.join(self.path, "data")
        os.makedirs(os.path.join(self.config_dir, "xchat"), exist_ok=True)
        os.makedirs(self.data_dir, exist_ok=True)
        self.config = os.path.join(self.config_dir, "xchat", "xchat.conf")
        self.accounts = {}

    def add_account(self, name, jid, host, port, **extra):
        self.accounts[name] = dict(jid=jid, server=host, port=port, **extra)
        with open(self.config, "w") as f:
            for n, a in self.accounts.items():
                f.write(f"[account {n}]\n")
                for k, v in a.items():
                    f.write(f"{k} = {v}\n")
        return name

    def env(self, password=None, **extra):
        env = dict(os.environ)
        env.pop("XCHAT_PASSWORD", None)
        env.update(XDG_CONFIG_HOME=self.config_dir, XDG_DATA_HOME=self.data_dir)
        if password is not None:
            env["XCHAT_PASSWORD"] = password
        env.update(extra)
        return env

    @property
    def history_db(self):
        return os.path.join(self.data_dir, "xchat", "history.db")


def home_for(tmp_path, server, jid, name="me"):
    h = Home(tmp_path / name)
    h.add_account(name, jid, server.host, server.port)
    return h


def run_xchat(home, account, password, *commands, trust=None, stdin=None, args=(),
              timeout=None, env=None):
    """Runs xchat -a ACCOUNT -e CMD… and returns the CompletedProcess."""
    argv = [XCHAT, "-a", account]
    for c in commands:
        argv += ["-e", c]
    if trust:
        argv += ["--trust", trust]
    if timeout:
        argv += ["--timeout", str(timeout)]
    argv += list(args)
    e = home.env(password, **(env or {}))
    return subprocess.run(argv, input=stdin if stdin is not None else "", text=True,
                          capture_output=True, env=e, timeout=RUN_LIMIT)


def xchat_e(server, home, account, password, *commands, **kw):
    """run_xchat trusting the server's certificate."""
    return run_xchat(home, account, password, *commands, trust=fingerprint(server.cafile),
                     **kw)


class ProbeError(AssertionError):
    pass


class Probe:
    """The interactive core for one account, driven by command lines."""

    def __init__(self, home, account, password, trust=None, more=()):
        """`more`: further (account, password) pairs connected at once."""
        argv = [PROBE, "-c", home.config, "-a", account]
        env = {}
        for name, pw in more:
            argv += ["-a", name]
            env[f"XCHAT_PASSWORD_{name.upper()}"] = pw
        if trust:
            argv += ["--trust", trust]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True,
                                     env=home.env(password, **env))
        self.lines = queue.Queue()
        self.seen = []
        self.backlog = []  # events that arrived while run() waited for a command
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                self.lines.put({"bad": line})
        self.lines.put(None)

    def wait(self, pred, timeout=WAIT, what="event"):
        """The next item for which pred(item) is true; others are dropped,
        except those run() set aside, which are looked at first."""
        for i, item in enumerate(self.backlog):
            if pred(item):
                del self.backlog[:i + 1]
                return item
        self.backlog.clear()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProbeError(f"no {what} within {timeout}s; seen: {self.seen[-15:]}")
            try:
                item = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if item is None:
                raise ProbeError(f"probe exited ({self.proc.wait()}) waiting for {what}; "
                                 f"stderr: {self.proc.stderr.read()}; seen: {self.seen[-15:]}")
            self.seen.append(item)
            if pred(item):
                return item

    def wait_ev(self, ev, timeout=WAIT, **match):
        return self.wait(lambda i: i.get("ev") == ev and all(i.get(k) == v for k, v in
                                                              match.items()),
                         timeout, f"{ev} {match}")

    def wait_all(self, *specs, timeout=WAIT):
        """Waits until each (ev, match) spec has been seen, in any order, and
        returns the events in the order of the specs. Servers may order, for
        instance, a roster push and the presence that caused it either way
        (RFC 6121 does not fix it)."""
        pending = list(enumerate(specs))
        found = [None] * len(specs)

        def pred(item):
            for k, (n, (ev, match)) in enumerate(pending):
                if item.get("ev") == ev and all(item.get(x) == v for x, v in match.items()):
                    found[n] = item
                    del pending[k]
                    break
            return not pending
        self.wait(pred, timeout, f"all of {specs}")
        return found

    def online(self):
        return self.wait_ev("conn", state="online")

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def run(self, line, timeout=WAIT):
        """Sends a command and returns (code, output lines) when it is done."""
        self.send(line)
        out = []
        kept = list(self.backlog)
        self.backlog.clear()

        def command_output(i):
            if "done" in i or "out" in i or "err" in i:
                return True
            kept.append(i)  # an event: keep it for a later wait()
            return False
        while True:
            item = self.wait(command_output, timeout, f"completion of {line}")
            if "done" in item:
                self.backlog = kept
                return item["done"], out
            out.append(item.get("out") or item.get("text"))

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """Quits the probe; a crash or a sanitizer report fails the test."""
        if self.proc.poll() is None:
            try:
                self.send("!quit")
                self.proc.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
                raise ProbeError("the probe did not quit within 10 s")
        err = self.proc.stderr.read()
        if self.proc.returncode != 0 or "Sanitizer" in err:
            raise ProbeError(f"the probe exited with {self.proc.returncode}: {err[-3000:]}")
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def online_probe(server, home, password, account="me"):
    """A Probe for `account` on `server`, trusting its certificate, once it
    is logged in."""
    probe = Probe(home, account, password, trust=fingerprint(server.cafile))
    try:
        probe.online()
    except Exception:
        probe.proc.kill()
        raise
    return probe
