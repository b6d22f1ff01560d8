"""Third-party clients other than slixmpp: go-sendxmpp (Go's XMPP library)
sends to and listens through the server, verifying the server's
certificate against the server's own cert.pem."""
import os
import shutil
import subprocess

import pytest

from peers import SlixPeer

GO_SENDXMPP = shutil.which("go-sendxmpp")
pytestmark = pytest.mark.skipif(not GO_SENDXMPP, reason="go-sendxmpp is not installed (./bootstrap)")


def go_env(server):
    # Go reads extra trust anchors from SSL_CERT_FILE.
    return dict(os.environ, SSL_CERT_FILE=server.cafile, HOME=server.workdir)


def go_send(server, jid, pw, to, text):
    return subprocess.run([GO_SENDXMPP, "-u", jid, "-p", pw, "-j", f"{server.host}:{server.port}",
                           to], input=text, text=True, capture_output=True, timeout=60,
                          env=go_env(server))


def test_go_sendxmpp_sends(server):
    a_jid, a_pw = server.new_account("go")
    b_jid, b_pw = server.new_account("gb")
    with SlixPeer(server, b_jid, b_pw) as b:
        r = go_send(server, a_jid, a_pw, b_jid, "hello from go-sendxmpp")
        assert r.returncode == 0, r.stderr
        m = b.wait_message()
        assert m["body"].strip() == "hello from go-sendxmpp"
        assert m["from"].bare == a_jid


def test_go_sendxmpp_wrong_password(server):
    a_jid, a_pw = server.new_account("gw")
    r = go_send(server, a_jid, a_pw + "x", a_jid, "nope")
    assert r.returncode != 0


def test_go_sendxmpp_receives(server):
    a_jid, a_pw = server.new_account("gl")
    b_jid, b_pw = server.new_account("gm")
    listener = subprocess.Popen([GO_SENDXMPP, "-l", "-u", a_jid, "-p", a_pw, "-j",
                                 f"{server.host}:{server.port}"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=go_env(server))
    try:
        with SlixPeer(server, b_jid, b_pw) as b:
            # resend until the listener is online (it gives no sign of it)
            for _ in range(60):
                b.send_message(a_jid, "ping listener")
                if listener.poll() is not None:
                    break
                try:
                    line = _read_line(listener, 1)
                except TimeoutError:
                    continue
                assert "ping listener" in line
                return
        raise AssertionError(f"go-sendxmpp -l got nothing: {listener.stderr.read()}")
    finally:
        listener.kill()
        listener.wait()


def _read_line(proc, timeout):
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        raise TimeoutError
    return proc.stdout.readline()
