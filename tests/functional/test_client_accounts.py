"""Several accounts at once in one core: each has its own connection and
state; events say which account they belong to; /account switches which
one the commands use."""
from peers import SlixPeer
from xclient import Probe, fingerprint, home_for


def test_two_accounts_at_once(server, tmp_path):
    a_jid, a_pw = server.new_account("a")
    c_jid, c_pw = server.new_account("c")
    b_jid, b_pw = server.new_account("b")
    home = home_for(tmp_path, server, a_jid, "work")
    home.add_account("home", c_jid, server.host, server.port)
    with SlixPeer(server, b_jid, b_pw) as b, \
            Probe(home, "work", a_pw, trust=fingerprint(server.cafile),
                  more=[("home", c_pw)]) as probe:
        online = set()
        probe.wait(lambda i: i.get("ev") == "conn" and i["state"] == "online" and
                   (online.add(i["account"]) or online == {"work", "home"}),
                   what="both accounts online")
        code, out = probe.run("/account")
        assert code == 0 and sorted(out) == sorted(
            [f"*work\t{a_jid}\tonline", f"home\t{c_jid}\tonline"])
        b.send_message(c_jid, "to home")
        m = probe.wait_ev("message", body="to home")
        assert m["account"] == "home" and m["peer"] == b_jid
        b.send_message(a_jid, "to work")
        assert probe.wait_ev("message", body="to work")["account"] == "work"
        assert probe.run("/account home")[0] == 0
        assert probe.run(f"/msg {b_jid} from home")[0] == 0
        got = b.wait_message()
        assert got["body"] == "from home" and got["from"].bare == c_jid
        # one account's link breaking leaves the other alone
        probe.send("!drop")
        probe.wait_ev("conn", account="home", state="waiting")
        assert probe.run("/account work")[0] == 0
        assert probe.run(f"/msg {b_jid} from work")[0] == 0
        got = b.wait_message()
        assert got["body"] == "from work" and got["from"].bare == a_jid
