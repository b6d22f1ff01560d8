"""Group chat (XEP-0045) and PubSub (XEP-0060) over rawxmpp clients: the
few exchanges the server scenarios repeat (join a room and read what
comes back in order, create an instant room, publish, subscribe), with
the element trees returned for the scenario to judge.

Every wait is bounded by rawxmpp's WAIT: a missing answer fails the test.
"""
import secrets
import xml.etree.ElementTree as ET

from rawxmpp import NS_CLIENT, q, stanza_error

MUC = "http://jabber.org/protocol/muc"
MUC_USER = MUC + "#user"
MUC_ADMIN = MUC + "#admin"
MUC_OWNER = MUC + "#owner"
DATA = "jabber:x:data"
DELAY = "urn:xmpp:delay"
SID = "urn:xmpp:sid:0"
INFO = "http://jabber.org/protocol/disco#info"
ITEMS = "http://jabber.org/protocol/disco#items"
PUBSUB = "http://jabber.org/protocol/pubsub"
PUBSUB_OWNER = PUBSUB + "#owner"
PUBSUB_EVENT = PUBSUB + "#event"
PUBSUB_ERRORS = PUBSUB + "#errors"
ATOM = "http://www.w3.org/2005/Atom"


def conference(server):
    return f"conference.{server.domain}"


def new_room(server, prefix="room"):
    return f"{prefix}{secrets.token_hex(4)}@{conference(server)}"


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("'", "&apos;"))


def codes(el):
    """The MUC status codes of a presence or message."""
    x = el.find(q(MUC_USER, "x"))
    return {int(s.get("code")) for s in x.iter(q(MUC_USER, "status"))} if x is not None else set()


def item(el):
    x = el.find(q(MUC_USER, "x"))
    return x.find(q(MUC_USER, "item")) if x is not None else None


def is_subject(el):
    return (el.tag == q(NS_CLIENT, "message") and el.find(q(NS_CLIENT, "subject")) is not None
            and el.find(q(NS_CLIENT, "body")) is None)


def from_room(el, room):
    f = el.get("from", "")
    return f == room or f.startswith(room + "/")


class Join:
    """What a join brought, in the order it came."""

    def __init__(self, order):
        self.order = order  # ("presence"|"self"|"history"|"subject"|"error", element)

    def kinds(self):
        return [k for k, _ in self.order]

    def of(self, kind):
        return [e for k, e in self.order if k == kind]

    @property
    def self_presence(self):
        s = self.of("self")
        return s[0] if s else None

    @property
    def error(self):
        e = self.of("error")
        return e[0] if e else None


def join(c, room, nick, password=None, history=None, x=True, extra=""):
    """Sends a join presence and reads until the subject (or an error)."""
    hist = f"<history {history}/>" if history else ""
    pw = f"<password>{esc(password)}</password>" if password else ""
    body = f"<x xmlns='{MUC}'>{hist}{pw}</x>" if x else ""
    c.send(f"<presence to='{room}/{esc(nick)}'>{body}{extra}</presence>")
    order = []
    while True:
        el = c.recv_until(lambda e: from_room(e, room))
        if el.get("type") == "error":
            order.append(("error", el))
            return Join(order)
        if el.tag == q(NS_CLIENT, "presence"):
            order.append(("self" if 110 in codes(el) else "presence", el))
        elif is_subject(el):
            order.append(("subject", el))
            return Join(order)
        elif el.tag == q(NS_CLIENT, "message"):
            order.append(("history", el))


def iq(c, to, type_, payload):
    id = c.next_id()
    return c.iq(f"<iq type='{type_}' id='{id}' to='{to}'>{payload}</iq>", id)


def create_instant(c, room, nick="owner"):
    """Creates a room with the default settings (an instant room, §10.1.2)."""
    j = join(c, room, nick)
    assert j.error is None, ET.tostring(j.error)
    if 201 in codes(j.self_presence):
        r = iq(c, room, "set", f"<query xmlns='{MUC_OWNER}'><x xmlns='{DATA}' type='submit'/></query>")
        assert r.get("type") == "result", ET.tostring(r)
    return j


def configure(c, room, fields):
    """Submits a muc#roomconfig form with these fields (var → value or list)."""
    body = f"<field var='FORM_TYPE'><value>{MUC}#roomconfig</value></field>"
    for var, value in fields.items():
        values = value if isinstance(value, list) else [value]
        body += f"<field var='{var}'>" + "".join(f"<value>{esc(v)}</value>" for v in values) + "</field>"
    return iq(c, room, "set", f"<query xmlns='{MUC_OWNER}'><x xmlns='{DATA}' type='submit'>"
                               f"{body}</x></query>")


def say(c, room, body, id=None):
    id = id or c.next_id()
    c.send(f"<message to='{room}' type='groupchat' id='{id}'><body>{esc(body)}</body></message>")
    return id


def groupchat(c, room, body=None, timeout=None):
    """The next groupchat message from the room (with that body)."""
    def match(e):
        return (e.tag == q(NS_CLIENT, "message") and e.get("type") == "groupchat"
                and from_room(e, room) and (body is None or e.findtext(q(NS_CLIENT, "body")) == body))
    return c.recv_until(match, **({"timeout": timeout} if timeout else {}))


