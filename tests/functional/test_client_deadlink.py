"""A dead link (TCP still open, nothing passing, as after a pulled cable
or a lost NAT entry) is noticed by the keep-alive ping: after
[connection] ping_interval of silence a ping goes out, and with no answer
within ping_timeout the core drops the link and logs in again (through
the same proxy, whose new connections work); messages flow again."""
from peers import SlixPeer
from tcpproxy import Proxy
from xclient import Home, online_probe


def test_dead_link_is_noticed_and_replaced(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    b_jid, b_pw = server.new_account("b")
    proxy = Proxy(server.host, server.port)
    home = Home(tmp_path / "a")
    home.add_account("me", a_jid, proxy.host, proxy.port)
    with open(home.config, "a") as f:
        f.write("[connection]\nping_interval = 10\nping_timeout = 3\n")
    try:
        with SlixPeer(server, b_jid, b_pw) as b, online_probe(server, home, a_pw) as probe:
            b.send_message(a_jid, "before")
            probe.wait_ev("message", body="before")
            proxy.freeze()
            probe.wait_ev("conn", state="waiting", timeout=60)
            probe.online()
            b.send_message(a_jid, "after")
            probe.wait_ev("message", body="after")
    finally:
        proxy.close()
