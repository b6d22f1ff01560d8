"""Room archives (XEP-0313 urn:xmpp:mam:2 on a MUC room) on both servers,
with raw clients: every groupchat message with a body is archived under
the stanza-id (XEP-0359, by the room) its reflected copy carries, a
forged one claiming the room is removed; a query to the room returns the
messages from the occupant JIDs, paged with RSM; the `ids` field
(urn:xmpp:mam:2#extended) picks messages by id, in rooms and in an
account's archive; a members-only room's archive is forbidden to
outsiders, a public room's to the banned; destroying a room drops its
archive. Filtering by `with` (an occupant JID) is the embedded server's
only: Prosody 0.12's mod_muc_mam ignores the field.

And an account's archiving preferences (XEP-0313 §6): default never with
an always list, a never list over default always, default roster; both
servers leave an unarchived message without a stanza-id. Prosody 0.12
accepts a default it does not know; the embedded server says
bad-request."""
import xml.etree.ElementTree as ET

from mucraw import (INFO, MUC_USER, SID, admin, configure, create_instant, error_of, groupchat,
                    iq, join, new_room, presence_of, say)
from rawxmpp import NS_CLIENT, Client, q

NS_MAM = "urn:xmpp:mam:2"
NS_MAM_EXT = NS_MAM + "#extended"
NS_RSM = "http://jabber.org/protocol/rsm"
NS_FWD = "urn:xmpp:forward:0"
NS_DATA = "jabber:x:data"


def form(fields):
    """A submitted MAM form; a list value gives several <value/>s."""
    if not fields:
        return ""
    body = f"<field var='FORM_TYPE' type='hidden'><value>{NS_MAM}</value></field>"
    for k, v in fields.items():
        values = v if isinstance(v, list) else [v]
        body += f"<field var='{k}'>" + "".join(f"<value>{x}</value>" for x in values) + "</field>"
    return f"<x xmlns='{NS_DATA}' type='submit'>{body}</x>"


def query(c, to=None, rsm="", **fields):
    """([(result id, <result/>'s outer message, forwarded message)], <fin/>),
    or the error <iq/>."""
    id = c.next_id()
    addr = f" to='{to}'" if to else ""
    c.send(f"<iq type='set' id='{id}'{addr}><query xmlns='{NS_MAM}' queryid='{id}'>"
           f"{form(fields)}{rsm}</query></iq>")
    got = []
    while True:
        el = c.recv()
        res = el.find(q(NS_MAM, "result"))
        if el.tag == q(NS_CLIENT, "message") and res is not None and res.get("queryid") == id:
            inner = res.find(f"{q(NS_FWD, 'forwarded')}/{q(NS_CLIENT, 'message')}")
            got.append((res.get("id"), el, inner))
        elif el.tag == q(NS_CLIENT, "iq") and el.get("id") == id:
            if el.get("type") == "error":
                return el
            return got, el.find(q(NS_MAM, "fin"))


def bodies(got):
    return [inner.findtext(q(NS_CLIENT, "body")) for _, _, inner in got]


def rsm_set(max=None, after=None, last=False):
    s = f"<max>{max}</max>" if max is not None else ""
    s += f"<after>{after}</after>" if after else ""
    s += "<before/>" if last else ""
    return f"<set xmlns='{NS_RSM}'>{s}</set>"


def rsm(fin, name):
    el = fin.find(f"{q(NS_RSM, 'set')}/{q(NS_RSM, name)}")
    return el.text if el is not None else None


def room_ids(m, room):
    return [s.get("id") for s in m.findall(q(SID, "stanza-id")) if s.get("by") == room]


def features(c, to):
    r = iq(c, to, "get", f"<query xmlns='{INFO}'/>")
    return {f.get("var") for f in r.iter(q(INFO, "feature"))}


def room_with(server, n_users=2):
    """A public room made by the first of `n_users` new accounts."""
    users = []
    for i in range(n_users):
        jid, pw = server.new_account(f"u{i}")
        users.append(Client(server, jid, pw))
    room = new_room(server, "mam")
    create_instant(users[0], room, "owner")
    return room, users


