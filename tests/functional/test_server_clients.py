"""Third-party clients other than slixmpp: go-sendxmpp (Go's XMPP library)
and libstrophe 0.12 (through tests/functional/strophe_send.c) log in,
verifying the server's certificate against its own cert.pem, and carry
messages both ways."""
import os
import shutil
import subprocess

import pytest

from peers import SlixPeer

GO_SENDXMPP = shutil.which("go-sendxmpp")
needs_go = pytest.mark.skipif(not GO_SENDXMPP, reason="go-sendxmpp is not installed (./bootstrap)")


def go_env(server):
    # Go reads extra trust anchors from SSL_CERT_FILE.
    return dict(os.environ, SSL_CERT_FILE=server.cafile, HOME=server.workdir)


def go_send(server, jid, pw, to, text):
    return subprocess.run([GO_SENDXMPP, "-u", jid, "-p", pw, "-j", f"{server.host}:{server.port}",
                           to], input=text, text=True, capture_output=True, timeout=60,
                          env=go_env(server))


@needs_go
def test_go_sendxmpp_sends(server):
    a_jid, a_pw = server.new_account("go")
    b_jid, b_pw = server.new_account("gb")
    with SlixPeer(server, b_jid, b_pw) as b:
        r = go_send(server, a_jid, a_pw, b_jid, "hello from go-sendxmpp")
        assert r.returncode == 0, r.stderr
        m = b.wait_message()
        assert m["body"].strip() == "hello from go-sendxmpp"
        assert m["from"].bare == a_jid


@needs_go
def test_go_sendxmpp_wrong_password(server):
    a_jid, a_pw = server.new_account("gw")
    r = go_send(server, a_jid, a_pw + "x", a_jid, "nope")
    assert r.returncode != 0


@needs_go
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


STROPHE_SEND = os.path.join(os.environ.get("top_builddir", "."), "tests", "functional",
                            "strophe_send")


@pytest.mark.skipif(not os.path.exists(STROPHE_SEND), reason="strophe_send is built by make check")
def test_libstrophe_client(server):
    """libstrophe 0.12.2 logs in (it tries SCRAM-SHA-512 first and crashes
    without <bind/>) and sends a message."""
    a_jid, a_pw = server.new_account("ls")
    b_jid, b_pw = server.new_account("lt")
    with SlixPeer(server, b_jid, b_pw) as b:
        r = subprocess.run([STROPHE_SEND, a_jid + "/strophe", a_pw, server.host, str(server.port),
                            server.cafile, b_jid, "hello from libstrophe"], capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        m = b.wait_message()
        assert m["body"] == "hello from libstrophe"
        assert str(m["from"]) == a_jid + "/strophe"
    r = subprocess.run([STROPHE_SEND, a_jid, a_pw + "x", server.host, str(server.port),
                        server.cafile, b_jid, "x"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 77
