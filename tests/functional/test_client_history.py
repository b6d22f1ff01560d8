"""History: one row per message, no duplicate when the same stanza comes
again after a reconnect, and two xchat processes writing at once."""
import sqlite3
import subprocess

from conftest import XCHAT
from peers import SlixPeer
from xclient import RUN_LIMIT, fingerprint, home_for, online_probe


def send_with_id(peer, to, body, mid):
    def go():
        m = peer.client.make_message(mto=to, mbody=body, mtype="chat")
        m["id"] = mid
        m.send()
    peer.call(go)


def rows(home, peer):
    db = sqlite3.connect(home.history_db)
    try:
        return db.execute("SELECT body, msg_id, outgoing FROM messages WHERE peer = ? "
                          "ORDER BY id", (peer,)).fetchall()
    finally:
        db.close()


def test_replayed_message_after_reconnect_is_stored_once(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    with SlixPeer(server, b_jid, b_pw) as b, online_probe(server, home, a_pw) as probe:
        send_with_id(b, a_jid, "only once", "dup-1")
        probe.wait_ev("message", body="only once")
        probe.send("!drop")
        probe.wait_ev("conn", state="waiting")
        probe.online()
        send_with_id(b, a_jid, "only once", "dup-1")       # the replay
        send_with_id(b, a_jid, "same id, new text", "dup-1")  # a different message
        send_with_id(b, a_jid, "marker", "dup-2")
        seen = []
        probe.wait(lambda i: i.get("ev") == "message" and (seen.append(i["body"]) or
                                                           i["body"] == "marker"),
                   what="the marker message")
        assert seen == ["same id, new text", "marker"]
        assert rows(home, b_jid) == [("only once", "dup-1", 0), ("same id, new text", "dup-1", 0),
                                     ("marker", "dup-2", 0)]


def test_two_processes_write_the_history_at_once(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, _ = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    fp = fingerprint(server.cafile)
    procs = []
    for p in range(2):
        argv = [XCHAT, "-a", "me", "--trust", fp]
        for i in range(5):
            argv += ["-e", f"/msg {b_jid} process {p} message {i}"]
        procs.append(subprocess.Popen(argv, env=home.env(a_pw), stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    for p in procs:
        out, err = p.communicate(timeout=RUN_LIMIT)
        assert p.returncode == 0, err
    bodies = sorted(r[0] for r in rows(home, b_jid))
    assert bodies == sorted(f"process {p} message {i}" for p in range(2) for i in range(5))
