"""Shared fixtures for the functional scenarios.

Real peers, started once per pytest run (and so once per `make check`):

  prosody        Debian's Prosody with its own config, data dir, self-signed
                 certificate and a free loopback port.
  xchat_server   `xchat --serve --headless` on a free loopback port with its
                 own data dir.
  server         parametrised over both: a scenario that uses it runs against
                 each, which is the differential test. Where the RFC is exact
                 both must behave alike; a scenario that fails on Prosody is a
                 wrong test.

Every server object offers the same small interface (see Server) so that
scenarios do not care which one they talk to.
"""
import os
import secrets
import shutil
import socket
import subprocess
import time

import pytest

SRCDIR = os.environ.get("top_srcdir") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BUILDDIR = os.environ.get("top_builddir") or SRCDIR
XCHAT = os.environ.get("XCHAT") or os.path.join(BUILDDIR, "src", "xchat")
PROSODY = os.environ.get("PROSODY") or shutil.which("prosody") or "/usr/bin/prosody"
PROSODYCTL = os.path.join(os.path.dirname(PROSODY), "prosodyctl")
DOMAIN = "localhost"
# The account PubSub scenarios create nodes with (an admin on Prosody, whose
# PubSub service lets no one else; any account may on the embedded server).
PUBSUB_ADMIN = "psadmin"

# How long a peer may take to start listening. This is a liveness bound
# (a hung start must not hang the suite), never a performance assertion.
START_WAIT = 60


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PeerExited(RuntimeError):
    def __init__(self, code, log):
        super().__init__(f"peer exited with {code}; log:\n{read(log)}")
        self.code = code


def wait_listening(port, proc, log):
    deadline = time.monotonic() + START_WAIT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise PeerExited(proc.returncode, log)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"peer not listening on {port}; log:\n{read(log)}")


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()[-4000:]
    except OSError:
        return "(no log)"


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Server:
    """What a scenario needs to know about a server under test."""

    name = "?"
    host = "127.0.0.1"
    domain = DOMAIN

    def __init__(self, port, cafile, workdir, proc, log):
        self.port = port
        self.cafile = cafile
        self.workdir = workdir
        self.proc = proc
        self.log = log

    def add_user(self, user, password):
        raise NotImplementedError

    def pubsub_admin(self):
        """(jid, password) of the PUBSUB_ADMIN account, created once per
        server: Prosody lets only admins make PubSub nodes."""
        if not getattr(self, "_pubsub_admin", None):
            password = secrets.token_urlsafe(12)
            self.add_user(PUBSUB_ADMIN, password)
            self._pubsub_admin = (f"{PUBSUB_ADMIN}@{self.domain}", password)
        return self._pubsub_admin

    def new_account(self, prefix="u"):
        """Creates a fresh account; returns (bare_jid, password)."""
        user = f"{prefix}{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(12)
        self.add_user(user, password)
        return f"{user}@{self.domain}", password

    def log_tail(self):
        return read(self.log)

    def __repr__(self):
        return f"<{self.name} {self.host}:{self.port}>"


class ProsodyServer(Server):
    name = "prosody"

    def add_user(self, user, password):
        subprocess.run([PROSODYCTL, "--config", self.config, "register", user, self.domain,
                        password], check=True, capture_output=True, timeout=60)


class XchatServer(Server):
    name = "xchat"

    def __init__(self, workdir, port=None, args=()):
        self.args = list(args)
        super().__init__(port or free_port(), os.path.join(workdir, "cert.pem"), workdir, None,
                         os.path.join(workdir, "server.log"))

    def start(self):
        """Starts `xchat --serve --headless` and waits until it listens."""
        cmd = [XCHAT, "--serve", "--headless", "--port", str(self.port), "--domain", self.domain,
               "--data-dir", self.workdir] + self.args
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                     stderr=open(self.log, "a"))
        wait_listening(self.port, self.proc, self.log)
        return self

    def stop(self):
        stop(self.proc)
        return self.proc.returncode

    def kill9(self):
        self.proc.kill()
        self.proc.wait()

    def add_user(self, user, password):
        r = subprocess.run([XCHAT, "--serve", "--add-user", user, "--data-dir", self.workdir],
                           input=password + "\n", text=True, capture_output=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"--add-user {user}: {r.returncode} {r.stderr}")


