"""A fake XMPP server on a raw socket, for sending a client what no real
server would: it does STARTTLS (Python's ssl module, a certificate made
with openssl), accepts any SASL PLAIN login, binds the resource, answers
the client's own queries with empty results, and then sends whatever the
scenario queues. Everything the client sends after login is recorded."""
import os
import queue
import socket
import ssl
import threading
import xml.etree.ElementTree as ET

from conftest import make_cert

NS_STREAMS = "http://etherx.jabber.org/streams"
HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' from='{domain}' id='{id}' "
          "version='1.0'>")
TLS_FEATURES = ("<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                "<required/></starttls></stream:features>")
SASL_FEATURES = ("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                 "<mechanism>PLAIN</mechanism></mechanisms></stream:features>")
BIND_FEATURES = ("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                 "</stream:features>")
WAIT = 30


class Stream:
    """One XML stream: the client's header, then its stanzas one by one."""

    def __init__(self, sock):
        self.sock = sock
        self.restart()

    def restart(self):
        self.parser = ET.XMLPullParser(events=("start", "end"))
        self.depth = 0
        self.opened = self.closed = False
        self.stanzas = []

    def _feed(self, data):
        self.parser.feed(data)
        for ev, el in self.parser.read_events():
            if ev == "start":
                self.depth += 1
                self.opened = True
            else:
                self.depth -= 1
                if self.depth == 1:
                    self.stanzas.append(el)
                self.closed = self.depth == 0

    def read(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("client closed the connection")
        self._feed(data)

    def header(self):
        while not self.opened:
            self.read()

    def stanza(self):
        while not self.stanzas:
            self.read()
        return self.stanzas.pop(0)

    def send(self, text):
        self.sock.sendall(text.encode())


class FakeServer:
    def __init__(self, workdir, domain="localhost", user="alice", resource="xchat",
                 tls="starttls", answer_pings=True):
        """tls: "starttls" (required), "direct" (TLS from the first byte,
        XEP-0368) or "plain" (no TLS at all). Without answer_pings, the
        client's pings (XEP-0199) go unanswered: a server that takes
        stanzas and never confirms them."""
        self.tls_mode = tls
        self.answer_pings = answer_pings
        os.makedirs(str(workdir), exist_ok=True)
        self.domain = domain
        self.jid = f"{user}@{domain}"
        self.full = f"{self.jid}/{resource}"
        key, cert = make_cert(str(workdir), [domain])
        self.cafile = cert
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(cert, key)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.host, self.port = "127.0.0.1", self.sock.getsockname()[1]
        self.outbox = queue.Queue()
        self.received = queue.Queue()
        self.errors = []
        threading.Thread(target=self._run, daemon=True).start()

    # -- scenario side -------------------------------------------------------
    def send(self, xml):
        self.outbox.put(xml)

    def wait_stanza(self, pred, what="stanza", timeout=WAIT):
        import time
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"the client sent no {what} within {timeout}s "
                                     f"(server errors: {self.errors})")
            try:
                el = self.received.get(timeout=left)
            except queue.Empty:
                continue
            if pred(el):
                return el

    def reply_to(self, iq_id, timeout=WAIT):
        return self.wait_stanza(lambda e: e.tag.endswith("}iq") and e.get("id") == iq_id,
                                f"reply to {iq_id}", timeout)

    def close(self):
        self.sock.close()

    # -- server side ---------------------------------------------------------
    def _run(self):
        try:
            conn, _ = self.sock.accept()
            self._serve(conn)
        except Exception as e:  # the scenario reports what it missed
            self.errors.append(repr(e))

    def _secure(self, conn):
        """The stream up to SASL, as the TLS mode says."""
        if self.tls_mode == "direct":
            s = Stream(self.tls.wrap_socket(conn, server_side=True))
        else:
            s = Stream(conn)
        if self.tls_mode == "starttls":
            s.header()
            s.send(HEADER.format(domain=self.domain, id="s1") + TLS_FEATURES)
            s.stanza()  # <starttls/>
            s.send("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            s.sock = self.tls.wrap_socket(conn, server_side=True)
            s.restart()
        return s

    def _login(self, conn):
        s = self._secure(conn)
        s.header()
        s.send(HEADER.format(domain=self.domain, id="s2") + SASL_FEATURES)
        s.stanza()  # <auth mechanism='PLAIN'>
        s.send("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
        s.restart()
        s.header()
        s.send(HEADER.format(domain=self.domain, id="s3") + BIND_FEATURES)
        bind = s.stanza()
        s.send(f"<iq type='result' id='{bind.get('id')}'><bind "
               f"xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>{self.full}</jid></bind></iq>")
        return s

    def _answer_own_queries(self, s, el):
        """The client's get/set to its server: an empty result will do."""
        if not self.answer_pings and el.find("{urn:xmpp:ping}ping") is not None:
            return
        if el.tag.endswith("}iq") and el.get("type") in ("get", "set") and \
                el.get("to") in (None, self.domain, self.jid):
            s.send(f"<iq type='result' id='{el.get('id')}'/>")

    def _serve(self, conn):
        s = self._login(conn)
        s.sock.settimeout(0.05)
        while True:
            try:
                while True:
                    s.send(self.outbox.get_nowait())
            except queue.Empty:
                pass
            try:
                s.read()
            except socket.timeout:
                continue
            except (EOFError, OSError):
                return
            while s.stanzas:
                el = s.stanzas.pop(0)
                self._answer_own_queries(s, el)
                self.received.put(el)
            if s.closed:  # the client said goodbye: so do we
                s.send("</stream:stream>")
                s.sock.close()
                return
