"""PEP (XEP-0163) on both servers: a publish to one's own bare JID makes
the node; contacts with a presence subscription get the event, but only on
the clients whose capabilities (XEP-0115) asked for it (+notify); the last
item reaches a client coming online; nicks (XEP-0172), avatar metadata
(XEP-0084) and bookmarks (XEP-0402, publish-options preconditions); and on
the embedded server, caps that do not verify are not cached for others,
and PEP data survives a restart."""
import queue
import secrets

from mucraw import (PUBSUB, PUBSUB_OWNER, caps_presence, error_of, event_items, is_event,
                    items, ps, publish, pubsub_error)
from rawxmpp import NS_CLIENT, Client, q
from test_server_subscription import subscribe_and_approve

NICK = "http://jabber.org/protocol/nick"
BOOKMARKS = "urn:xmpp:bookmarks:1"
AVATAR_DATA = "urn:xmpp:avatar:data"
AVATAR_META = "urn:xmpp:avatar:metadata"
BASE = ["http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/caps"]
BOOKMARK_OPTIONS = {"pubsub#persist_items": "true", "pubsub#max_items": "max",
                    "pubsub#send_last_published_item": "never",
                    "pubsub#access_model": "whitelist"}


def nick(name):
    return f"<nick xmlns='{NICK}'>{name}</nick>"


def friends(server):
    """Two accounts that see each other's presence; returns their
    credentials and the two (roster-reading) clients used to get there."""
    a_jid, a_pw = server.new_account("pa")
    b_jid, b_pw = server.new_account("pb")
    a, b = Client(server, a_jid, a_pw), Client(server, b_jid, b_pw)
    a.roster()
    b.roster()
    subscribe_and_approve(a, b)
    subscribe_and_approve(b, a, a_gets="both", b_gets="both")
    return (a_jid, a_pw), (b_jid, b_pw), a, b


def with_caps(server, creds, resource, features):
    c = Client(server, creds[0], creds[1], resource=resource, presence=False)
    caps_presence(c, features + [f"urn:example:{secrets.token_hex(3)}"])
    return c


def test_pep_event_reaches_only_the_notify_client(server):
    a_creds, b_creds, a, b = friends(server)
    b1 = with_caps(server, b_creds, "wants", BASE + [NICK + "+notify"])
    b2 = with_caps(server, b_creds, "plain", BASE)
    r = publish(a, a_creds[0], NICK, "current", nick("Alice"))
    assert r.get("type") == "result"
    m = b1.message(is_event(NICK))
    assert m.get("from") == a_creds[0]
    assert m.find(f".//{q(NICK, 'nick')}").text == "Alice"
    b2.nothing(is_event(NICK))
    for c in (a, b, b1, b2):
        c.close()


def test_last_item_on_coming_online(server):
    a_creds, b_creds, a, b = friends(server)
    publish(a, a_creds[0], NICK, "current", nick("Early"))
    b.close()
    late = Client(server, *b_creds, resource="late", presence=False)
    caps_presence(late, BASE + [NICK + "+notify", "urn:example:late"])
    m = late.message(is_event(NICK))
    assert m.get("from") == a_creds[0]
    assert event_items(m)[1] == ["current"]
    a.close()
    late.close()


def test_access_by_presence(server):
    a_creds, b_creds, a, b = friends(server)
    c_jid, c_pw = server.new_account("pc")
    c = Client(server, c_jid, c_pw)
    publish(a, a_creds[0], NICK, "current", nick("Seen"))
    assert items(b, a_creds[0], NICK)[1] == ["current"]
    r, _ = items(c, a_creds[0], NICK)
    assert r.get("type") == "error"  # a stranger does not see a's presence
    for x in (a, b, c):
        x.close()


def test_avatar_metadata(server):
    a_creds, b_creds, a, b = friends(server)
    data = "iVBORw0KGgo="
    assert publish(a, a_creds[0], AVATAR_DATA, "abc123",
                   f"<data xmlns='{AVATAR_DATA}'>{data}</data>").get("type") == "result"
    meta = (f"<metadata xmlns='{AVATAR_META}'><info bytes='8' id='abc123' height='1' width='1' "
            "type='image/png'/></metadata>")
    assert publish(a, a_creds[0], AVATAR_META, "abc123", meta).get("type") == "result"
    r, ids = items(b, a_creds[0], AVATAR_META)
    assert ids == ["abc123"]
    r, ids = items(b, a_creds[0], AVATAR_DATA, inner="<item id='abc123'/>")
    assert r.find(f".//{q(AVATAR_DATA, 'data')}").text == data
    a.close()
    b.close()


def conference(jid, name):
    return (f"<conference xmlns='{BOOKMARKS}' name='{name}' autojoin='true'><nick>me</nick>"
            "</conference>")


