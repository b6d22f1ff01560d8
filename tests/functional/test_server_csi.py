"""Client state indication (XEP-0352) on the embedded server, with raw
clients: the feature is offered after binding; while a client is inactive,
presence updates and chat-state-only messages for it wait (the latest per
sender), while messages and subscription requests go at once; <active/>
sends what waited; past [server] csi_max_held senders everything goes."""
from rawxmpp import NS_CLIENT, Client, q

NS_CSI = "urn:xmpp:csi:0"
CHATSTATES = "http://jabber.org/protocol/chatstates"


def until_pong(c):
    """Everything `c` receives before the answer to a ping sent now (the
    server answers in order, so whatever was routed to it earlier comes
    first)."""
    id = c.next_id()
    c.send(f"<iq type='get' id='{id}' to='{c.server.domain}'><ping xmlns='urn:xmpp:ping'/></iq>")
    got = []
    while True:
        el = c.recv()
        if el.get("id") == id:
            return got
        got.append(el)


def kinds(els, sender):
    """(tag, type, show, body, chat state) of each stanza from `sender`."""
    out = []
    for e in els:
        if not (e.get("from") or "").startswith(sender):
            continue
        show = e.find(q(NS_CLIENT, "show"))
        body = e.find(q(NS_CLIENT, "body"))
        state = next((x.tag.split("}")[1] for x in e if x.tag.startswith("{" + CHATSTATES)),
                     None)
        out.append((e.tag.split("}")[1], e.get("type"), show.text if show is not None else None,
                    body.text if body is not None else None, state))
    return out


def test_inactive_client_gets_what_matters(make_xchat_server):
    srv = make_xchat_server(server_conf="csi_max_held = 3\n")
    a_jid, a_pw = srv.new_account("a")
    b_jid, b_pw = srv.new_account("b")
    a = Client(srv, a_jid, a_pw)
    b = Client(srv, b_jid, b_pw)
    assert a.features.find(q(NS_CSI, "csi")) is not None
    until_pong(a)
    a.send(f"<inactive xmlns='{NS_CSI}'/>")
    a.sync()   # in force before the others send
    for show in ("away", "dnd"):
        b.send(f"<presence to='{a.jid}'><show>{show}</show></presence>")
    b.send(f"<message to='{a.jid}' type='chat'><composing xmlns='{CHATSTATES}'/></message>")
    b.send(f"<message to='{a.jid}' type='chat'><body>hello</body></message>")
    b.send(f"<presence to='{a_jid}' type='subscribe'/>")
    b.sync()
    assert kinds(until_pong(a), b_jid) == [("message", "chat", None, "hello", None),
                                          ("presence", "subscribe", None, None, None)]
    a.send(f"<active xmlns='{NS_CSI}'/>")
    assert kinds(until_pong(a), b_jid) == [("presence", None, "dnd", None, None),
                                          ("message", "chat", None, None, "composing")]
    # active again: presence goes at once
    b.send(f"<presence to='{a.jid}'><show>xa</show></presence>")
    b.sync()
    assert kinds(until_pong(a), b_jid) == [("presence", None, "xa", None, None)]


def test_held_senders_are_bounded(make_xchat_server):
    srv = make_xchat_server(server_conf="csi_max_held = 3\n")
    a_jid, a_pw = srv.new_account("a")
    a = Client(srv, a_jid, a_pw)
    until_pong(a)
    a.send(f"<inactive xmlns='{NS_CSI}'/>")
    a.sync()   # in force before the others send
    others = []
    for i in range(4):
        jid, pw = srv.new_account(f"s{i}")
        others.append((jid, Client(srv, jid, pw)))
    for jid, c in others:
        c.send(f"<presence to='{a.jid}'><status>from {jid}</status></presence>")
        c.sync()
    # the fourth sender is one more than csi_max_held: the three held go out
    got = until_pong(a)
    senders = [e.get("from").split("/")[0] for e in got if e.tag == q(NS_CLIENT, "presence")]
    assert senders == [jid for jid, _ in others[:3]]
    a.send(f"<active xmlns='{NS_CSI}'/>")
    got = until_pong(a)
    senders = [e.get("from").split("/")[0] for e in got if e.tag == q(NS_CLIENT, "presence")]
    assert senders == [others[3][0]]
