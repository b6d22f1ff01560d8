"""Instant-messaging extensions between the interactive core and slixmpp
peers: carbons of our other resource's traffic (XEP-0280), receipts both
ways (XEP-0184), corrections (XEP-0308), chat states (XEP-0085), /me
(XEP-0245), and entity capabilities learnt and verified (XEP-0115)."""
import queue
import sqlite3

import pytest

from peers import SlixPeer
from xclient import home_for, online_probe, xchat_e


@pytest.fixture
def im(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    probe = online_probe(server, home, a_pw)
    yield server, home, probe, a_jid, a_pw, b_jid, b_pw
    probe.stop()


def befriend(probe, b, a_jid, b_jid):
    """Mutual presence subscription, so that receipts and presence flow."""
    assert probe.run(f"/sub allow {b_jid}")[0] == 0          # pre-approve them
    b.call(lambda: b.client.send_presence(pto=a_jid, ptype="subscribe"))
    probe.wait_ev("roster", jid=b_jid, subscription="from")


def test_carbons_of_our_other_resource(im):
    server, home, probe, a_jid, a_pw, b_jid, b_pw = im
    with SlixPeer(server, a_jid, a_pw, resource="phone") as phone, \
            SlixPeer(server, b_jid, b_pw) as b:
        if "urn:xmpp:carbons:2" not in phone.features():
            pytest.skip(f"{server.name} does not offer carbons (XEP-0280)")
        # bob writes to our phone: we get a copy
        b.send_message(f"{a_jid}/phone", "to your phone")
        m = probe.wait_ev("message", body="to your phone")
        assert m["carbon"] and not m["outgoing"] and m["peer"] == b_jid
        # our phone writes to bob: we get a copy of what we sent
        phone.send_message(b_jid, "sent from the phone")
        m = probe.wait_ev("message", body="sent from the phone")
        assert m["carbon"] and m["outgoing"] and m["peer"] == b_jid


def test_receipts_both_ways(im):
    server, home, probe, a_jid, a_pw, b_jid, b_pw = im
    with SlixPeer(server, b_jid, b_pw) as b:
        b.call(lambda: b.client.register_plugin("xep_0184"))
        befriend(probe, b, a_jid, b_jid)
        # we ask for receipts; slixmpp's XEP-0184 plugin answers
        assert probe.run(f"/msg {b_jid} did you get this?")[0] == 0
        sent = probe.wait_ev("message", body="did you get this?", outgoing=True)
        assert probe.wait_ev("receipt", peer=b_jid)["id"] == sent["id"]

        def ask():
            m = b.client.make_message(mto=a_jid, mbody="ack please", mtype="chat")
            m["id"] = "r-1"
            m["request_receipt"] = True
            m.send()
        receipts = queue.Queue()
        b.client.add_event_handler("receipt_received", lambda m: receipts.put(m["receipt"]))
        b.call(ask)
        assert receipts.get(timeout=30) == "r-1"


def test_correction_and_chat_state_and_action(im):
    server, home, probe, a_jid, a_pw, b_jid, b_pw = im
    with SlixPeer(server, b_jid, b_pw) as b:
        for plugin in ("xep_0085", "xep_0308"):
            b.call(lambda p=plugin: b.client.register_plugin(p))
        assert probe.run(f"/msg {b_jid} teh first")[0] == 0
        first = b.wait_message()
        assert first["chat_state"] == "active"   # we offer chat states
        assert probe.run("/correct the first")[0] == 0
        fixed = b.wait_message()
        assert fixed["body"] == "the first" and fixed["replace"]["id"] == first["id"]
        assert probe.run("/me waves")[0] == 0
        assert b.wait_message()["body"] == "/me waves"
        assert probe.wait_ev("message", body="/me waves")["action"]

        def typing():
            m = b.client.make_message(mto=a_jid, mtype="chat")
            m["chat_state"] = "composing"
            m.send()
        b.call(typing)
        assert probe.wait_ev("chat_state", peer=b_jid)["state"] == "composing"


def test_correction_with_e_names_the_message_it_fixes(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid)
    with SlixPeer(server, b_jid, b_pw) as b:
        b.call(lambda: b.client.register_plugin("xep_0308"))
        r = xchat_e(server, home, "me", a_pw, f"/msg {b_jid} tpyo", "/correct typo")
        assert r.returncode == 0, r.stderr
        first, fixed = b.wait_message(), b.wait_message()
        assert fixed["replace"]["id"] == first["id"] and fixed["body"] == "typo"


def test_capabilities_are_verified_and_cached(im):
    server, home, probe, a_jid, a_pw, b_jid, b_pw = im
    b = SlixPeer(server, b_jid, b_pw, presence=False)
    b.client.register_plugin("xep_0115")
    with b:
        caps = b.client["xep_0115"]
        b.call(lambda: caps.update_caps(broadcast=False))
        ver = b.call(caps.get_verstring)
        assert ver
        b.call(lambda: b.client.send_presence(pto=a_jid))  # carries <c ver=…/>
        probe.wait_ev("presence", jid=b_jid, available=True)

        def cached():
            db = sqlite3.connect(home.history_db)
            try:
                return db.execute("SELECT features FROM caps WHERE ver = ?",
                                  (ver,)).fetchone()
            finally:
                db.close()
        # the disco#info round trip is asynchronous: poll a little
        for _ in range(100):
            row = cached()
            if row:
                break
            probe.run("/ping")  # a server round trip: lets the answer arrive
        assert row and "http://jabber.org/protocol/caps" in row[0].split("\n")