def presence_of(c, occupant, pred=lambda p: True):
    return c.recv_until(lambda e: e.tag == q(NS_CLIENT, "presence") and e.get("from") == occupant
                        and pred(e))


def admin(c, room, items):
    return iq(c, room, "set", f"<query xmlns='{MUC_ADMIN}'>{items}</query>")


def error_of(el):
    assert el.get("type") == "error", ET.tostring(el)
    return stanza_error(el)


def pubsub_error(el):
    """The XEP-0060 application condition of an error, or None."""
    err = el.find(q(NS_CLIENT, "error"))
    for c in err if err is not None else []:
        if c.tag.startswith("{" + PUBSUB_ERRORS + "}"):
            return c.tag.split("}")[1]
    return None


def pubsub_service(server):
    return f"pubsub.{server.domain}"


def pubsub_admin(server):
    """(jid, password) of the account that makes PubSub nodes in the
    scenarios: conftest's Server.pubsub_admin (an admin on Prosody)."""
    return server.pubsub_admin()


def ps(c, to, type_, body, owner=False):
    """A pubsub (or pubsub#owner) request; returns the answer."""
    ns = PUBSUB_OWNER if owner else PUBSUB
    return iq(c, to, type_, f"<pubsub xmlns='{ns}'>{body}</pubsub>")


def publish(c, to, node, item_id, payload, options=None):
    opts = ""
    if options:
        fields = "".join(f"<field var='{k}'><value>{v}</value></field>" for k, v in options.items())
        opts = (f"<publish-options><x xmlns='{DATA}' type='submit'><field var='FORM_TYPE' "
                f"type='hidden'><value>{PUBSUB}#publish-options</value></field>{fields}</x>"
                "</publish-options>")
    id_attr = f" id='{item_id}'" if item_id else ""
    return ps(c, to, "set", f"<publish node='{node}'><item{id_attr}>{payload}</item></publish>{opts}")


def items(c, to, node, extra="", inner=""):
    r = ps(c, to, "get", f"<items node='{node}'{extra}>{inner}</items>")
    if r.get("type") != "result":
        return r, None
    return r, [i.get("id") for i in r.iter(q(PUBSUB, "item"))]


def event_items(m):
    """(node, [item ids], [retracted ids]) of a PubSub event message."""
    ev = m.find(q(PUBSUB_EVENT, "event"))
    its = ev.find(q(PUBSUB_EVENT, "items")) if ev is not None else None
    if its is None:
        return None, [], []
    return (its.get("node"), [i.get("id") for i in its.findall(q(PUBSUB_EVENT, "item"))],
            [r.get("id") for r in its.findall(q(PUBSUB_EVENT, "retract"))])


def is_event(node=None):
    def match(e):
        if e.tag != q(NS_CLIENT, "message"):
            return False
        ev = e.find(q(PUBSUB_EVENT, "event"))
        if ev is None:
            return False
        return node is None or any(c.get("node") == node for c in ev)
    return match


CAPS = "http://jabber.org/protocol/caps"
CAPS_NODE = "https://xchat.example/tests"


def caps_ver(features, identity=("client", "pc", "", "raw")):
    """XEP-0115 §5.1 for one identity and these features (no forms)."""
    import base64
    import hashlib
    s = "/".join(identity) + "<" + "".join(f + "<" for f in sorted(set(features)))
    return base64.b64encode(hashlib.sha1(s.encode()).digest()).decode()


def disco_answer(features, identity=("client", "pc", "", "raw")):
    cat, typ, _, name = identity
    return (f"<identity category='{cat}' type='{typ}' name='{name}'/>"
            + "".join(f"<feature var='{f}'/>" for f in sorted(set(features))))


def caps_presence(c, features, ver=None, answer=None, extra=""):
    """Sends available presence with caps for `features` and answers the
    server's disco#info question if it asks one (it asks while handling
    the presence, so before the answer to a ping sent just after). Returns
    whether it was asked. `answer` overrides the features answered."""
    ver = ver or caps_ver(features)
    c.send(f"<presence>{extra}<c xmlns='{CAPS}' hash='sha-1' node='{CAPS_NODE}' ver='{ver}'/>"
           "</presence>")
    id = c.next_id()
    c.send(f"<iq type='get' id='{id}' to='{c.server.domain}'><ping xmlns='urn:xmpp:ping'/></iq>")
    asked = False
    while True:
        el = c.recv_until(lambda e: e.tag == q(NS_CLIENT, "iq") and (
            e.get("id") == id or (e.get("type") == "get" and e.find(q(INFO, "query")) is not None)))
        if el.get("id") == id:
            return asked
        asked = True
        node = el.find(q(INFO, "query")).get("node", "")
        body = disco_answer(answer if answer is not None else features)
        c.send(f"<iq type='result' id='{el.get('id')}' to='{el.get('from')}'>"
               f"<query xmlns='{INFO}' node='{node}'>{body}</query></iq>")
