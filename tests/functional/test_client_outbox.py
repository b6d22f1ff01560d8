"""The outbox, on both servers: a message xchat sends stays pending (in
history.db and in its event) until the server has taken it; one lost
with the link, or written while the link is down, goes again after the
next login, with its first id and a <delay/>, and arrives once; a
process killed with messages pending sends them at its next start; what
`xchat -e` failed to send and reported is never sent later."""
import os
import shutil
import sqlite3

from fakeserver import FakeServer
from peers import SlixPeer
from tcpproxy import Proxy
from xclient import Home, Probe, fingerprint, home_for, online_probe, run_xchat

QUICK_DEAD_LINK = "[connection]\nping_interval = 10\nping_timeout = 3\n"


def outgoing(home, account_jid):
    """(body, pending, error) of our messages, in the order they were written."""
    db = sqlite3.connect(home.history_db)
    try:
        return db.execute("SELECT body, pending, error FROM messages WHERE account = ? "
                          "AND outgoing = 1 ORDER BY id", (account_jid,)).fetchall()
    finally:
        db.close()


def proxied_home(tmp_path, server, jid, proxy):
    home = Home(tmp_path / "a")
    home.add_account("me", jid, proxy.host, proxy.port)
    with open(home.config, "a") as f:
        f.write(QUICK_DEAD_LINK)
    return home


def bodies_until(peer, last):
    """Bodies `peer` receives up to and including `last`."""
    got = []
    while not got or got[-1] != last:
        got.append(peer.wait_message()["body"])
    return got


def test_pending_until_the_server_takes_it(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    with SlixPeer(server, b_jid, b_pw) as b, online_probe(server, home, a_pw) as probe:
        assert probe.run(f"/msg {b_jid} one")[0] == 0
        m = probe.wait_ev("message", body="one", outgoing=True)
        assert m["pending"] is True
        probe.wait_ev("acked", id=m["id"], peer=b_jid)
        assert b.wait_message()["body"] == "one"
    assert outgoing(home, a_jid) == [("one", 0, None)]


def test_lost_with_the_link_then_sent_again_once(server, tmp_path):
    """The link dies silently (frozen proxy): what is written meanwhile is
    pending, not failed; the unanswered ask drops the link, and after the
    next login it goes again, stamped, and arrives once."""
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    proxy = Proxy(server.host, server.port)
    home = proxied_home(tmp_path, server, a_jid, proxy)
    try:
        with SlixPeer(server, b_jid, b_pw) as b, online_probe(server, home, a_pw) as probe:
            assert probe.run(f"/msg {b_jid} before")[0] == 0
            probe.wait_ev("acked")
            assert b.wait_message()["body"] == "before"
            proxy.freeze()
            assert probe.run(f"/msg {b_jid} into the void")[0] == 0
            lost = probe.wait_ev("message", body="into the void", pending=True)
            probe.wait_ev("conn", state="waiting", timeout=60)
            # written while reconnecting: waits instead of failing
            assert probe.run(f"/msg {b_jid} while down")[0] == 0
            down = probe.wait_ev("message", body="while down", pending=True)
            probe.wait_all(("acked", {"id": lost["id"]}), ("acked", {"id": down["id"]}),
                           timeout=90)
            got = b.wait_message()
            assert got["body"] == "into the void" and got["id"] == lost["id"]
            delay = got.xml.find("{urn:xmpp:delay}delay")
            assert delay is not None and delay.get("stamp")   # when it was written
            assert b.wait_message()["body"] == "while down"
            assert probe.run(f"/msg {b_jid} last")[0] == 0
            assert bodies_until(b, "last") == ["last"]  # nothing twice
    finally:
        proxy.close()
    assert outgoing(home, a_jid) == [("before", 0, None), ("into the void", 0, None),
                                     ("while down", 0, None), ("last", 0, None)]


def test_killed_with_messages_pending(server, tmp_path):
    """kill -9 while the server has not taken a message: the next start
    sends it."""
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    proxy = Proxy(server.host, server.port)
    home = proxied_home(tmp_path, server, a_jid, proxy)
    try:
        with SlixPeer(server, b_jid, b_pw) as b:
            probe = online_probe(server, home, a_pw)
            proxy.freeze()
            assert probe.run(f"/msg {b_jid} pending at the kill")[0] == 0
            probe.wait_ev("message", body="pending at the kill", pending=True)
            probe.proc.kill()
            probe.proc.wait()
            assert outgoing(home, a_jid) == [("pending at the kill", 1, None)]
            with online_probe(server, home, a_pw) as again:
                again.wait_ev("acked", timeout=60)
                assert again.run(f"/msg {b_jid} after restart")[0] == 0
                assert bodies_until(b, "after restart") == ["pending at the kill",
                                                            "after restart"]
    finally:
        proxy.close()
    assert outgoing(home, a_jid) == [("pending at the kill", 0, None),
                                     ("after restart", 0, None)]


def test_script_failure_is_never_sent_later(tmp_path):
    """`xchat -e` whose message the server never confirms (it takes the
    message, then answers nothing) exits 75, and the message is marked not
    sent: the next login, interactive, does not send it behind the user's
    back."""
    mute = FakeServer(tmp_path / "mute", answer_pings=False)
    home = Home(tmp_path / "h")
    home.add_account("me", mute.jid, mute.host, mute.port)
    try:
        r = run_xchat(home, "me", "pw", "/msg bob@localhost from the script",
                      trust=fingerprint(mute.cafile), timeout=5)
        assert r.returncode == 75, r.stderr
        assert "did not confirm" in r.stderr
        mute.wait_stanza(lambda e: e.tag.endswith("}message"), "the message")
    finally:
        mute.close()
    assert outgoing(home, mute.jid) == [("from the script", 0, "not-sent")]
    fine = FakeServer(tmp_path / "fine")
    # another certificate for the same domain: forget the first one's pin
    shutil.rmtree(os.path.join(home.data_dir, "xchat", "trust"), ignore_errors=True)
    home.add_account("me", fine.jid, fine.host, fine.port)
    try:
        with Probe(home, "me", "pw", trust=fingerprint(fine.cafile)) as probe:
            probe.online()
            assert probe.run("/msg bob@localhost later")[0] == 0
            first = fine.wait_stanza(lambda e: e.tag.endswith("}message") and
                                     e.find("{jabber:client}body") is not None, "a message")
            assert first.find("{jabber:client}body").text == "later"
    finally:
        fine.close()
