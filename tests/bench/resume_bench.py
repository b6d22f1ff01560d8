"""`make bench-resume`: what getting back after a lost link costs, on the
embedded server and on Prosody (mod_smacks, mod_mam) in one run.

- resume: a raw client with stream management resumed (XEP-0198) while
  MESSAGES messages waited for it: from the new TCP connection to the last
  of them, through TLS, SASL and <resume/>; the median of RUNS runs.
- catch-up: xchat's interactive core (the test probe) logs in after
  CATCHUP messages arrived while it was away: from its start until all of
  them are in history.db, from offline storage and the archive (XEP-0313)
  together, de-duplicated. One run each.

Nothing is asserted; the ratio column is xchat / Prosody (below 1: the
embedded server is faster).
"""
import os
import sqlite3
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "functional"))
import bench  # noqa: E402  (Prosody as the client benchmark starts it)
import conftest  # noqa: E402
from rawxmpp import Client  # noqa: E402
from test_server_sm import SM, SmClient  # noqa: E402
from xclient import Home, Probe, fingerprint  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
MESSAGES = int(os.environ.get("BENCH_RESUME_MESSAGES", "100"))
CATCHUP = int(os.environ.get("BENCH_CATCHUP", "10000"))
SETTLE = 600   # seconds a catch-up may take before the benchmark gives up


def resume_times(srv):
    a_jid, a_pw = srv.new_account("r")
    b_jid, b_pw = srv.new_account("s")
    b = Client(srv, b_jid, b_pw, presence=False)
    full = f"{a_jid}/bench"
    out = []
    for run in range(RUNS):
        a = SmClient(srv, a_jid, a_pw, resource="bench")
        previd, h = a.enabled.get("id"), a.h
        a.kill()
        for i in range(MESSAGES):
            b.send(f"<message to='{full}' type='chat'><body>{run}/{i}</body></message>")
        b.sync()
        t0 = time.monotonic()
        again = SmClient(srv, a_jid, a_pw, bind=False)
        again.authenticate()
        again.send(f"<resume xmlns='{SM}' previd='{previd}' h='{h}'/>")
        el = again.recv_until(lambda e: e.tag in (f"{{{SM}}}resumed", f"{{{SM}}}failed"))
        if not el.tag.endswith("resumed"):
            sys.exit(f"{srv.name}: resumption failed")
        again.messages(MESSAGES)
        out.append(time.monotonic() - t0)
        again.send(f"<a xmlns='{SM}' h='{again.h}'/></stream:stream>")
        again.wait_closed()
        again.close()
    b.close()
    return out


def incoming(home, jid):
    db = sqlite3.connect(home.history_db, timeout=30)
    try:
        return db.execute("SELECT count(*) FROM messages WHERE account = ? AND outgoing = 0",
                          (jid,)).fetchone()[0]
    finally:
        db.close()


def catchup_time(srv, d):
    a_jid, a_pw = srv.new_account("c")
    b_jid, b_pw = srv.new_account("t")
    home = Home(os.path.join(d, f"home-{srv.name}"))
    home.add_account("me", a_jid, srv.host, srv.port)
    trust = fingerprint(srv.cafile)
    b = Client(srv, b_jid, b_pw, presence=False)
    b.send(f"<message to='{a_jid}' type='chat'><body>seed</body></message>")
    b.sync()
    probe = Probe(home, "me", a_pw, trust=trust)   # the archive's cursor is set
    probe.online()
    probe.wait_ev("message", body="seed")
    probe.stop()
    for i in range(CATCHUP):
        b.send(f"<message to='{a_jid}' type='chat'><body>away {i}</body></message>")
    b.sync()
    b.close()
    t0 = time.monotonic()
    probe = Probe(home, "me", a_pw, trust=trust)
    try:
        while incoming(home, a_jid) < CATCHUP + 1:
            if time.monotonic() - t0 > SETTLE:
                sys.exit(f"{srv.name}: {incoming(home, a_jid) - 1} of {CATCHUP} after {SETTLE} s")
            time.sleep(0.05)
        return time.monotonic() - t0
    finally:
        probe.stop()


def main():
    d = tempfile.mkdtemp(prefix="xchat-resume-")
    xd = os.path.join(d, "xchat")
    os.makedirs(xd)
    conf = os.path.join(xd, "xchat.conf")
    with open(conf, "w") as f:   # every message kept offline, as Prosody does
        f.write("[server]\noffline_quota = 1000000\n")
    servers = [conftest.XchatServer(xd, args=["-c", conf]).start(),
               bench.start_prosody(os.path.join(d, "prosody-dir"))]
    try:
        rows = {}
        for srv in servers:
            r = resume_times(srv)
            rows[srv.name] = (statistics.median(r), catchup_time(srv, d))
    finally:
        for srv in servers:
            conftest.stop(srv.proc)
    x, p = rows["xchat"], rows["prosody"]
    print(f"{'':40}{'xchat':>10}{'prosody':>10}{'ratio':>8}")
    print(f"{f'resume, {MESSAGES} waiting (median of {RUNS}), ms':40}"
          f"{x[0] * 1000:10.1f}{p[0] * 1000:10.1f}{x[0] / p[0]:8.2f}")
    print(f"{f'catch-up of {CATCHUP} messages, s':40}{x[1]:10.2f}{p[1]:10.2f}{x[1] / p[1]:8.2f}")


if __name__ == "__main__":
    main()
