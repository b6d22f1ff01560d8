"""In-band registration (XEP-0077): `xchat -j JID --register` creates the
account, logs in with it, and a second registration of the same name is
refused with 65."""
import secrets
import subprocess

from conftest import XCHAT
from xclient import RUN_LIMIT, Home, fingerprint, run_xchat


def register(home, jid, password, fp):
    return subprocess.run([XCHAT, "-j", jid, "--register", "--trust", fp], text=True,
                          capture_output=True, env=home.env(password), timeout=RUN_LIMIT)


def test_register_then_log_in(prosody, tmp_path):
    jid = f"new{secrets.token_hex(4)}@{prosody.domain}"
    home = Home(tmp_path / "h")
    # the section gives -j the server's port
    home.add_account("new", jid, prosody.host, prosody.port)
    fp = fingerprint(prosody.cafile)
    r = register(home, jid, "s3cret-pass", fp)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    r = run_xchat(home, "new", "s3cret-pass", "/ping")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("pong from")
    r = register(home, jid, "other-pass", fp)
    assert r.returncode == 65
    assert "conflict" in r.stderr and len(r.stderr.splitlines()) == 1
