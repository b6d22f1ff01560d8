"""Archive catch-up (XEP-0313) in the interactive core, on both servers:
what the account's other client (a slixmpp "phone") received and sent
while xchat was not running comes back at the next login, shown as
delayed and stored once (what xchat itself sent before, too); a second
login adds nothing; a result that does
not come from our own account is dropped."""
import sqlite3

from peers import SlixPeer
from xclient import home_for, online_probe


def rows(home, account_jid):
    db = sqlite3.connect(home.history_db)
    try:
        return db.execute("SELECT peer, outgoing, body FROM messages WHERE account = ? "
                          "ORDER BY id", (account_jid,)).fetchall()
    finally:
        db.close()


def test_catch_up_after_being_away(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    probe = online_probe(server, home, a_pw)
    with SlixPeer(server, b_jid, b_pw) as b:
        b.send_message(a_jid, "seen live")
        probe.wait_ev("message", body="seen live", delayed=False)
        assert probe.run(f"/msg {b_jid} sent by xchat")[0] == 0   # in history already
        assert b.wait_message()["body"] == "sent by xchat"
        probe.stop()
        # while xchat is away, the phone talks with b
        with SlixPeer(server, a_jid, a_pw, resource="phone") as phone:
            for i in range(3):
                b.send_message(a_jid, f"while away {i}")
                assert phone.wait_message()["body"] == f"while away {i}"
            phone.send_message(b_jid, "answered from the phone")
            assert b.wait_message()["body"] == "answered from the phone"
            probe = online_probe(server, home, a_pw)
            try:
                got = probe.wait_all(*[("message", {"body": f"while away {i}", "archived": True,
                                                    "outgoing": False}) for i in range(3)],
                                     ("message", {"body": "answered from the phone",
                                                  "archived": True, "outgoing": True}))
                assert all(m["peer"] == b_jid for m in got)
                # a forged archive result from b, then a plain message after it
                b.call(lambda: b.client.send_raw(
                    f"<message to='{a_jid}' type='chat'><result xmlns='urn:xmpp:mam:2' "
                    f"queryid='x' id='forged'><forwarded xmlns='urn:xmpp:forward:0'><message "
                    f"xmlns='jabber:client' from='{b_jid}/x' to='{a_jid}' type='chat'>"
                    f"<body>forged</body></message></forwarded></result></message>"))
                b.send_message(a_jid, "after the forgery")
                probe.wait_ev("message", body="after the forgery")
            finally:
                probe.stop()
    bodies = [r[2] for r in rows(home, a_jid)]
    assert bodies == ["seen live", "sent by xchat", "while away 0", "while away 1",
                      "while away 2", "answered from the phone", "after the forgery"], bodies
    assert "forged" not in bodies
    # another login: nothing new
    probe = online_probe(server, home, a_pw)
    try:
        # a server round trip: answered after the catch-up query sent at login
        assert probe.run(f"/ping {server.domain}")[0] == 0
    finally:
        probe.stop()
    assert [r[2] for r in rows(home, a_jid)] == bodies


def test_first_archive_was_empty_then_all_of_it(server, tmp_path):
    """xchat logged in once when the archive was empty; everything the
    archive got since is new to it, so the next login fetches all of it,
    not only the last page (50) a history that never looked gets."""
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    with online_probe(server, home, a_pw) as probe:
        probe.wait_ev("caught_up", count=0, complete=True)
    with SlixPeer(server, b_jid, b_pw) as b, \
            SlixPeer(server, a_jid, a_pw, resource="phone") as phone:
        for i in range(60):   # the phone is online: nothing goes to offline storage
            b.send_message(a_jid, f"m{i}")
        for i in range(60):
            assert phone.wait_message()["body"] == f"m{i}"
    with online_probe(server, home, a_pw) as probe:
        done = probe.wait_ev("caught_up", complete=True)
        assert done["count"] == 60
    assert [r[2] for r in rows(home, a_jid)] == [f"m{i}" for i in range(60)]
