"""State that must survive the server: accounts, rosters, vCards and
offline messages, across a clean stop (SIGTERM, clients get
<system-shutdown/>) and across kill -9."""
from rawxmpp import NS_CLIENT, Client, q
from test_server_message import body_is
from test_server_subscription import subscribe_and_approve


def test_clean_stop_and_restart(make_xchat_server):
    srv = make_xchat_server()
    a_jid, a_pw = srv.new_account("ra")
    b_jid, b_pw = srv.new_account("rb")
    a, b = Client(srv, a_jid, a_pw), Client(srv, b_jid, b_pw)
    a.roster()
    b.roster()
    subscribe_and_approve(a, b)
    a.iq("<iq type='set' id='v'><vCard xmlns='vcard-temp'><FN>Kept</FN></vCard></iq>", "v")
    b.send("</stream:stream>")
    b.close()
    # once a sees b go, messages for b are kept rather than sent to b's socket
    a.presence(lambda p: p.get("type") == "unavailable" and p.get("from", "").startswith(b_jid))
    a.send(f"<message to='{b_jid}' type='chat'><body>stored 1</body></message>")
    a.send(f"<message to='{b_jid}' type='chat'><body>stored 2</body></message>")
    a.sync()
    assert srv.stop() == 0
    assert a.stream_error() == "system-shutdown"
    assert "stopped" in srv.log_tail()
    srv.start()
    a = Client(srv, a_jid, a_pw)
    roster = a.roster().find("{jabber:iq:roster}query")
    assert [(i.get("jid"), i.get("subscription")) for i in roster] == [(b_jid, "to")]
    card = a.iq("<iq type='get' id='v2'><vCard xmlns='vcard-temp'/></iq>", "v2")
    assert card.findtext("{vcard-temp}vCard/{vcard-temp}FN") == "Kept"
    b = Client(srv, b_jid, b_pw)
    b.message(body_is("stored 1"))
    b.message(body_is("stored 2"))
    a.close()
    b.close()


def test_kill_9_loses_nothing_acknowledged(make_xchat_server):
    srv = make_xchat_server()
    a_jid, a_pw = srv.new_account("ka")
    b_jid, b_pw = srv.new_account("kb")
    a = Client(srv, a_jid, a_pw)
    a.roster_set(b_jid, name="Bee", groups=["Hive"])
    a.send(f"<message to='{b_jid}' type='chat'><body>before the crash</body></message>")
    a.sync()  # the server has handled both
    srv.kill9()
    srv.start()
    a = Client(srv, a_jid, a_pw)
    item = a.roster().find("{jabber:iq:roster}query/{jabber:iq:roster}item")
    assert item.get("jid") == b_jid and item.get("name") == "Bee"
    assert item.findtext("{jabber:iq:roster}group") == "Hive"
    b = Client(srv, b_jid, b_pw)
    b.message(body_is("before the crash"))
    a.close()
    b.close()
