"""Presence subscriptions (RFC 6121 §3 and Appendix A) between two local
accounts: requests, approval, refusal, cancellation, pre-approval, and
pending requests kept until answered."""
from rawxmpp import NS_CLIENT, Client, q


def is_type(t, frm=None):
    return lambda p: p.get("type") == t and (frm is None or p.get("from", "").split("/")[0] == frm)


def login_both(server):
    a_jid, a_pw = server.new_account("ua")
    b_jid, b_pw = server.new_account("ub")
    a, b = Client(server, a_jid, a_pw), Client(server, b_jid, b_pw)
    a.roster()
    b.roster()
    return a, b, (a_jid, a_pw), (b_jid, b_pw)


def subscribe_and_approve(a, b, a_gets="to", b_gets="from"):
    """a asks b, b approves: a now sees b's presence."""
    a.send_presence(to=b.bare, type="subscribe")
    a.push(b.bare, ask="subscribe")
    req = b.presence(is_type("subscribe", a.bare))
    assert req.get("from") == a.bare  # from the bare JID
    b.send_presence(to=a.bare, type="subscribed")
    b.push(a.bare, subscription=b_gets)
    a.presence(is_type("subscribed", b.bare))
    assert a.push(b.bare, subscription=a_gets).get("ask") is None


def test_request_and_approval(server):
    a, b, _, _ = login_both(server)
    subscribe_and_approve(a, b)
    # the approval shares b's presence with a
    a.presence(lambda p: p.get("type") is None and p.get("from", "").startswith(b.bare + "/"))
    a.close()
    b.close()


def test_mutual_gives_both(server):
    a, b, _, _ = login_both(server)
    subscribe_and_approve(a, b)
    subscribe_and_approve(b, a, a_gets="both", b_gets="both")
    a.close()
    b.close()


def test_refusal(server):
    a, b, _, _ = login_both(server)
    a.send_presence(to=b.bare, type="subscribe")
    a.push(b.bare)
    b.presence(is_type("subscribe", a.bare))
    b.send_presence(to=a.bare, type="unsubscribed")
    a.presence(is_type("unsubscribed", b.bare))
    item = a.push(b.bare)
    assert item.get("subscription") == "none" and item.get("ask") is None
    a.close()
    b.close()


def test_pending_request_redelivered_until_answered(server):
    a_jid, a_pw = server.new_account("pa")
    b_jid, b_pw = server.new_account("pb")
    a = Client(server, a_jid, a_pw)
    a.send_presence(to=b_jid, type="subscribe")
    a.sync()
    for _ in range(2):  # b logs in twice without answering: asked both times
        b = Client(server, b_jid, b_pw)
        b.presence(is_type("subscribe", a_jid))
        b.close()
    b = Client(server, b_jid, b_pw)
    b.presence(is_type("subscribe", a_jid))
    b.send_presence(to=a_jid, type="unsubscribed")
    b.sync()
    b.close()
    b = Client(server, b_jid, b_pw)
    b.nothing(is_type("subscribe", a_jid))
    b.close()
    a.close()


def test_pre_approval(server):
    a, b, _, _ = login_both(server)
    b.send_presence(to=a.bare, type="subscribed")  # before any request
    item = b.push(a.bare)
    if server.name == "xchat":  # §3.4 shows it; Prosody 0.12 omits the attribute
        assert item.get("approved") == "true"
    a.send_presence(to=b.bare, type="subscribe")
    a.presence(is_type("subscribed", b.bare))  # answered without asking b
    b.push(a.bare, subscription="from")
    b.nothing(is_type("subscribe", a.bare))
    a.close()
    b.close()


def test_cancel_subscription_sends_unavailable(server):
    a, b, _, _ = login_both(server)
    subscribe_and_approve(a, b)
    a.presence(lambda p: p.get("type") is None and p.get("from", "").startswith(b.bare + "/"))
    # b cancels a's subscription: a is told, and gets b's unavailable
    b.send_presence(to=a.bare, type="unsubscribed")
    b.push(a.bare, subscription="none")
    a.presence(is_type("unsubscribed", b.bare))
    a.presence(is_type("unavailable", b.bare))
    a.push(b.bare, subscription="none")
    a.close()
    b.close()


def test_unsubscribe(server):
    a, b, _, _ = login_both(server)
    subscribe_and_approve(a, b)
    a.send_presence(to=b.bare, type="unsubscribe")
    a.push(b.bare, subscription="none")
    b.presence(is_type("unsubscribe", a.bare))
    b.push(a.bare, subscription="none")
    a.presence(is_type("unavailable", b.bare))  # §3.3.3
    a.close()
    b.close()


def test_roster_remove_cancels_both_ways(server):
    a, b, _, _ = login_both(server)
    subscribe_and_approve(a, b)
    subscribe_and_approve(b, a, a_gets="both", b_gets="both")
    a.roster_set(b.bare, remove=True)
    a.push(b.bare, subscription="remove")
    b.presence(is_type("unsubscribe", a.bare))
    b.presence(is_type("unsubscribed", a.bare))
    b.push(a.bare, subscription="none")
    a.close()
    b.close()
