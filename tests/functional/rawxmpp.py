"""A raw-socket XMPP client for scenarios a real client library would never
produce: malformed XML, wrong headers, stanzas out of order, spoofed
addresses. It speaks just enough of the protocol (STARTTLS, SASL PLAIN,
bind) to reach the state a scenario needs, then sends bytes as given.

Every read is bounded (WAIT seconds): a missing answer fails the test
instead of hanging it. That bound is a liveness limit, never a speed check.
"""
import base64
import socket
import ssl
import time
import xml.etree.ElementTree as ET

WAIT = 15
NS_STREAM = "http://etherx.jabber.org/streams"
NS_STREAMS_ERR = "urn:ietf:params:xml:ns:xmpp-streams"
NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls"
NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind"
NS_CLIENT = "jabber:client"


def q(ns, name):
    return "{%s}%s" % (ns, name)


class Closed(Exception):
    """The server closed the connection."""


class StreamError(Exception):
    def __init__(self, condition, text):
        super().__init__(f"stream error {condition}: {text}")
        self.condition = condition
        self.text = text


def header(to="localhost", version="1.0", ns=NS_CLIENT, stream_ns=NS_STREAM, extra=""):
    to_attr = f" to='{to}'" if to is not None else ""
    ver_attr = f" version='{version}'" if version is not None else ""
    return (f"<?xml version='1.0'?><stream:stream xmlns='{ns}' xmlns:stream='{stream_ns}'"
            f"{to_attr}{ver_attr}{extra}>")


class Raw:
    def __init__(self, server, source=None):
        self.server = server
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if source:  # another loopback address: a fresh per-address record on the server
            self.sock.bind((source, 0))
        self.sock.settimeout(WAIT)
        self.sock.connect((server.host, server.port))
        self.stream_attrs = None
        self.ended = False
        self._reset_parser()

    # -- plumbing ------------------------------------------------------
    def _reset_parser(self):
        self.parser = ET.XMLPullParser(events=("start", "end"))
        self.depth = 0
        self.pending = []

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def _pump(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("nothing more from the server")
        self.sock.settimeout(left)
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, ssl.SSLError):
            data = b""
        if not data:
            raise Closed()
        self.parser.feed(data)
        for event, el in self.parser.read_events():
            if event == "start":
                self.depth += 1
                if self.depth == 1:
                    self.stream_attrs = dict(el.attrib)
            else:
                self.depth -= 1
                if self.depth == 1:
                    self.pending.append(el)
                elif self.depth == 0:
                    self.ended = True

    def recv(self, timeout=WAIT):
        """The next top-level element; raises StreamError for a stream error."""
        deadline = time.monotonic() + timeout
        while not self.pending:
            self._pump(deadline)
        el = self.pending.pop(0)
        if el.tag == q(NS_STREAM, "error"):
            cond = next((c.tag.split("}")[1] for c in el if c.tag != q(NS_STREAMS_ERR, "text")),
                        None)
            text = el.findtext(q(NS_STREAMS_ERR, "text"))
            raise StreamError(cond, text)
        return el

    def recv_until(self, pred, timeout=WAIT):
        """The first element (already received or still to come) matching
        `pred`; the others stay queued for later reads."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            while seen < len(self.pending):
                el = self.pending[seen]
                if el.tag == q(NS_STREAM, "error"):
                    self.pending = self.pending[seen:]
                    return self.recv()  # raises StreamError
                if pred(el):
                    return self.pending.pop(seen)
                seen += 1
            self._pump(deadline)

    def stream_error(self, timeout=WAIT):
        """Reads until a stream error; returns its condition. The server must
        then end the stream and close the connection."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.recv(max(0.01, deadline - time.monotonic()))
            except StreamError as e:
                self.wait_closed(deadline)
                return e.condition

    def wait_closed(self, deadline=None):
        deadline = deadline or time.monotonic() + WAIT
        try:
            while True:
                self._pump(deadline)
        except Closed:
            return True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    # -- negotiation ---------------------------------------------------
    def open(self, **kw):
        """Sends a stream header; returns the features element."""
        self._reset_parser()
        self.send(header(to=kw.pop("to", self.server.domain), **kw))
        return self.recv_until(lambda e: e.tag == q(NS_STREAM, "features"))

    def starttls(self):
        self.send(f"<starttls xmlns='{NS_TLS}'/>")
        el = self.recv()
        assert el.tag == q(NS_TLS, "proceed"), el.tag
        ctx = ssl.create_default_context(cafile=self.server.cafile)
        self.sock = ctx.wrap_socket(self.sock, server_hostname=self.server.domain)
        return self.open()

    def auth_plain(self, user, password):
        """Returns the <success/> or <failure/> element."""
        blob = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
        self.send(f"<auth xmlns='{NS_SASL}' mechanism='PLAIN'>{blob}</auth>")
        return self.recv()

    def bind(self, resource=None):
        res = f"<resource>{resource}</resource>" if resource else ""
        self.send(f"<iq type='set' id='bind1'><bind xmlns='{NS_BIND}'>{res}</bind></iq>")
        el = self.recv_until(lambda e: e.get("id") == "bind1")
        assert el.get("type") == "result", ET.tostring(el)
        return el.find(f"{q(NS_BIND, 'bind')}/{q(NS_BIND, 'jid')}").text

    def login(self, jid, password, resource="raw", presence=False):
        """TLS, PLAIN, bind; returns the bound full JID."""
        self.open()
        self.starttls()
        ok = self.auth_plain(jid.split("@")[0], password)
        assert ok.tag == q(NS_SASL, "success"), ET.tostring(ok)
        self.features = self.open()
        self.jid = self.bind(resource)
        if presence:
            self.send("<presence/>")
        return self.jid

    def iq(self, xml, id):
        """Sends an IQ (whose id is `id`) and returns the answer with that id."""
        self.send(xml)
        return self.recv_until(lambda e: e.tag == q(NS_CLIENT, "iq") and e.get("id") == id)