def test_bookmarks(server):
    a_creds, b_creds, a, b = friends(server)
    other = with_caps(server, a_creds, "other", BASE + [BOOKMARKS + "+notify"])
    room = f"ops@conference.{server.domain}"
    r = publish(a, a_creds[0], BOOKMARKS, room, conference(room, "Ops"), BOOKMARK_OPTIONS)
    assert r.get("type") == "result"
    m = other.message(is_event(BOOKMARKS))
    assert event_items(m)[1] == [room]
    room2 = f"dev@conference.{server.domain}"
    r = publish(a, a_creds[0], BOOKMARKS, room2, conference(room2, "Dev"), BOOKMARK_OPTIONS)
    assert r.get("type") == "result"
    assert sorted(items(a, a_creds[0], BOOKMARKS)[1]) == sorted([room, room2])
    # whitelist: nobody else reads them, not even a contact
    r, _ = items(b, a_creds[0], BOOKMARKS)
    assert r.get("type") == "error"
    # the preconditions must hold for an existing node
    wrong = dict(BOOKMARK_OPTIONS, **{"pubsub#access_model": "open"})
    r = publish(a, a_creds[0], BOOKMARKS, room, conference(room, "Ops"), wrong)
    assert error_of(r) == ("cancel", "conflict") and pubsub_error(r) == "precondition-not-met"
    r = ps(a, a_creds[0], "set", f"<retract node='{BOOKMARKS}' notify='true'><item id='{room}'/>"
                                 "</retract>")
    assert r.get("type") == "result"
    m = other.message(lambda e: is_event(BOOKMARKS)(e) and event_items(e)[2])
    assert event_items(m)[2] == [room]
    assert items(a, a_creds[0], BOOKMARKS)[1] == [room2]
    for c in (a, b, other):
        c.close()


def test_unverified_caps_are_not_shared(xchat_server):
    server = xchat_server
    creds = server.new_account("cv")
    features = BASE + [NICK + "+notify", "urn:example:liar"]
    fake_ver = "bm90LXJlYWxseS1hLWhhc2g="  # not what those features hash to
    c1 = Client(server, *creds, resource="one", presence=False)
    assert caps_presence(c1, features, ver=fake_ver)
    c2 = Client(server, *creds, resource="two", presence=False)
    # asked again: the first answer did not verify, so it was not cached
    assert caps_presence(c2, features, ver=fake_ver)
    c3 = Client(server, *creds, resource="three", presence=False)
    assert caps_presence(c3, BASE + ["urn:example:honest"])
    c4 = Client(server, *creds, resource="four", presence=False)
    assert not caps_presence(c4, BASE + ["urn:example:honest"])  # verified: cached
    for c in (c1, c2, c3, c4):
        c.close()


def test_pep_survives_a_restart(make_xchat_server):
    srv = make_xchat_server()
    creds = srv.new_account("pr")
    a = Client(srv, *creds)
    room = f"kept@conference.{srv.domain}"
    publish(a, creds[0], BOOKMARKS, room, conference(room, "Kept"), BOOKMARK_OPTIONS)
    a.close()
    assert srv.stop() == 0
    srv.start()
    a = Client(srv, *creds)
    r, ids = items(a, creds[0], BOOKMARKS)
    assert ids == [room]
    assert r.find(f".//{q(BOOKMARKS, 'conference')}").get("name") == "Kept"
    form = ps(a, creds[0], "get", f"<configure node='{BOOKMARKS}'/>", owner=True)
    values = {f.get("var"): f.findtext("{jabber:x:data}value")
              for f in form.iter("{jabber:x:data}field")}
    assert values["pubsub#access_model"] == "whitelist"
    a.close()


def test_slixmpp_user_nick(server):
    """slixmpp with XEP-0115, XEP-0163 and XEP-0172: its caps carry
    nick+notify, so a contact's new nick reaches it as an event."""
    from peers import SlixPeer
    a_creds, b_creds, a, b = friends(server)
    b.close()
    events = queue.Queue()
    p = SlixPeer(server, *b_creds, presence=False)
    for plugin in ("xep_0030", "xep_0115", "xep_0163", "xep_0172"):
        p.client.register_plugin(plugin)
    p.client.add_event_handler("user_nick_publish", events.put)
    with p:
        p.call(lambda: p.client["xep_0115"].update_caps())
        p.call(lambda: p.client.send_presence())
        # whether the server knows the caps already or learns them later,
        # the nick arrives: as the event, or as the last item (§4.3.3)
        publish(a, a_creds[0], NICK, "current", nick("Slix"))
        got = events.get(timeout=30)
        assert str(got["from"]) == a_creds[0]
        assert got["pubsub_event"]["items"]["item"]["nick"]["nick"] == "Slix"
    a.close()
