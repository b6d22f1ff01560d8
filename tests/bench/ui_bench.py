"""`make bench-ui`: the terminal UI side by side with Profanity, in one run,
both in tmux against the same embedded server and the same account, whose
roster holds 2,000 contacts (in 10 groups, all offline).

For each client it prints:
  - the time from launch to the roster drawn (the first contact on screen),
  - the resident memory after login (VmRSS, once the roster is drawn),
  - the CPU seconds used while idle for 60 s (both idle at the same time),
  - the CPU seconds used to receive and draw 10,000 messages sent to its
    own resource by a slixmpp peer, with the sender's window on screen,
    until the last one is drawn (sent 500 at a time, each batch once the
    one before is on screen).
and xchat's share of Profanity's figure (the target is at most 1/2).
Nothing is asserted: figures depend on the machine. Screens are polled
every 20 ms, so times carry that much error.

    ui_bench.py [--idle SECONDS] [--messages N] [--contacts N]
"""
import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "functional"))
import conftest  # noqa: E402
from peers import SlixPeer  # noqa: E402
from xclient import fingerprint  # noqa: E402

ACCOUNT, PASSWORD = "bench", "bench-pass"
SENDER = "sender"
TICKS = os.sysconf("SC_CLK_TCK")
LIMIT = 600  # seconds any one wait may take: a liveness bound, not a figure
CHUNK = 500  # messages sent before waiting for the last of them on screen