NS_ROSTER = "jabber:iq:roster"


class Client(Raw):
    """A logged-in raw client with the IM helpers the scenarios share."""

    _n = 0

    def __init__(self, server, jid, password, resource="raw", presence=True, priority=None):
        super().__init__(server)
        self.login(jid, password, resource=resource)
        self.bare = jid
        if presence:
            self.send_presence(priority=priority)

    def next_id(self):
        Client._n += 1
        return f"c{Client._n}"

    def send_presence(self, to=None, type=None, priority=None):
        attrs = (f" to='{to}'" if to else "") + (f" type='{type}'" if type else "")
        prio = f"<priority>{priority}</priority>" if priority is not None else ""
        self.send(f"<presence{attrs}>{prio}</presence>")

    def roster(self, ver=None):
        id = self.next_id()
        v = f" ver='{ver}'" if ver is not None else ""
        return self.iq(f"<iq type='get' id='{id}'><query xmlns='{NS_ROSTER}'{v}/></iq>", id)

    def roster_set(self, jid, name=None, groups=(), remove=False):
        id = self.next_id()
        attrs = f" jid='{jid}'" + (f" name='{name}'" if name else "")
        attrs += " subscription='remove'" if remove else ""
        body = "".join(f"<group>{g}</group>" for g in groups)
        return self.iq(f"<iq type='set' id='{id}'><query xmlns='{NS_ROSTER}'>"
                       f"<item{attrs}>{body}</item></query></iq>", id)

    def push(self, jid, timeout=WAIT, **attrs):
        """The first roster push about `jid` whose item has the given
        attributes (answered, as a client must); returns its <item/>.
        Earlier pushes that do not match are left unread."""
        def is_push(e):
            item = e.find(f"{q(NS_ROSTER, 'query')}/{q(NS_ROSTER, 'item')}")
            return (e.tag == q(NS_CLIENT, "iq") and e.get("type") == "set" and item is not None
                    and item.get("jid") == jid
                    and all(item.get(k) == v for k, v in attrs.items()))
        el = self.recv_until(is_push, timeout)
        self.send(f"<iq type='result' id='{el.get('id')}'/>")
        return el.find(f"{q(NS_ROSTER, 'query')}/{q(NS_ROSTER, 'item')}")

    def presence(self, pred=lambda p: True, timeout=WAIT):
        return self.recv_until(lambda e: e.tag == q(NS_CLIENT, "presence") and pred(e), timeout)

    def message(self, pred=lambda m: True, timeout=WAIT):
        return self.recv_until(lambda e: e.tag == q(NS_CLIENT, "message") and pred(e), timeout)

    def sync(self):
        """A round trip to the server: everything sent before is processed."""
        id = self.next_id()
        self.iq(f"<iq type='get' id='{id}' to='{self.server.domain}'>"
                "<ping xmlns='urn:xmpp:ping'/></iq>", id)

    def nothing(self, pred, probe_to=None):
        """Asserts that nothing matching `pred` arrives before the answer to
        a ping sent now (the server answers in order, so anything routed
        earlier would come first)."""
        id = self.next_id()
        probe_to = probe_to or self.server.domain
        self.send(f"<iq type='get' id='{id}' to='{probe_to}'><ping xmlns='urn:xmpp:ping'/></iq>")
        while True:
            el = self.recv()
            assert not pred(el), ET.tostring(el)
            if el.get("id") == id:
                return


def stanza_error(el):
    """(type, condition) of a stanza error reply."""
    err = el.find(q(NS_CLIENT, "error"))
    assert err is not None, ET.tostring(el)
    cond = next(c.tag.split("}")[1] for c in err if c.tag.startswith("{" + NS_STANZAS)
                and not c.tag.endswith("}text"))
    return err.get("type"), cond
