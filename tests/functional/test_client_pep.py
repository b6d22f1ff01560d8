"""Personal eventing (XEP-0163) through the interactive core: our
nickname published and contacts' nicknames shown in the roster (XEP-0172),
only to resources announcing +notify; room bookmarks (XEP-0402) stored
privately, joined at login after a restart, followed when another client
of ours changes them, and ignored when anyone else sends them."""
import queue
import xml.etree.ElementTree as ET

import pytest

from mucutil import new_room, require_pep, require_service
from peers import SlixPeer
from xclient import home_for, online_probe

NS_PUBSUB = "http://jabber.org/protocol/pubsub"
NS_EVENT = "http://jabber.org/protocol/pubsub#event"


@pytest.fixture
def pep(server, tmp_path):
    require_pep(server)
    a_jid, a_pw = server.new_account("a")
    ahome = home_for(tmp_path, server, a_jid, name="a")
    alice = online_probe(server, ahome, a_pw, account="a")
    yield server, alice, ahome, a_jid, a_pw
    alice.stop()


def test_nicknames(pep, tmp_path):
    server, alice, ahome, a_jid, a_pw = pep
    b_jid, b_pw = server.new_account("b")
    bob = online_probe(server, home_for(tmp_path, server, b_jid, name="b"), b_pw, account="b")
    try:
        # mutual presence: her PEP reaches him, and her server learns his caps
        assert alice.run(f"/sub allow {b_jid}")[0] == 0
        assert bob.run(f"/sub allow {a_jid}")[0] == 0
        assert bob.run(f"/sub request {a_jid}")[0] == 0
        assert alice.run(f"/sub request {b_jid}")[0] == 0
        bob.wait_ev("roster", jid=a_jid, subscription="both")
        bob.send(f"!name {a_jid}")
        assert bob.wait(lambda i: "name" in i, what="name")["name"] == a_jid
        # bob's other resource has no +notify in its caps: it gets nothing
        with SlixPeer(server, b_jid, b_pw, resource="nocaps") as plain:
            events = queue.Queue()
            plain.client.add_event_handler(
                "message", lambda m: events.put(m) if m.xml.find(f"{{{NS_EVENT}}}event")
                is not None else None)
            assert alice.run("/mynick Alice L.")[0] == 0
            ev = bob.wait_ev("nick", jid=a_jid)
            assert ev["nick"] == "Alice L."
            alice.wait_ev("nick", jid=a_jid, nick="Alice L.")       # our own, too
            assert alice.run("/mynick")[1] == ["Alice L."]
            bob.send(f"!name {a_jid}")
            assert bob.wait(lambda i: "name" in i, what="name")["name"] == "Alice L."
            with pytest.raises(queue.Empty):
                events.get(timeout=2)
        # a name we give wins over theirs
        assert bob.run(f"/roster name {a_jid} Ally")[0] == 0
        bob.wait_ev("roster", jid=a_jid, name="Ally")
        bob.send(f"!name {a_jid}")
        assert bob.wait(lambda i: "name" in i, what="name")["name"] == "Ally"
    finally:
        bob.stop()


def publish_bookmark(peer, room, autojoin=True, nick="other"):
    def send():
        iq = peer.client.make_iq_set()
        ps = ET.SubElement(iq.xml, f"{{{NS_PUBSUB}}}pubsub")
        pub = ET.SubElement(ps, f"{{{NS_PUBSUB}}}publish", node="urn:xmpp:bookmarks:1")
        item = ET.SubElement(pub, f"{{{NS_PUBSUB}}}item", id=room)
        conf = ET.SubElement(item, "{urn:xmpp:bookmarks:1}conference",
                             autojoin="true" if autojoin else "false", name="From the phone")
        ET.SubElement(conf, "{urn:xmpp:bookmarks:1}nick").text = nick
        return iq.send(timeout=30)
    return peer.call(send)


def test_bookmarks(pep, server, tmp_path):
    server, alice, ahome, a_jid, a_pw = pep
    service = require_service(server, "conference")
    room, other = new_room(service), new_room(service)
    alice.wait_ev("bookmark", jid=None)               # fetched at login: none yet
    assert alice.run(f"/bookmark add {room}/alice Ops")[0] == 0
    alice.wait_ev("room", room=room, kind="joined")     # autojoin: joined at once
    code, out = alice.run("/bookmark")
    assert out == [f"{room}\tautojoin\talice\tOps"]
    # after a restart, the bookmark brings the room back
    alice.stop()
    again = online_probe(server, ahome, a_pw, account="a")
    try:
        ev = again.wait_ev("room", room=room, kind="joined")
        assert ev["nick"] == "alice"
        # another client of ours adds one: we follow, and join it
        with SlixPeer(server, a_jid, a_pw, resource="phone") as phone:
            publish_bookmark(phone, other)
            bm = again.wait_ev("bookmark", jid=other)
            assert bm["autojoin"] and bm["nick"] == "other" and bm["name"] == "From the phone"
            again.wait_ev("room", room=other, kind="joined")
        # private: nobody else can read them, nor plant one on us
        m_jid, m_pw = server.new_account("m")
        with SlixPeer(server, m_jid, m_pw) as m:
            m.call(lambda: m.client.register_plugin("xep_0060"))
            with pytest.raises(Exception):
                m.call(lambda: m.client["xep_0060"].get_items(a_jid, "urn:xmpp:bookmarks:1",
                                                              timeout=30))
            planted = new_room(service)

            def plant():
                msg = m.client.make_message(mto=a_jid, mtype="headline")
                msg.xml.append(ET.fromstring(
                    f"<event xmlns='{NS_EVENT}'><items node='urn:xmpp:bookmarks:1'><item "
                    f"id='{planted}'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'/>"
                    f"</item></items></event>"))
                msg.send()
            m.call(plant)
            m.send_message(a_jid, "after the plant")
            seen = []
            again.wait(lambda i: (seen.append(i) or i.get("body") == "after the plant"),
                       what="the marker")
            assert not [i for i in seen if i.get("ev") == "bookmark" or
                        (i.get("ev") == "room" and i.get("room") == planted)]
        assert again.run(f"/bookmark remove {room}")[0] == 0
        again.wait_ev("bookmark", jid=room, removed=True)
        assert [l.split("\t")[0] for l in again.run("/bookmark")[1]] == [other]
    finally:
        again.stop()