class Client:
    """One client in a tmux window of its own."""

    def __init__(self, name, tmux, argv, env):
        self.name, self.tmux = name, tmux
        script = " ".join(f"{k}='{v}'" for k, v in env.items())
        self.t0 = time.monotonic()
        tmux("new-window", "-d", "-n", name, f"env -i {script} {argv}; sleep 3600")
        self.pid = None

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait(self, text, what):
        deadline = time.monotonic() + LIMIT
        while text not in self.screen():
            if time.monotonic() > deadline:
                sys.exit(f"{self.name} never showed {what}:\n{self.screen()}")
            time.sleep(0.02)
        return time.monotonic()

    def find_pid(self, comm):
        shell = self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip()
        out = subprocess.run(["ps", "--ppid", shell, "-o", "pid=,comm="], capture_output=True,
                             text=True).stdout
        self.pid = next(int(l.split()[0]) for l in out.splitlines() if comm in l)

    def cpu(self):
        """CPU seconds (user + system, every thread) used so far."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_kib(self):
        with open(f"/proc/{self.pid}/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))

    def keys(self, text):
        self.tmux("send-keys", "-t", self.name, "-l", text)
        self.tmux("send-keys", "-t", self.name, "Enter")


def fill_roster(srv, n):
    p = SlixPeer(srv, f"{ACCOUNT}@localhost", PASSWORD, resource="setup").start()

    async def fill():
        await asyncio.gather(*[p.client.update_roster(f"c{i:04d}@localhost", name=f"c{i:04d}",
                                                      groups=[f"group{i % 10}"])
                               for i in range(n)])
    p.call(fill)
    p.stop()


def sender(srv):
    return SlixPeer(srv, f"{SENDER}@localhost", PASSWORD, resource="burst").start()


def send_range(peer, to, first, last):
    """Sends messages first..last to `to`; message i says "m<i> of …"."""
    def burst():
        for i in range(first, last + 1):
            peer.client.send_message(mto=to, mbody=f"m{i} of the benchmark burst", mtype="chat")
    peer.call(burst)


def xchat_client(tmux, d, srv):
    home = os.path.join(d, "xchat")
    os.makedirs(os.path.join(home, "config", "xchat"))
    with open(os.path.join(home, "config", "xchat", "xchat.conf"), "w") as f:
        f.write(f"[account bench]\njid = {ACCOUNT}@localhost\nserver = 127.0.0.1\n"
                f"port = {srv.port}\nresource = xchat\n")
    env = {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, "config"),
           "XDG_DATA_HOME": os.path.join(home, "data"), "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "XCHAT_PASSWORD": PASSWORD, "INPUTRC": "/dev/null",
           "PATH": os.environ["PATH"]}
    return Client("xchat", tmux, f"{conftest.XCHAT} -a bench --trust {fingerprint(srv.cafile)}",
                  env)


def profanity_client(tmux, d, srv):
    home = os.path.join(d, "profanity")
    os.makedirs(os.path.join(home, "data", "profanity"))
    os.makedirs(os.path.join(home, "config", "profanity"))
    with open(os.path.join(home, "data", "profanity", "accounts"), "w") as f:
        f.write(f"[{ACCOUNT}@localhost]\nenabled=true\njid={ACCOUNT}@localhost\n"
                f"server=127.0.0.1\nport={srv.port}\nresource=profanity\n"
                f"password={PASSWORD}\ntls.policy=trust\n")
    env = {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, "config"),
           "XDG_DATA_HOME": os.path.join(home, "data"), "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "PATH": os.environ["PATH"]}
    return Client("profanity", tmux, f"profanity -a {ACCOUNT}@localhost", env)


def launch(c, comm, results):
    drawn = c.wait("c0000", "the roster")
    c.find_pid(comm)
    results[c.name]["launch to roster drawn (s)"] = drawn - c.t0
    time.sleep(2)  # whatever login still does settles
    results[c.name]["RSS after login (KiB)"] = c.rss_kib()


def messages(c, srv, resource, n, results):
    """Sends in chunks, each once the one before is drawn: a client that
    falls behind a flood would otherwise lose its link (its pings go
    unanswered) and the figure would measure the reconnection."""
    c.keys(f"/msg {SENDER}@localhost")
    time.sleep(1)
    peer = sender(srv)
    before = c.cpu()
    for first in range(1, n + 1, CHUNK):
        last = min(first + CHUNK - 1, n)
        send_range(peer, f"{ACCOUNT}@localhost/{resource}", first, last)
        c.wait(f"m{last} of the benchmark", f"message {last}")
    results[c.name][f"CPU to receive and draw {n:,} messages (s)"] = c.cpu() - before
    peer.stop()


def table(results):
    rows = list(results["xchat"].keys())
    print(f"\n{'':44} {'xchat':>10} {'Profanity':>10} {'ratio':>7}")
    for r in rows:
        x, p = results["xchat"][r], results["profanity"][r]
        ratio = f"{x / p:.2f}" if p else "-"
        fmt = "{:>10.0f}" if "KiB" in r else "{:>10.3f}"
        print(f"{r:44} {fmt.format(x)} {fmt.format(p)} {ratio:>7}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--idle", type=int, default=60)
    ap.add_argument("--messages", type=int, default=10000)
    ap.add_argument("--contacts", type=int, default=2000)
    args = ap.parse_args()
    if not shutil.which("profanity") or not shutil.which("tmux"):
        sys.exit("make bench-ui needs profanity and tmux (apt-get install profanity tmux)")
    d = tempfile.mkdtemp(prefix="xchat-bench-ui-")
    os.makedirs(os.path.join(d, "server"))
    srv = conftest.XchatServer(os.path.join(d, "server")).start()
    sock = os.path.join(d, "tmux.sock")

    def tmux(*a):
        return subprocess.run(["tmux", "-S", sock, *a], capture_output=True, text=True,
                              check=True).stdout
    try:
        for user in (ACCOUNT, SENDER):
            srv.add_user(user, PASSWORD)
        fill_roster(srv, args.contacts)
        tmux("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", "120", "-y", "40")
        tmux("set-option", "-g", "status", "off")
        results = {"xchat": {}, "profanity": {}}
        x = xchat_client(tmux, d, srv)
        launch(x, "xchat", results)
        p = profanity_client(tmux, d, srv)
        launch(p, "profanity", results)
        before = {c.name: c.cpu() for c in (x, p)}
        time.sleep(args.idle)
        for c in (x, p):
            results[c.name][f"CPU while idle for {args.idle} s (s)"] = c.cpu() - before[c.name]
        messages(x, srv, "xchat", args.messages, results)
        messages(p, srv, "profanity", args.messages, results)
        print(f"{args.contacts:,} contacts; embedded server on 127.0.0.1:{srv.port}")
        table(results)
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], capture_output=True)
        srv.stop()
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
