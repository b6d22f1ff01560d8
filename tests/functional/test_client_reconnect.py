"""Reconnection: after the link breaks, the interactive core logs in again
by itself and restores its presence (show and status) and its roster; a
contact sees the same presence as before."""
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
