"""Message delivery (RFC 6121 §8.5) and offline storage (XEP-0160 with
XEP-0203 delay stamps)."""
from peers import SlixPeer
from rawxmpp import NS_CLIENT, Client, q, stanza_error


def body_is(text):
    return lambda m: m.findtext(q(NS_CLIENT, "body")) == text


def send(c, to, body, type="chat", id=None):
    idattr = f" id='{id}'" if id else ""
    c.send(f"<message to='{to}' type='{type}'{idattr}><body>{body}</body></message>")


def test_bare_jid_goes_to_highest_priority(server):
    sender, pw = server.new_account("ms")
    jid, rpw = server.new_account("mr")
    hi = Client(server, jid, rpw, resource="hi", priority=5)
    lo = Client(server, jid, rpw, resource="lo", priority=1)
    s = Client(server, sender, pw)
    send(s, jid, "to the best")
    hi.message(body_is("to the best"))
    s.sync()
    lo.nothing(body_is("to the best"))
    for c in (hi, lo, s):
        c.close()


def test_equal_priorities_all_get_it(server):
    sender, pw = server.new_account("ms")
    jid, rpw = server.new_account("mr")
    one = Client(server, jid, rpw, resource="one", priority=2)
    two = Client(server, jid, rpw, resource="two", priority=2)
    s = Client(server, sender, pw)
    send(s, jid, "to both")
    one.message(body_is("to both"))
    two.message(body_is("to both"))
    for c in (one, two, s):
        c.close()


def test_headline_to_all_non_negative(server):
    sender, pw = server.new_account("ms")
    jid, rpw = server.new_account("mr")
    hi = Client(server, jid, rpw, resource="hi", priority=5)
    lo = Client(server, jid, rpw, resource="lo", priority=0)
    neg = Client(server, jid, rpw, resource="neg", priority=-1)
    s = Client(server, sender, pw)
    send(s, jid, "news", type="headline")
    hi.message(body_is("news"))
    lo.message(body_is("news"))
    s.sync()
    neg.nothing(body_is("news"))
    for c in (hi, lo, neg, s):
        c.close()


def test_full_jid_reaches_that_resource_only(server):
    sender, pw = server.new_account("ms")
    jid, rpw = server.new_account("mr")
    hi = Client(server, jid, rpw, resource="hi", priority=5)
    lo = Client(server, jid, rpw, resource="lo", priority=-5)
    s = Client(server, sender, pw)
    send(s, lo.jid, "just you", type="normal")
    lo.message(body_is("just you"))
    s.sync()
    hi.nothing(body_is("just you"))
    for c in (hi, lo, s):
        c.close()


def test_chat_to_missing_resource_falls_back_to_bare(server):
    sender, pw = server.new_account("ms")
    jid, rpw = server.new_account("mr")
    r = Client(server, jid, rpw, resource="here")
    s = Client(server, sender, pw)
    send(s, jid + "/gone", "find me")
    assert r.message(body_is("find me")).get("to") in (jid + "/gone", jid, r.jid)
    r.close()
    s.close()


def test_normal_to_missing_resource_is_an_error(xchat_server):
    """§8.5.3.2.2; Prosody 0.12 treats it as bare instead."""
    sender, pw = xchat_server.new_account("ms")
    jid, rpw = xchat_server.new_account("mr")
    r = Client(xchat_server, jid, rpw, resource="here")
    s = Client(xchat_server, sender, pw)
    send(s, jid + "/gone", "lost", type="normal", id="n1")
    el = s.message(lambda m: m.get("id") == "n1")
    assert stanza_error(el)[1] == "service-unavailable"
    r.close()
    s.close()


def test_groupchat_to_bare_jid_is_refused(server):
    sender, pw = server.new_account("ms")
    jid, _ = server.new_account("mr")
    s = Client(server, sender, pw)
    send(s, jid, "room?", type="groupchat", id="g1")
    el = s.message(lambda m: m.get("id") == "g1")
    assert el.get("type") == "error" and stanza_error(el)[1] == "service-unavailable"
    s.close()


def test_offline_messages_in_order_with_delay(server):
    sender, pw = server.new_account("os")
    jid, rpw = server.new_account("or")
    with SlixPeer(server, sender, pw) as s:
        for i in range(3):
            s.send_message(jid, f"offline {i}")
        s.call(s.client.get_roster)  # a round trip: all three are stored by now
    # a negative-priority resource does not take them
    neg = Client(server, jid, rpw, resource="neg", priority=-1)
    neg.sync()
    neg.nothing(lambda e: e.tag == q(NS_CLIENT, "message"))
    r = Client(server, jid, rpw, resource="back")
    for i in range(3):
        m = r.message()
        assert m.findtext(q(NS_CLIENT, "body")) == f"offline {i}"
        delay = m.find("{urn:xmpp:delay}delay")
        assert delay is not None and delay.get("stamp") and delay.get("from") == server.domain
        assert m.get("from").split("/")[0] == sender
    neg.close()
    r.close()


def test_negative_priority_never_gets_bare_messages(server):
    sender, pw = server.new_account("ms")
    jid, rpw = server.new_account("mr")
    neg = Client(server, jid, rpw, resource="neg", priority=-1)
    s = Client(server, sender, pw)
    send(s, jid, "kept for later")
    s.sync()
    neg.nothing(body_is("kept for later"))
    r = Client(server, jid, rpw, resource="pos", priority=0)
    r.message(body_is("kept for later"))
    for c in (neg, s, r):
        c.close()


def test_message_without_to_goes_to_own_resources(server):
    jid, pw = server.new_account("me")
    a = Client(server, jid, pw, resource="a")
    b = Client(server, jid, pw, resource="b")
    a.send("<message type='chat'><body>note to self</body></message>")
    b.message(body_is("note to self"))
    a.close()
    b.close()
