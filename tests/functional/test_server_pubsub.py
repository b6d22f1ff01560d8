"""The PubSub service (XEP-0060) at pubsub.DOMAIN on both servers: create,
subscribe, publish and the event that follows, items (all, the newest N,
by id), retract with notify, unsubscribe, configure, purge, delete; the
errors of §6–§8; the presence access model; and on the embedded server,
nodes and items kept across a restart."""
import queue
import secrets
import xml.etree.ElementTree as ET

from mucraw import (ATOM, DATA, INFO, ITEMS, PUBSUB, PUBSUB_EVENT, PUBSUB_OWNER, error_of,
                    event_items, iq, is_event, items, ps, publish, pubsub_admin, pubsub_error,
                    pubsub_service)
from rawxmpp import NS_CLIENT, Client, q
from test_server_subscription import subscribe_and_approve


def entry(title):
    return f"<entry xmlns='{ATOM}'><title>{title}</title><summary>about {title}</summary></entry>"


def owner_and(server, n):
    jid, pw = pubsub_admin(server)
    owner = Client(server, jid, pw, resource=f"o{secrets.token_hex(3)}")
    others = []
    for i in range(n):
        j, p = server.new_account(f"ps{i}")
        others.append(Client(server, j, p))
    return owner, others


def new_node(owner, server, config=""):
    node = f"news-{secrets.token_hex(4)}"
    conf = f"<configure>{config}</configure>" if config else ""
    r = ps(owner, pubsub_service(server), "set", f"<create node='{node}'/>{conf}")
    assert r.get("type") == "result", ET.tostring(r)
    return node


def test_service_is_discovered(server):
    owner, (a,) = owner_and(server, 1)
    its = iq(a, server.domain, "get", f"<query xmlns='{ITEMS}'/>")
    assert pubsub_service(server) in {i.get("jid") for i in its.iter(q(ITEMS, "item"))}
    info = iq(a, pubsub_service(server), "get", f"<query xmlns='{INFO}'/>")
    ids = {(i.get("category"), i.get("type")) for i in info.iter(q(INFO, "identity"))}
    assert ("pubsub", "service") in ids
    features = {f.get("var") for f in info.iter(q(INFO, "feature"))}
    assert {f"{PUBSUB}#publish", f"{PUBSUB}#subscribe"} <= features
    owner.close()
    a.close()


def test_create_subscribe_publish_items_retract_delete(server):
    owner, (a, b) = owner_and(server, 2)
    svc = pubsub_service(server)
    node = new_node(owner, server)
    for c in (a, b):
        r = ps(c, svc, "set", f"<subscribe node='{node}' jid='{c.bare}'/>")
        sub = r.find(f"{q(PUBSUB, 'pubsub')}/{q(PUBSUB, 'subscription')}")
        assert sub.get("subscription") == "subscribed" and sub.get("jid") == c.bare
    r = publish(owner, svc, node, "i1", entry("first"))
    assert r.find(f".//{q(PUBSUB, 'item')}").get("id") == "i1"
    m = a.message(is_event(node))
    assert m.get("from") == svc
    assert event_items(m)[1] == ["i1"]
    assert m.find(f".//{q(ATOM, 'title')}").text == "first"
    b.message(is_event(node))
    for i in (2, 3):
        publish(owner, svc, node, f"i{i}", entry(f"item {i}"))
        a.message(lambda e: is_event(node)(e) and event_items(e)[1] == [f"i{i}"])
    assert items(a, svc, node)[1] == ["i1", "i2", "i3"]
    assert items(a, svc, node, " max_items='2'")[1] == ["i2", "i3"]
    assert items(a, svc, node, inner="<item id='i1'/>")[1] == ["i1"]
    r = ps(owner, svc, "set", f"<retract node='{node}' notify='true'><item id='i2'/></retract>")
    assert r.get("type") == "result"
    assert event_items(a.message(lambda e: is_event(node)(e) and event_items(e)[2]))[2] == ["i2"]
    assert items(a, svc, node)[1] == ["i1", "i3"]
    r = ps(b, svc, "set", f"<unsubscribe node='{node}' jid='{b.bare}'/>")
    assert r.get("type") == "result"
    publish(owner, svc, node, "i4", entry("after"))
    a.message(lambda e: is_event(node)(e) and event_items(e)[1] == ["i4"])
    b.nothing(lambda e: is_event(node)(e) and event_items(e)[1] == ["i4"])
    assert ps(owner, svc, "set", f"<delete node='{node}'/>", owner=True).get("type") == "result"
    deleted = a.message(lambda e: is_event(node)(e) and e.find(f".//{q(PUBSUB_EVENT, 'delete')}")
                        is not None)
    assert deleted is not None
    assert error_of(items(a, svc, node)[0])[1] == "item-not-found"
    for c in (owner, a, b):
        c.close()


def test_errors(server):
    owner, (a,) = owner_and(server, 1)
    svc = pubsub_service(server)
    node = new_node(owner, server)
    assert error_of(ps(owner, svc, "set", f"<create node='{node}'/>"))[1] == "conflict"
    r = ps(a, svc, "set", f"<subscribe node='{node}' jid='someone-else@{server.domain}'/>")
    # §6.1.3.1 says bad-request with invalid-jid; Prosody answers forbidden
    assert error_of(r)[1] in ("bad-request", "forbidden")
    if server.name == "xchat":
        assert pubsub_error(r) == "invalid-jid"
    assert error_of(items(a, svc, "no-such-node")[0])[1] == "item-not-found"
    assert error_of(publish(a, svc, node, "x", entry("mine")))[1] == "forbidden"
    r = ps(a, svc, "set", f"<delete node='{node}'/>", owner=True)
    assert error_of(r)[1] == "forbidden"
    r = ps(a, svc, "set", f"<unsubscribe node='{node}' jid='{a.bare}'/>")
    assert r.get("type") == "error"
    if server.name == "xchat":  # §6.2.3.2 (Prosody answers modify/bad-request)
        assert error_of(r) == ("cancel", "unexpected-request")
        assert pubsub_error(r) == "not-subscribed"
    r = ps(owner, svc, "set", f"<retract node='{node}'><item id='never'/></retract>")
    assert error_of(r)[1] == "item-not-found"
    owner.close()
    a.close()


