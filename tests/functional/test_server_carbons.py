"""Message carbons (XEP-0280) on both servers, with three slixmpp
resources of one account: copies of what another resource receives and
sends, wrapped in <forwarded/> from the bare JID; none for a resource that
did not enable them or disabled them, none of a private message or a
headline."""
import queue
import xml.etree.ElementTree as ET

import pytest

from peers import SlixPeer, WAIT

NS = "urn:xmpp:carbons:2"


def watch(peer):
    """Every message and carbon `peer` gets, in order, as (kind, message):
    kind "plain", "received" or "sent" (slixmpp's XEP-0280 plugin unwraps
    carbons; it accepts only those from the account's own bare JID)."""
    q = queue.Queue()
    peer.call(lambda: peer.client.register_plugin("xep_0280"))
    c = peer.client
    c.add_event_handler("carbon_received", lambda m: q.put(("received", m)))
    c.add_event_handler("carbon_sent", lambda m: q.put(("sent", m)))
    c.add_event_handler("message", lambda m: m["body"] and q.put(("plain", m)))
    return q


def carbons(peer, on=True):
    plugin = peer.client["xep_0280"]
    peer.call(plugin.enable if on else plugin.disable)


def next_of(q):
    kind, m = q.get(timeout=WAIT)
    if kind == "plain":
        return kind, m["body"], m
    inner = m["carbon_" + kind]
    return kind, inner["body"], m


def test_carbons(server):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    with SlixPeer(server, a_jid, a_pw, resource="one") as one, \
            SlixPeer(server, a_jid, a_pw, resource="two") as two, \
            SlixPeer(server, a_jid, a_pw, resource="three") as three, \
            SlixPeer(server, b_jid, b_pw) as b:
        assert NS in one.features(), f"{server.name} does not announce {NS}"
        q1, q2, q3 = watch(one), watch(two), watch(three)
        carbons(one)
        carbons(two)
        # received at one: a copy for two, from the bare JID, the original inside
        b.send_message(f"{a_jid}/one", "hello one")
        assert next_of(q1)[:2] == ("plain", "hello one")
        kind, text, m = next_of(q2)
        assert (kind, text) == ("received", "hello one")
        assert str(m["from"]) == a_jid
        inner = m["carbon_received"]
        assert inner["from"].bare == b_jid and str(inner["to"]) == f"{a_jid}/one"
        # sent from one: a copy for two, none for one itself
        one.send_message(b_jid, "from one")
        assert b.wait_message()["body"] == "from one"
        kind, text, m = next_of(q2)
        assert (kind, text) == ("sent", "from one") and str(m["from"]) == a_jid
        assert str(m["carbon_sent"]["to"]) == b_jid
        # private, and a headline: no copies (the next thing two sees is the marker)
        def private():
            msg = one.client.make_message(mto=b_jid, mbody="secret", mtype="chat")
            ET.SubElement(msg.xml, f"{{{NS}}}private")
            ET.SubElement(msg.xml, "{urn:xmpp:hints}no-copy")
            msg.send()
        one.call(private)
        assert b.wait_message()["body"] == "secret"
        b.send_message(f"{a_jid}/one", "news", mtype="headline")
        assert next_of(q1)[:2] == ("plain", "news")
        b.send_message(f"{a_jid}/two", "marker 1")
        assert next_of(q2)[:2] == ("plain", "marker 1")
        # three never enabled them: it saw none of the above; one and two
        # got copies of what the others received
        b.send_message(f"{a_jid}/three", "marker 2")
        assert next_of(q3)[:2] == ("plain", "marker 2")
        assert next_of(q1)[:2] == ("received", "marker 1")
        assert next_of(q1)[:2] == ("received", "marker 2")
        assert next_of(q2)[:2] == ("received", "marker 2")
        # two disables them
        carbons(two, on=False)
        b.send_message(f"{a_jid}/one", "after disable")
        assert next_of(q1)[:2] == ("plain", "after disable")
        b.send_message(f"{a_jid}/two", "marker 3")
        assert next_of(q2)[:2] == ("plain", "marker 3")
