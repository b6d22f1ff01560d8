"""Each failure class of `xchat -e` has its exit status and one line on
standard error that says what happened and what to do: wrong password
(77), closed port (69), untrusted and changed certificates (77), invalid
JID (65), a server that accepts and never answers (75), a server that
offers no TLS (69); and the TLS modes an account can ask for."""
import os
import shutil
import socket
import threading

import pytest

from conftest import free_port
from fakeserver import FakeServer
from xclient import Home, fingerprint, home_for, run_xchat, xchat_e


def one_line(r):
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


def test_wrong_password_is_77(server, tmp_path):
    jid, pw = server.new_account("a")
    home = home_for(tmp_path, server, jid)
    r = xchat_e(server, home, "me", pw + "x", f"/msg {jid} hi")
    assert r.returncode == 77
    assert "authentication failed" in one_line(r) and "password" in r.stderr


def test_closed_port_is_69(tmp_path):
    home = Home(tmp_path / "h")
    home.add_account("me", "a@localhost", "127.0.0.1", free_port())
    r = run_xchat(home, "me", "pw", "/msg b@localhost hi")
    assert r.returncode == 69
    line = one_line(r)
    assert "could not connect" in line and "refused" in line.lower()


def test_untrusted_certificate_is_77_until_trusted(server, tmp_path):
    jid, pw = server.new_account("a")
    home = home_for(tmp_path, server, jid)
    fp = fingerprint(server.cafile)
    r = run_xchat(home, "me", pw, f"/msg {jid} hi")
    assert r.returncode == 77
    line = one_line(r)
    assert fp in line and "--trust" in line
    assert run_xchat(home, "me", pw, f"/msg {jid} hi", trust=fp).returncode == 0
    # pinned now: no --trust needed any more
    r = run_xchat(home, "me", pw, f"/msg {jid} hi")
    assert r.returncode == 0, r.stderr


def test_changed_certificate_is_refused_loudly(server, tmp_path):
    jid, pw = server.new_account("a")
    home = home_for(tmp_path, server, jid)
    trust = os.path.join(home.data_dir, "xchat", "trust")
    os.makedirs(trust)
    with open(os.path.join(trust, server.domain), "w") as f:
        f.write("ab" * 32 + "\n")
    # even --trust with the new fingerprint does not override a pin
    r = run_xchat(home, "me", pw, f"/msg {jid} hi", trust=fingerprint(server.cafile))
    assert r.returncode == 77
    line = one_line(r)
    assert "CHANGED" in line and "ab" * 32 in line and fingerprint(server.cafile) in line


def test_own_embedded_server_certificate_is_trusted(server, tmp_path):
    jid, pw = server.new_account("a")
    home = home_for(tmp_path, server, jid)
    own = os.path.join(home.data_dir, "xchat", "server")
    os.makedirs(own)
    shutil.copy(server.cafile, os.path.join(own, "cert.pem"))
    r = run_xchat(home, "me", pw, f"/msg {jid} hi")
    assert r.returncode == 0, r.stderr


def test_invalid_jid_is_65(tmp_path):
    home = Home(tmp_path / "h")
    home.add_account("me", "a@localhost", "127.0.0.1", free_port())
    r = run_xchat(home, "me", "pw", "/msg bad@@jid hi")
    assert r.returncode == 65 and "bad@@jid" in one_line(r)


class Listener:
    """A loopback TCP server running `serve(conn)` for each connection."""

    def __init__(self, serve):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.serve = serve
        self.conns = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)
            threading.Thread(target=self.serve, args=(c,), daemon=True).start()

    def close(self):
        self.sock.close()
        for c in self.conns:
            c.close()


@pytest.fixture
def listener():
    made = []

    def make(serve):
        made.append(Listener(serve))
        return made[-1]
    yield make
    for m in made:
        m.close()


def test_server_that_never_answers_times_out_with_75(tmp_path, listener):
    silent = listener(lambda c: c.recv(65536))
    home = Home(tmp_path / "h")
    home.add_account("me", "a@localhost", "127.0.0.1", silent.port)
    r = run_xchat(home, "me", "pw", "/msg b@localhost hi", timeout=2)
    assert r.returncode == 75
    line = one_line(r)
    assert "timed out after 2 s" in line and "--timeout" in line


def no_tls_server(conn):
    conn.recv(65536)
    conn.sendall(b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                 b"xmlns:stream='http://etherx.jabber.org/streams' from='localhost' "
                 b"id='x1' version='1.0'><stream:features><mechanisms "
                 b"xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
                 b"</mechanisms></stream:features>")
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


def test_server_without_tls_is_refused_with_69(tmp_path, listener):
    plain = listener(no_tls_server)
    home = Home(tmp_path / "h")
    home.add_account("me", "a@localhost", "127.0.0.1", plain.port)
    r = run_xchat(home, "me", "pw", "/msg b@localhost hi", timeout=20)
    assert r.returncode == 69
    assert "TLS" in one_line(r)


def fake_login(tmp_path, tls_mode, account_tls):
    """`/ping` through a fake server in a TLS mode, with the account's tls
    option; returns the finished xchat run."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    fake = FakeServer(tmp_path, tls=tls_mode)
    try:
        home = Home(tmp_path / "h")
        home.add_account("me", fake.jid, fake.host, fake.port, tls=account_tls)
        return run_xchat(home, "me", "pw", "/ping", trust=fingerprint(fake.cafile), timeout=20)
    finally:
        fake.close()


def test_direct_tls(tmp_path):
    r = fake_login(tmp_path, "direct", "direct")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("pong from localhost")


def test_plain_text_only_when_allowed_on_loopback(tmp_path):
    r = fake_login(tmp_path / "a", "plain", "plain-loopback")
    assert r.returncode == 0, r.stderr
    r = fake_login(tmp_path / "b", "plain", "required")
    assert r.returncode == 69 and "TLS" in r.stderr