def test_configure_and_purge(server):
    owner, (a,) = owner_and(server, 1)
    svc = pubsub_service(server)
    node = new_node(owner, server)
    form = ps(owner, svc, "get", f"<configure node='{node}'/>", owner=True)
    fields = {f.get("var") for f in form.iter(q(DATA, "field"))}
    assert {"pubsub#max_items", "pubsub#access_model", "pubsub#persist_items"} <= fields
    r = ps(owner, svc, "set", f"<configure node='{node}'><x xmlns='{DATA}' type='submit'>"
                              f"<field var='FORM_TYPE' type='hidden'><value>{PUBSUB}#node_config"
                              "</value></field><field var='pubsub#max_items'><value>2</value>"
                              "</field></x></configure>", owner=True)
    assert r.get("type") == "result"
    for i in range(4):
        publish(owner, svc, node, f"k{i}", entry(f"k{i}"))
    assert items(a, svc, node)[1] == ["k2", "k3"]
    assert ps(owner, svc, "set", f"<purge node='{node}'/>", owner=True).get("type") == "result"
    assert items(a, svc, node)[1] == []
    owner.close()
    a.close()


def access(model):
    return (f"<x xmlns='{DATA}' type='submit'><field var='FORM_TYPE' type='hidden'><value>"
            f"{PUBSUB}#node_config</value></field><field var='pubsub#access_model'><value>"
            f"{model}</value></field></x>")


def test_whitelist_access_model(server):
    owner, (a,) = owner_and(server, 1)
    svc = pubsub_service(server)
    node = new_node(owner, server, access("whitelist"))
    publish(owner, svc, node, "w1", entry("members only"))
    r = ps(a, svc, "set", f"<subscribe node='{node}' jid='{a.bare}'/>")
    # §6.1.3.4: not-allowed with closed-node (Prosody answers forbidden)
    assert error_of(r)[1] in ("not-allowed", "forbidden")
    if server.name == "xchat":
        assert error_of(r) == ("cancel", "not-allowed") and pubsub_error(r) == "closed-node"
    r = ps(owner, svc, "set", f"<affiliations node='{node}'><affiliation jid='{a.bare}' "
                              "affiliation='member'/></affiliations>", owner=True)
    assert r.get("type") == "result"
    assert items(a, svc, node)[1] == ["w1"]
    owner.close()
    a.close()


def test_presence_access_model(xchat_server):
    """(Prosody's PubSub component has no presence access model.)"""
    server = xchat_server
    owner, (a, b) = owner_and(server, 2)
    svc = pubsub_service(server)
    config = access("presence")
    node = new_node(owner, server, config)
    publish(owner, svc, node, "p1", entry("for friends"))
    r = ps(a, svc, "set", f"<subscribe node='{node}' jid='{a.bare}'/>")
    assert error_of(r) == ("auth", "not-authorized")
    assert pubsub_error(r) == "presence-subscription-required"
    for c in (owner, a):
        c.roster()
    subscribe_and_approve(a, owner)
    assert items(a, svc, node)[1] == ["p1"]
    assert error_of(items(b, svc, node)[0])[1] == "not-authorized"
    for c in (owner, a, b):
        c.close()


def test_nodes_and_items_survive_a_restart(make_xchat_server):
    srv = make_xchat_server()
    svc = pubsub_service(srv)
    owner, (a,) = owner_and(srv, 1)
    a_jid = a.bare
    node = new_node(owner, srv)
    ps(a, svc, "set", f"<subscribe node='{node}' jid='{a.bare}'/>")
    publish(owner, svc, node, "kept", entry("kept"))
    owner.close()
    a.close()
    assert srv.stop() == 0
    srv.start()
    b_jid, b_pw = srv.new_account("psb")
    b = Client(srv, b_jid, b_pw)
    assert items(b, svc, node)[1] == ["kept"]
    owner = Client(srv, *pubsub_admin(srv))
    subs = ps(owner, svc, "get", f"<subscriptions node='{node}'/>", owner=True)
    assert a_jid in {s.get("jid") for s in subs.iter(q(PUBSUB_OWNER, "subscription"))}
    owner.close()
    b.close()


def test_slixmpp_subscriber(server):
    """slixmpp's XEP-0060 plugin: subscribe, get the event, read items."""
    from peers import SlixPeer
    owner, _ = owner_and(server, 0)
    svc = pubsub_service(server)
    node = new_node(owner, server)
    jid, pw = server.new_account("slixps")
    with SlixPeer(server, jid, pw) as p:
        p.call(lambda: p.client.register_plugin("xep_0060"))
        events = queue.Queue()
        p.client.add_event_handler("pubsub_publish", events.put)
        p.call(lambda: p.client["xep_0060"].subscribe(svc, node, timeout=20))
        publish(owner, svc, node, "s1", entry("to slixmpp"))
        got = events.get(timeout=20)
        assert got["pubsub_event"]["items"]["node"] == node
        assert got["pubsub_event"]["items"]["item"]["id"] == "s1"
        res = p.call(lambda: p.client["xep_0060"].get_items(svc, node, timeout=20))
        assert [i["id"] for i in res["pubsub"]["items"]] == ["s1"]
    owner.close()
