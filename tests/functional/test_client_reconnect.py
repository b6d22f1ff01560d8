"""Reconnection: after the link breaks, the interactive core logs in again
by itself and restores its presence (show and status) and its roster; a
contact sees the same presence as before. After the embedded server is
killed with kill -9 and restarted, the core comes back and loses and
repeats nothing."""
from peers import SlixPeer
from xclient import home_for, online_probe


def test_presence_is_restored_after_a_broken_link(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    with SlixPeer(server, b_jid, b_pw) as b, online_probe(server, home, a_pw) as probe:
        # b sees a's presence: a lets b subscribe
        b.call(lambda: b.client.send_presence(pto=a_jid, ptype="subscribe"))
        probe.wait_ev("subscription", **{"from": b_jid, "kind": "request"})
        assert probe.run(f"/sub allow {b_jid}")[0] == 0
        assert probe.run("/status away back soon")[0] == 0
        b.wait_presence(lambda p: p["from"].bare == a_jid and p["show"] == "away")

        probe.send("!drop")
        probe.wait_ev("conn", state="waiting")
        probe.online()
        probe.wait_ev("roster", jid=None)  # fetched again
        p = b.wait_presence(lambda p: p["from"].bare == a_jid and p["type"] != "unavailable"
                            and p["show"] == "away")
        assert p["status"] == "back soon"
        code, out = probe.run("/status")
        assert code == 0 and out == ["away: back soon"]


def test_server_killed_and_restarted(make_xchat_server, tmp_path):
    """The embedded server dies with kill -9 and comes back on the same
    port: the interactive core notices, logs in again by itself, catches up
    from the archive what came while it was away, and nothing is stored
    twice."""
    srv = make_xchat_server()
    a_jid, a_pw = srv.new_account("a")
    b_jid, b_pw = srv.new_account("b")
    home = home_for(tmp_path, srv, a_jid)
    with online_probe(srv, home, a_pw) as probe:
        with SlixPeer(srv, b_jid, b_pw) as b:
            b.send_message(a_jid, "before the crash")
            probe.wait_ev("message", body="before the crash")
        srv.kill9()
        probe.wait_ev("conn", state="waiting")
        srv.start()
        with SlixPeer(srv, b_jid, b_pw) as b:
            b.send_message(a_jid, "while it was coming back")
            probe.online()
            probe.wait_ev("message", body="while it was coming back")
            b.send_message(a_jid, "after")
            probe.wait_ev("message", body="after")
        code, out = probe.run(f"/history {b_jid} 10")
        assert code == 0
        bodies = [line.split(": ", 1)[1] for line in out]   # "time < from: body"
        assert bodies.count("before the crash") == 1
        assert bodies.count("while it was coming back") == 1 and bodies.count("after") == 1
