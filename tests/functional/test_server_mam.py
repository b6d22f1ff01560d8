"""The message archive (XEP-0313 urn:xmpp:mam:2) on both servers, with raw
clients: messages an account receives carry a stanza-id (XEP-0359) by its
bare JID (the embedded server removes one a sender forged; Prosody 0.12
passes it on beside its own); queries return the archive in order
with the same ids, filtered by peer and time, paged with RSM (max, after,
<before/> for the last page) with first, last and count; an unknown id is
item-not-found; nobody reads another account's archive."""
import xml.etree.ElementTree as ET

from rawxmpp import NS_CLIENT, Client, q, stanza_error

NS_MAM = "urn:xmpp:mam:2"
NS_SID = "urn:xmpp:sid:0"
NS_RSM = "http://jabber.org/protocol/rsm"
NS_FWD = "urn:xmpp:forward:0"
NS_DATA = "jabber:x:data"


def form(**fields):
    if not fields:
        return ""
    body = f"<field var='FORM_TYPE' type='hidden'><value>{NS_MAM}</value></field>"
    for k, v in fields.items():
        body += f"<field var='{k}'><value>{v}</value></field>"
    return f"<x xmlns='{NS_DATA}' type='submit'>{body}</x>"


def query(c, to=None, rsm="", **fields):
    """(bodies, ids, <fin/>) of a query, or the error <iq/>."""
    id = c.next_id()
    addr = f" to='{to}'" if to else ""
    c.send(f"<iq type='set' id='{id}'{addr}><query xmlns='{NS_MAM}' queryid='{id}'>"
           f"{form(**fields)}{rsm}</query></iq>")
    bodies, ids = [], []
    while True:
        el = c.recv()
        res = el.find(q(NS_MAM, "result"))
        if el.tag == q(NS_CLIENT, "message") and res is not None and res.get("queryid") == id:
            inner = res.find(f"{q(NS_FWD, 'forwarded')}/{q(NS_CLIENT, 'message')}")
            bodies.append(inner.find(q(NS_CLIENT, "body")).text)
            ids.append(res.get("id"))
        elif el.tag == q(NS_CLIENT, "iq") and el.get("id") == id:
            if el.get("type") == "error":
                return el
            return bodies, ids, el.find(q(NS_MAM, "fin"))


def rsm_set(max=None, after=None, before=None):
    s = f"<max>{max}</max>" if max is not None else ""
    s += f"<after>{after}</after>" if after else ""
    s += (f"<before>{before}</before>" if before else "<before/>") if before is not None else ""
    return f"<set xmlns='{NS_RSM}'>{s}</set>"


def rsm(fin, name):
    el = fin.find(f"{q(NS_RSM, 'set')}/{q(NS_RSM, name)}")
    return el.text if el is not None else None


def our_ids(m, by):
    return [s.get("id") for s in m.findall(q(NS_SID, "stanza-id")) if s.get("by") == by]


def test_archive(server):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    c_jid, _ = server.new_account("c")
    a = Client(server, a_jid, a_pw)
    b = Client(server, b_jid, b_pw)
    live = []
    for i in range(5):
        forged = f"<stanza-id xmlns='{NS_SID}' by='{a_jid}' id='forged'/>" if i == 2 else ""
        b.send(f"<message to='{a_jid}' type='chat'><body>m{i}</body>{forged}</message>")
        m = a.message(lambda m: m.find(q(NS_CLIENT, "body")) is not None)
        assert m.find(q(NS_CLIENT, "body")).text == f"m{i}"
        ids = our_ids(m, a_jid)
        genuine = [i for i in ids if i != "forged"]
        assert len(genuine) == 1, ET.tostring(m)
        if server.name == "xchat":   # Prosody 0.12 passes the forged one on too
            assert ids == genuine, ET.tostring(m)
        live.append(genuine[0])
    a.send(f"<message to='{c_jid}' type='chat'><body>to c</body></message>")
    a.send(f"<message to='{b_jid}' type='chat'><active xmlns="
           "'http://jabber.org/protocol/chatstates'/></message>")   # no body: not archived
    a.sync()

    bodies, ids, fin = query(a)
    assert bodies == ["m0", "m1", "m2", "m3", "m4", "to c"]
    assert ids[:5] == live
    assert fin.get("complete") in ("true", "1")
    assert rsm(fin, "first") == ids[0] and rsm(fin, "last") == ids[-1]

    # paging forwards, two at a time
    got, after = [], None
    for _ in range(3):
        page, pids, fin = query(a, rsm=rsm_set(max=2, after=after))
        got += page
        after = rsm(fin, "last")
        assert rsm(fin, "count") == "6"
    assert got == bodies
    assert fin.get("complete") in ("true", "1")
    page, _, fin = query(a, rsm=rsm_set(max=2, after=after))
    assert page == [] and fin.get("complete") in ("true", "1")
    # the last page
    page, _, fin = query(a, rsm=rsm_set(max=2, before=""))
    assert page == ["m4", "to c"]
    # before an id
    page, _, _ = query(a, rsm=rsm_set(max=2, before=ids[2]))
    assert page == ["m0", "m1"]

    # filters: by peer, by time
    assert query(a, **{"with": b_jid})[0] == ["m0", "m1", "m2", "m3", "m4"]
    assert query(a, **{"with": c_jid})[0] == ["to c"]
    page, _, fin = query(a, start="2100-01-01T00:00:00Z")
    assert page == [] and rsm(fin, "count") == "0"
    assert query(a, end="2000-01-01T00:00:00Z")[0] == []
    assert query(a, start="2000-01-01T00:00:00Z")[0] == bodies

    # an id that is not there; a date that is not one
    err = query(a, rsm=rsm_set(max=2, after="no-such-id"))
    assert stanza_error(err)[1] == "item-not-found"
    err = query(a, start="yesterday")
    assert stanza_error(err)[1] == "bad-request"

    # b's archive has b's side; nobody reads a's archive but a
    assert query(b, **{"with": a_jid})[0] == ["m0", "m1", "m2", "m3", "m4"]
    err = query(b, to=a_jid)
    assert stanza_error(err)[1] in ("forbidden", "service-unavailable")


def test_a_page_has_a_limit(server):
    """Asking for more than a server gives at once gets a page of its
    limit (250 here, 50 for Prosody) that says it is not complete."""
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    a = Client(server, a_jid, a_pw)
    b = Client(server, b_jid, b_pw)
    for i in range(260):
        b.send(f"<message to='{a_jid}' type='chat'><body>n{i}</body></message>")
    b.sync()
    a.sync()
    page, _, fin = query(a, rsm=rsm_set(max=100000))
    assert 0 < len(page) < 260 and page[0] == "n0"
    assert fin.get("complete") not in ("true", "1")
    assert rsm(fin, "count") == "260"
