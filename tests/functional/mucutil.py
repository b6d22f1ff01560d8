"""Helpers for the group-chat and PubSub scenarios: finding a server's
services (a scenario skips when the server under test has none yet: the
embedded server gains them with issue #6's server half), fresh room
names, and a slixmpp peer joining, talking in and leaving rooms with
plain stanzas, so that what the peer sends is exactly what the test says.
"""
import secrets
import xml.etree.ElementTree as ET

import pytest

from peers import SlixPeer, WAIT

NS_MUC = "http://jabber.org/protocol/muc"
NS_MUC_USER = "http://jabber.org/protocol/muc#user"


def _services(server):
    """{category: jid} of the items of the server's domain, asked once per
    server with a throw-away account."""
    if getattr(server, "_services", None) is None:
        jid, pw = server.new_account("disco")
        found = {}
        with SlixPeer(server, jid, pw, presence=False) as p:
            if "xep_0030" not in p.client.plugin:
                p.call(lambda: p.client.register_plugin("xep_0030"))
            items = p.call(lambda: p.client["xep_0030"].get_items(jid=server.domain,
                                                                  timeout=WAIT))
            for item in items["disco_items"]["items"]:
                info = p.call(lambda j=item[0]: p.client["xep_0030"].get_info(
                    jid=j, timeout=WAIT))
                for ident in info["disco_info"]["identities"]:
                    found.setdefault(ident[0], item[0])
        server._services = found
    return server._services


def require_service(server, category):
    """The JID of the server's `category` service ("conference", "pubsub"),
    or a clean skip when it has none."""
    jid = _services(server).get(category)
    if not jid:
        pytest.skip(f"{server.name} offers no {category} service (disco#items of "
                    f"{server.domain})")
    return jid


def new_room(service, prefix="r"):
    return f"{prefix}{secrets.token_hex(4)}@{service}"


def codes(stanza):
    x = stanza.xml.find(f"{{{NS_MUC_USER}}}x")
    return {s.get("code") for s in x.findall(f"{{{NS_MUC_USER}}}status")} if x is not None \
        else set()


def is_self_presence(room, nick):
    def pred(p):
        return str(p["from"]) == f"{room}/{nick}" and "110" in codes(p)
    return pred


def slix_join(peer, room, nick, password=None, history=0, wait=True):
    """Joins `room` as `nick` with a raw presence; returns the self-presence
    (or an error presence) when `wait`."""
    def send():
        p = peer.client.make_presence(pto=f"{room}/{nick}")
        x = ET.SubElement(p.xml, f"{{{NS_MUC}}}x")
        if password is not None:
            ET.SubElement(x, f"{{{NS_MUC}}}password").text = password
        ET.SubElement(x, f"{{{NS_MUC}}}history", maxstanzas=str(history))
        p.send()
    peer.call(send)
    if wait:
        return peer.wait_presence(lambda p: str(p["from"]) == f"{room}/{nick}" and
                                  ("110" in codes(p) or p["type"] == "error"))
    return None


def slix_say(peer, room, body, **kw):
    peer.send_message(room, body, mtype="groupchat", **kw)


def slix_wait_groupchat(peer, body, timeout=WAIT):
    return peer.wait_message(lambda m: m["type"] == "groupchat" and m["body"] == body,
                             timeout=timeout)


def slix_leave(peer, room, nick):
    peer.call(lambda: peer.client.send_presence(pto=f"{room}/{nick}", ptype="unavailable"))


def require_pep(server):
    """Skips cleanly when the server has no PEP on accounts (the embedded
    server gains it with issue #6's server half)."""
    if getattr(server, "_pep", None) is None:
        jid, pw = server.new_account("pep")
        with SlixPeer(server, jid, pw, presence=False) as p:
            server._pep = "http://jabber.org/protocol/pubsub#publish" in p.features(jid)
    if not server._pep:
        pytest.skip(f"{server.name} offers no PEP (XEP-0163) on accounts")