def make_cert(d, names):
    key, cert = os.path.join(d, "key.pem"), os.path.join(d, "cert.pem")
    san = ",".join(f"DNS:{n}" for n in names) + ",IP:127.0.0.1"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "30", "-subj", f"/CN={names[0]}",
                    "-addext", f"subjectAltName={san}"], check=True, capture_output=True)
    return key, cert


PROSODY_CONFIG = """
pidfile = "{d}/prosody.pid"
data_path = "{d}/data"
certificates = "{d}"
run_as_root = true
log = {{ {{ levels = {{ min = "info" }}, to = "file", filename = "{d}/prosody.log" }} }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {port} }}
c2s_direct_tls_ports = {{ }}
s2s_ports = {{ }}
c2s_require_encryption = true
allow_registration = true
authentication = "internal_hashed"
storage = "internal"
use_libevent = true
modules_enabled = {{
  "roster"; "saslauth"; "tls"; "disco"; "ping"; "version"; "register"; "offline";
  "vcard_legacy"; "carbons"; "mam"; "smacks"; "pep"; "private"; "blocklist"; "time";
}}
modules_disabled = {{ "s2s" }}
-- Prosody's PubSub service lets only admins make nodes: the scenarios make
-- theirs as this account (see PUBSUB_ADMIN)
admins = {{ "{pubsub_admin}@{domain}" }}
VirtualHost "{domain}"
  ssl = {{ key = "{key}", certificate = "{cert}" }}
Component "conference.{domain}" "muc"
  -- the embedded server's room limits, so that differential scenarios agree
  max_history_messages = 100
  -- room archives (XEP-0313), which the embedded server keeps for every room
  modules_enabled = {{ "muc_mam" }}
  muc_log_all_rooms = true
Component "pubsub.{domain}" "pubsub"
  -- like the embedded server: any local account may make nodes
  pubsub_max_items = 1000
"""


@pytest.fixture(scope="session")
def prosody(tmp_path_factory):
    d = str(tmp_path_factory.mktemp("prosody"))
    os.makedirs(os.path.join(d, "data"))
    key, cert = make_cert(d, [DOMAIN, f"conference.{DOMAIN}", f"pubsub.{DOMAIN}"])
    port = free_port()
    config = os.path.join(d, "prosody.cfg.lua")
    with open(config, "w") as f:
        f.write(PROSODY_CONFIG.format(d=d, port=port, domain=DOMAIN, key=key, cert=cert,
                                      pubsub_admin=PUBSUB_ADMIN))
    log = os.path.join(d, "prosody.log")
    proc = subprocess.Popen([PROSODY, "--config", config, "-F"], stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(d, "stderr.log"), "w"))
    srv = ProsodyServer(port, cert, d, proc, log)
    srv.config = config
    try:
        wait_listening(port, proc, log)
        yield srv
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def xchat_server(tmp_path_factory):
    srv = XchatServer(str(tmp_path_factory.mktemp("xchat-server")))
    try:
        yield srv.start()
    finally:
        if srv.proc:
            stop(srv.proc)


@pytest.fixture
def make_xchat_server(tmp_path):
    """A factory of embedded servers of the scenario's own, for settings
    the shared one must not have (short timeouts, small limits) and for
    restarts. `server_conf` is the body of a [server] section."""
    made = []

    def make(server_conf=None, args=()):
        d = tmp_path / f"xchat{len(made)}"
        d.mkdir()
        extra = list(args)
        if server_conf:
            conf = d / "xchat.conf"
            conf.write_text("[server]\n" + server_conf)
            extra += ["-c", str(conf)]
        srv = XchatServer(str(d), args=extra)
        made.append(srv)
        return srv.start()

    yield make
    for srv in made:
        if srv.proc:
            stop(srv.proc)


@pytest.fixture(params=["xchat", "prosody"])
def server(request):
    """Each scenario using this runs once against each server."""
    return request.getfixturevalue("xchat_server" if request.param == "xchat" else "prosody")