def test_room_archive(server):
    room, (owner, outsider) = room_with(server)
    assert NS_MAM in features(owner, room)
    sent = []
    for i in range(5):
        forged = f"<stanza-id xmlns='{SID}' by='{room}' id='forged'/>" if i == 2 else ""
        owner.send(f"<message to='{room}' type='groupchat'><body>m{i}</body>{forged}</message>")
        m = groupchat(owner, room, f"m{i}")
        ids = room_ids(m, room)
        assert len(ids) == 1 and ids[0] != "forged", ET.tostring(m)
        sent.append(ids[0])
    # an occupant and somebody who never joined read the same archive
    for c in (owner, outsider):
        got, fin = query(c, room)
        assert bodies(got) == [f"m{i}" for i in range(5)]
        assert [i for i, _, _ in got] == sent
        for _, outer, inner in got:
            assert outer.get("from") == room
            assert inner.get("from") == f"{room}/owner"
            assert inner.get("type") == "groupchat"
        assert fin.get("complete") == "true"
        assert rsm(fin, "first") == sent[0] and rsm(fin, "last") == sent[-1]
        assert rsm(fin, "count") == "5"
    # the ids bound a range as in an account's archive
    got, _ = query(owner, room, **{"after-id": sent[1], "before-id": sent[4]})
    assert bodies(got) == ["m2", "m3"]
    # and one nobody gave out is unknown
    r = query(owner, room, **{"after-id": "no-such-id"})
    assert error_of(r)[1] == "item-not-found"


def test_history_carries_archive_id(server):
    room, (owner, late) = room_with(server)
    say(owner, room, "before you came")
    sid = room_ids(groupchat(owner, room, "before you came"), room)
    j = join(late, room, "late", history="maxstanzas='5'")
    hist = [m for m in j.of("history") if m.findtext(q(NS_CLIENT, "body")) == "before you came"]
    assert len(hist) == 1
    assert room_ids(hist[0], room) == sid
    got, _ = query(late, room)
    assert [i for i, _, _ in got] == sid


def test_paging(server):
    room, (owner, reader) = room_with(server)
    for i in range(120):
        say(owner, room, f"p{i}")
    groupchat(owner, room, "p119", timeout=60)
    want = [f"p{i}" for i in range(120)]
    seen, after = [], None
    for _ in range(10):
        got, fin = query(reader, room, rsm=rsm_set(max=50, after=after))
        seen += bodies(got)
        assert rsm(fin, "count") == "120"
        if fin.get("complete") == "true":
            break
        after = rsm(fin, "last")
    assert seen == want
    got, fin = query(reader, room, rsm=rsm_set(max=30, last=True))
    assert bodies(got) == want[-30:]


def test_members_only_and_banned(server):
    room, (owner, member, outsider, banned) = room_with(server, 4)
    r = configure(owner, room, {"muc#roomconfig_membersonly": "1"})
    assert r.get("type") == "result", ET.tostring(r)
    r = admin(owner, room, f"<item affiliation='member' jid='{member.bare}'/>")
    assert r.get("type") == "result", ET.tostring(r)
    say(owner, room, "members only")
    groupchat(owner, room, "members only")
    assert error_of(query(outsider, room))[1] == "forbidden"
    got, _ = query(member, room)
    assert bodies(got) == ["members only"]
    # a public room: anyone but the banned
    room2 = new_room(server, "mamban")
    create_instant(owner, room2, "owner")
    r = admin(owner, room2, f"<item affiliation='outcast' jid='{banned.bare}'/>")
    assert r.get("type") == "result", ET.tostring(r)
    say(owner, room2, "not for the banned")
    groupchat(owner, room2, "not for the banned")
    assert error_of(query(banned, room2))[1] == "forbidden"
    got, _ = query(outsider, room2)
    assert bodies(got) == ["not for the banned"]


def test_ids_filter(server):
    room, (owner, reader) = room_with(server)
    ids = []
    for i in range(6):
        say(owner, room, f"i{i}")
        ids.append(room_ids(groupchat(owner, room, f"i{i}"), room)[0])
    got, fin = query(reader, room, ids=[ids[4], ids[1]])
    assert bodies(got) == ["i1", "i4"]
    assert rsm(fin, "count") in ("2", None)
    # an account's archive takes the field too
    a_jid, a_pw = server.new_account("ia")
    b_jid, b_pw = server.new_account("ib")
    a, b = Client(server, a_jid, a_pw), Client(server, b_jid, b_pw)
    mine = []
    for i in range(4):
        b.send(f"<message to='{a_jid}' type='chat'><body>d{i}</body></message>")
        m = a.message(lambda m: m.findtext(q(NS_CLIENT, "body")) == f"d{i}")
        mine.append([s.get("id") for s in m.findall(q(SID, "stanza-id"))
                     if s.get("by") == a_jid][0])
    got, _ = query(a, ids=[mine[0], mine[3]])
    assert bodies(got) == ["d0", "d3"]


def test_extended_advertised(server):
    room, (owner, _) = room_with(server)
    assert NS_MAM_EXT in features(owner, room)


def test_destroy_drops_archive(server):
    room, (owner, reader) = room_with(server)
    say(owner, room, "soon gone")
    groupchat(owner, room, "soon gone")
    r = iq(owner, room, "set", "<query xmlns='http://jabber.org/protocol/muc#owner'>"
                               "<destroy/></query>")
    assert r.get("type") == "result", ET.tostring(r)
    presence_of(owner, f"{room}/owner", lambda p: p.get("type") == "unavailable")
    create_instant(owner, room, "owner")
    r = query(reader, room)
    assert isinstance(r, tuple), ET.tostring(r)
    assert r[0] == []


