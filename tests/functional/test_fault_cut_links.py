"""Nothing lost, nothing twice (issue #7's fault scenarios), on both
servers: two xchat cores exchange 2,000 messages, a thousand each way,
while a TCP proxy resets their links again and again (each after a second at least); and a receiver is
killed with kill -9 in the middle of a stream of messages and started
again. Afterwards every message is in each side's history exactly once,
in the order it was written. What makes it so: the sender's outbox
(pending until the server answers, sent again after each login), the
receiver's archive catch-up (XEP-0313) and de-duplication by origin-id.

Order is checked by what the history orders by, the timestamps. They come
from three clocks of one machine: the receiver's (live messages), the
server's (offline storage, the archive) and the sender's (a message sent
again carries when it was first written). So a message may sit a moment
before the one written just ahead of it; never by more than CLOCKS_S."""
import sqlite3
import threading
import time

from tcpproxy import Proxy
from xclient import Home, fingerprint, Probe

EACH = 1000            # messages each way in the cut-link scenario
CLOCKS_S = 1.0         # see above
LINK_LIFE = 1.0        # seconds a link lives at least before it is cut
SETTLE = 240           # seconds everything may take to arrive, a liveness bound


def probe_via(tmp_path, name, jid, pw, server, proxy):
    home = Home(tmp_path / name)
    home.add_account("me", jid, proxy.host if proxy else server.host,
                     proxy.port if proxy else server.port)
    with open(home.config, "a") as f:   # many cuts must not grow the back-off to minutes
        f.write("[connection]\nreconnect_max = 5\n")
    return home, started(home, pw, server)


def started(home, pw, server):
    """A probe logged in whose first catch-up is over: from then on the
    archive's cursor follows what it stores."""
    probe = Probe(home, "me", pw, trust=fingerprint(server.cafile))
    probe.online()
    probe.wait_ev("caught_up", complete=True)
    return probe


def history(home, account):
    """(peer, outgoing, body, ts, pending) of each message, in history order."""
    db = sqlite3.connect(home.history_db, timeout=30)
    try:
        return db.execute("SELECT peer, outgoing, body, ts, pending FROM messages "
                          "WHERE account = ? ORDER BY ts, id", (account,)).fetchall()
    finally:
        db.close()


def settled(home, account, peer, sent, received):
    rows = history(home, account)
    out = [r for r in rows if r[1] and r[0] == peer]
    inc = [r for r in rows if not r[1] and r[0] == peer]
    return len(out) == sent and not any(r[4] for r in out) and len(inc) >= received


def wait_settled(*sides):
    """Until every side has everything, or SETTLE seconds; the checks that
    follow then say what is missing."""
    deadline = time.monotonic() + SETTLE
    while time.monotonic() < deadline and not all(settled(*s) for s in sides):
        time.sleep(0.5)


def check_once_in_order(rows, prefix, count):
    """Bodies "PREFIX N" for N in 0..count-1, each once, in order within
    CLOCKS_S (see the module's text)."""
    seen = [(int(b.split()[-1]), ts) for _, _, b, ts, _ in rows if b.startswith(prefix + " ")]
    numbers = sorted(n for n, _ in seen)
    assert numbers == list(range(count)), (
        f"{prefix}: missing {sorted(set(range(count)) - set(numbers))[:20]}, "
        f"twice {sorted(n for n in set(numbers) if numbers.count(n) > 1)[:20]}")
    latest = {}
    for n, ts in seen:   # history order
        later_written = [m for m in latest if m > n]
        for m in later_written:
            assert latest[m] - ts <= CLOCKS_S * 1e6, (
                f"{prefix} {m} shows {(latest[m] - ts) / 1e6:.3f} s before {prefix} {n}")
        latest[n] = ts


def test_two_thousand_messages_across_cut_links(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    pa, pb = Proxy(server.host, server.port), Proxy(server.host, server.port)
    a_home, a = probe_via(tmp_path, "a", a_jid, a_pw, server, pa)
    b_home, b = probe_via(tmp_path, "b", b_jid, b_pw, server, pb)
    stop = threading.Event()
    cuts = []

    def cutter():
        # alternately one side, the other, both: 0.7 s apart, each link
        # given LINK_LIFE first (a loaded machine may need that to log in;
        # cut sooner, no login would ever finish)
        k = 0
        while not stop.wait(0.7):
            which = (pa,) if k % 3 == 0 else (pb,) if k % 3 == 1 else (pa, pb)
            cuts.append(sum(p.cut(LINK_LIFE) for p in which))
            k += 1
    t = threading.Thread(target=cutter, daemon=True)
    try:
        t.start()
        for i in range(EACH):
            assert a.run(f"/msg {b_jid} a->b {i}", timeout=60)[0] == 0
            assert b.run(f"/msg {a_jid} b->a {i}", timeout=60)[0] == 0
            time.sleep(0.01)
        stop.set()
        t.join()
        assert sum(cuts) >= 5, cuts   # the links were really cut
        wait_settled((a_home, a_jid, b_jid, EACH, EACH), (b_home, b_jid, a_jid, EACH, EACH))
        a.stop()
        b.stop()
    finally:
        stop.set()
        for p in (a, b):
            if p.alive():
                p.proc.kill()
            elif p.proc.returncode:
                print("probe died", p.proc.returncode, p.proc.stderr.read()[-3000:])
        pa.close()
        pb.close()
    for home, jid, mine, theirs in ((a_home, a_jid, "a->b", "b->a"),
                                    (b_home, b_jid, "b->a", "a->b")):
        rows = history(home, jid)
        assert not any(r[4] for r in rows), "still pending"
        check_once_in_order([r for r in rows if r[1]], mine, EACH)
        check_once_in_order([r for r in rows if not r[1]], theirs, EACH)


def test_receiver_killed_and_restarted(server, tmp_path):
    """b is killed with kill -9 twice while a sends 300 messages; what b
    did not get live comes from offline storage and the archive at its
    next start, once each."""
    n = 300
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    a_home, a = probe_via(tmp_path, "a", a_jid, a_pw, server, None)
    b_home, b = probe_via(tmp_path, "b", b_jid, b_pw, server, None)
    try:
        for i in range(n):
            assert a.run(f"/msg {b_jid} a->b {i}")[0] == 0
            if i in (n // 3, 2 * n // 3):
                b.proc.kill()
                b.proc.wait()
                if i == n // 3:   # back at once the first time, later the second
                    b = started(b_home, b_pw, server)
        b = started(b_home, b_pw, server)
        wait_settled((a_home, a_jid, b_jid, n, 0), (b_home, b_jid, a_jid, 0, n))
        a.stop()
        b.stop()
    finally:
        for p in (a, b):
            if p.alive():
                p.proc.kill()
    assert not any(r[4] for r in history(a_home, a_jid)), "still pending"
    check_once_in_order([r for r in history(b_home, b_jid) if not r[1]], "a->b", n)
    check_once_in_order([r for r in history(a_home, a_jid) if r[1]], "a->b", n)
