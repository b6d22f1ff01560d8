"""PubSub (XEP-0060) through the interactive core: a node created,
subscribed to, published to (Atom text and raw XML), its items fetched,
an item retracted, the node deleted — events arriving in the feeds
buffer; subscriptions remembered and checked again at login; events for
nodes we do not follow ignored."""
import pytest

from mucutil import require_service
from peers import SlixPeer
from xclient import home_for, online_probe


@pytest.fixture
def pubsub(server, tmp_path):
    service = require_service(server, "pubsub")
    o_jid, o_pw = server.pubsub_admin()
    owner = online_probe(server, home_for(tmp_path, server, o_jid, name="o"), o_pw, account="o")
    r_jid, r_pw = server.new_account("r")
    rhome = home_for(tmp_path, server, r_jid, name="r")
    reader = online_probe(server, rhome, r_pw, account="r")
    node = f"news-{tmp_path.name[-12:]}".replace("[", "").replace("]", "")
    yield server, service, node, owner, o_jid, reader, rhome, r_jid, r_pw
    owner.stop()
    reader.stop()


def test_node_life(pubsub):
    server, service, node, owner, o_jid, reader, rhome, r_jid, r_pw = pubsub
    assert owner.run(f"/pubsub create {service} {node}")[0] == 0
    code, out = owner.run(f"/pubsub nodes {service}")
    assert code == 0 and any(line.split("\t")[0] == node for line in out)
    assert reader.run(f"/pubsub subscribe {service} {node}")[0] == 0
    assert reader.run("/pubsub subscriptions")[1] == [f"{service}\t{node}"]
    # an Atom entry from a text, and raw XML
    assert owner.run(f"/pubsub publish {service} {node} Release 2.0 is out")[0] == 0
    ev = reader.wait_ev("feed", node=node, title="Release 2.0 is out")
    assert ev["service"] == service and not ev["retracted"]
    assert ev["publisher"].startswith(o_jid)
    assert owner.run(f"/pubsub publish --xml {service} {node} <status "
                     f"xmlns='urn:example:s'>all green</status>")[0] == 0
    xml_ev = reader.wait_ev("feed", node=node, title="all green")
    code, out = reader.run("/pubsub feed")
    assert [line.split("\t")[4] for line in out] == ["Release 2.0 is out", "all green"]
    code, out = reader.run(f"/pubsub show {xml_ev['number']}")
    assert code == 0 and "<status" in out[0] and "urn:example:s" in out[0]
    # bad XML is refused before anything is sent
    for bad in ("<unclosed xmlns='x'>", "<a xmlns='x'/><b xmlns='x'/>", "<nons>t</nons>",
                "just text"):
        code, out = owner.run(f"/pubsub publish --xml {service} {node} {bad}")
        assert code == 65, (bad, out)
    # fetching items, retracting one
    code, out = owner.run(f"/pubsub items {service} {node}")
    assert code == 0 and [line.split("\t")[4] for line in out] == ["Release 2.0 is out",
                                                                   "all green"]
    code, out = owner.run(f"/pubsub items {service} {node} 1")
    assert code == 0 and len(out) == 1
    assert owner.run(f"/pubsub retract {service} {node} {ev['id']}")[0] == 0
    gone = reader.wait_ev("feed", node=node, id=ev["id"], retracted=True)
    assert gone["title"] == ""
    # the node goes: the subscription with it
    assert owner.run(f"/pubsub delete {service} {node}")[0] == 0
    reader.wait_ev("feed", node=node, gone=True)
    assert reader.run("/pubsub subscriptions")[1] == []


def test_subscriptions_checked_at_login(pubsub):
    server, service, node, owner, o_jid, reader, rhome, r_jid, r_pw = pubsub
    assert owner.run(f"/pubsub create {service} {node}")[0] == 0
    assert reader.run(f"/pubsub subscribe {service} {node}")[0] == 0
    reader.stop()
    # another client of the same account unsubscribes (Prosody 0.12 fails to
    # list subscriptions after a node with subscribers was deleted)
    with SlixPeer(server, r_jid, r_pw, resource="phone") as phone:
        phone.call(lambda: phone.client.register_plugin("xep_0060"))
        phone.call(lambda: phone.client["xep_0060"].unsubscribe(service, node, timeout=30))
    again = online_probe(server, rhome, r_pw, account="r")
    try:
        again.wait_ev("feed", service=service, node=node, gone=True)
        assert again.run("/pubsub subscriptions")[1] == []
    finally:
        again.stop()
    assert owner.run(f"/pubsub delete {service} {node}")[0] == 0


def test_events_of_nodes_not_followed_are_ignored(pubsub):
    server, service, node, owner, o_jid, reader, rhome, r_jid, r_pw = pubsub
    m_jid, m_pw = server.new_account("m")
    reader.wait_ev("bookmark", jid=None)       # the list fetched at login
    with SlixPeer(server, m_jid, m_pw) as m:
        def forge(node_name, body=None):
            msg = m.client.make_message(mto=r_jid, mtype="headline", mbody=body)
            msg.xml.append(_event(node_name, "<entry xmlns='http://www.w3.org/2005/Atom'>"
                                             "<title>forged</title></entry>"))
            msg.send()
        m.call(lambda: forge(node))
        m.call(lambda: forge("urn:xmpp:bookmarks:1"))   # someone else's bookmarks
        m.send_message(r_jid, "after the forgeries")
        seen = []
        reader.wait(lambda i: (seen.append(i) or i.get("body") == "after the forgeries"),
                    what="the marker")
        assert not [i for i in seen if i.get("ev") in ("feed", "bookmark")]
        assert reader.run("/pubsub feed")[1] == []


def _event(node, payload):
    import xml.etree.ElementTree as ET
    return ET.fromstring(f"<event xmlns='http://jabber.org/protocol/pubsub#event'>"
                         f"<items node='{node}'><item id='1'>{payload}</item></items></event>")


def test_publish_size_limit(pubsub):
    server, service, node, owner, o_jid, reader, rhome, r_jid, r_pw = pubsub
    assert owner.run(f"/pubsub create {service} {node}")[0] == 0
    code, out = owner.run(f"/pubsub publish {service} {node} " + "&" * 60_000)
    assert code == 65 and "too long" in " ".join(out), (code, out)