def test_with_nick(server):
    if server.name != "xchat":
        return   # Prosody 0.12's mod_muc_mam ignores `with` in room queries
    room, (owner, other) = room_with(server)
    join(other, room, "other")
    say(owner, room, "from owner")
    groupchat(other, room, "from owner")
    say(other, room, "from other")
    groupchat(owner, room, "from other")
    got, _ = query(owner, room, **{"with": f"{room}/other"})
    assert bodies(got) == ["from other"]
    got, _ = query(owner, room, **{"with": f"{room}/owner"})
    assert bodies(got) == ["from owner"]
    assert error_of(query(owner, room, **{"with": "someone@else"}))[1] == "bad-request"


def test_real_jid_not_archived(server):
    """A semi-anonymous room's archive names occupants by nick only."""
    room, (owner, reader) = room_with(server)
    say(owner, room, "who am I")
    groupchat(owner, room, "who am I")
    got, _ = query(reader, room)
    for _, outer, inner in got:
        raw = ET.tostring(outer).decode()
        assert owner.bare not in raw, raw
        assert inner.find(q(MUC_USER, "x")) is None


# ---- an account's archiving preferences (XEP-0313 §6) ----------------------------------

def set_prefs(c, default, always=(), never=()):
    def jids(name, js):
        return f"<{name}>" + "".join(f"<jid>{j}</jid>" for j in js) + f"</{name}>"
    id = c.next_id()
    return c.iq(f"<iq type='set' id='{id}'><prefs xmlns='{NS_MAM}' default='{default}'>"
                f"{jids('always', always)}{jids('never', never)}</prefs></iq>", id)


def prefs_of(r):
    p = r.find(q(NS_MAM, "prefs"))
    lists = {n: sorted(j.text for j in p.iter(q(NS_MAM, "jid"))
                       if j in list(p.find(q(NS_MAM, n)) or []))
             for n in ("always", "never")}
    return p.get("default"), lists["always"], lists["never"]


def exchange(sender, receiver, body):
    """Sends `body`; the receiver's copy's stanza-ids by its own bare JID."""
    sender.send(f"<message to='{receiver.bare}' type='chat'><body>{body}</body></message>")
    m = receiver.message(lambda m: m.findtext(q(NS_CLIENT, "body")) == body)
    return [s.get("id") for s in m.findall(q(SID, "stanza-id")) if s.get("by") == receiver.bare]


def accounts(server, n, prefix):
    out = []
    for i in range(n):
        jid, pw = server.new_account(f"{prefix}{i}")
        out.append(Client(server, jid, pw))
    return out


def test_prefs_never_and_always(server):
    a, b, c = accounts(server, 3, "pn")
    r = set_prefs(a, "never", always=[c.bare])
    assert r.get("type") == "result", ET.tostring(r)
    id_ = a.next_id()
    got = a.iq(f"<iq type='get' id='{id_}'><prefs xmlns='{NS_MAM}'/></iq>", id_)
    assert prefs_of(got) == ("never", [c.bare], [])
    assert exchange(b, a, "not kept") == []
    assert len(exchange(c, a, "kept")) == 1
    a.send(f"<message to='{b.bare}' type='chat'><body>mine, not kept</body></message>")
    b.message(lambda m: m.findtext(q(NS_CLIENT, "body")) == "mine, not kept")
    got, _ = query(a)
    assert bodies(got) == ["kept"]
    # b set nothing: b keeps both what it sent and what it got
    got, _ = query(b)
    assert bodies(got) == ["not kept", "mine, not kept"]


def test_prefs_never_list(server):
    a, b, c = accounts(server, 3, "pl")
    r = set_prefs(a, "always", never=[b.bare])
    assert r.get("type") == "result", ET.tostring(r)
    assert exchange(b, a, "from b") == []
    assert len(exchange(c, a, "from c")) == 1
    got, _ = query(a)
    assert bodies(got) == ["from c"]


def test_prefs_roster(server):
    a, friend, stranger = accounts(server, 3, "pr")
    r = a.roster_set(friend.bare, name="friend")
    assert r.get("type") == "result", ET.tostring(r)
    r = set_prefs(a, "roster")
    assert r.get("type") == "result", ET.tostring(r)
    assert len(exchange(friend, a, "from a contact")) == 1
    assert exchange(stranger, a, "from a stranger") == []
    got, _ = query(a)
    assert bodies(got) == ["from a contact"]


def test_prefs_bad_default(server):
    if server.name != "xchat":
        return   # Prosody 0.12 answers a result, its <prefs/> without a default
    (a,) = accounts(server, 1, "pb")
    assert error_of(set_prefs(a, "sometimes"))[1] == "bad-request"
