#!/usr/bin/env python3
"""make bench: the embedded server and Prosody measured side by side, in
one run, on this machine, by the same load generator (xbench).

For each server: a fresh data folder, accounts made by in-band
registration, then a login storm, message throughput between sender and
receiver pairs (a bounded window; every message checked by id and body),
a roster of 5,000 items fetched again and again, a group chat room with
500 occupants where 50 messages a second are reflected to everyone (each
reflection timed; the server's CPU seconds read from /proc), and idle
logged-in TLS connections held open while the server's resident memory is
read. The
table shows both figures, their ratio and the issue's target. Nothing here
is a test: it prints, it does not fail on a slow figure.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

DOMAIN = "localhost"
PASSWORD = "bench-password"

PROSODY_CONFIG = """
pidfile = "{d}/prosody.pid"
data_path = "{d}/data"
run_as_root = true
log = {{ {{ levels = {{ min = "error" }}, to = "file", filename = "{d}/prosody.log" }} }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {port} }}
c2s_direct_tls_ports = {{ }}
s2s_ports = {{ }}
c2s_require_encryption = true
allow_registration = true
authentication = "internal_hashed"
storage = "internal"
network_backend = "epoll"
-- the features the embedded server has, nothing more (no archive, no carbons)
modules_enabled = {{ "roster"; "saslauth"; "tls"; "disco"; "ping"; "version"; "register";
                     "offline"; "vcard_legacy"; }}
modules_disabled = {{ "s2s" }}
VirtualHost "{domain}"
  ssl = {{ key = "{d}/key.pem", certificate = "{d}/cert.pem" }}
Component "conference.{domain}" "muc"
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc):
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"bench: a server exited at start ({proc.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("bench: a server did not start")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Peer:
    def __init__(self, name, start, seed_roster=None):
        self.name, self.start, self.seed_roster = name, start, seed_roster
        self.results = {}


def seed_prosody_roster(d, user, n):
    """Prosody's file storage rewrites a whole roster on every change, so
    filling 5,000 items through the protocol takes minutes; the items go
    straight into its data file instead (only the fetches are measured)."""
    path = os.path.join(d, "data", DOMAIN, "roster", f"{user}.dat")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write('return {\n\t[false] = { ["version"] = 1; ["pending"] = {}; };\n')
        for k in range(n):
            f.write(f'\t["contact{k}@{DOMAIN}"] = {{ ["subscription"] = "none"; '
                    f'["name"] = "Contact {k}"; ["groups"] = {{ ["G{k % 10}"] = true; }}; }};\n')
        f.write("};\n")
    return True


def start_xchat(args, d, port):
    conf = os.path.join(d, "xchat.conf")
    with open(conf, "w") as f:
        # the load comes from 127.1.x.y addresses, a few hundred per address
        f.write("[server]\nmax_connections_per_address = 100000\nmax_connections = 100000\n")
    return subprocess.Popen([args.xchat, "--serve", "--headless", "--port", str(port),
                             "--data-dir", d, "-c", conf], stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(d, "server.log"), "w"))


def start_prosody(args, d, port):
    os.makedirs(os.path.join(d, "data"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                    os.path.join(d, "key.pem"), "-out", os.path.join(d, "cert.pem"), "-days",
                    "30", "-subj", f"/CN={DOMAIN}", "-addext", f"subjectAltName=DNS:{DOMAIN}"],
                   check=True, capture_output=True)
    conf = os.path.join(d, "prosody.cfg.lua")
    with open(conf, "w") as f:
        f.write(PROSODY_CONFIG.format(d=d, port=port, domain=DOMAIN))
    return subprocess.Popen([args.prosody, "--config", conf, "-F"], stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(d, "stderr.log"), "w"))


def xbench(args, port, *argv):
    cmd = [args.xbench, "127.0.0.1", str(port), DOMAIN] + [str(a) for a in argv]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    return parse(r.stdout, r.stderr)


def parse(out, err=""):
    res = {}
    for line in out.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            try:
                res[k] = float(v)
            except ValueError:
                res[k] = v
    if err.strip():
        res["stderr"] = err.strip().splitlines()[-1]
    return res


def hold_idle(args, port, pid, count):
    before = rss_kib(pid)
    p = subprocess.Popen([args.xbench, "127.0.0.1", str(port), DOMAIN, "idle", "b",
                          str(args.accounts), PASSWORD, str(count)], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    out = ""
    for line in p.stdout:
        out += line
        if line.strip() == "ready":
            break
    time.sleep(8)  # idle means idle: past the embedded server's 5 s point, and Prosody's GC
    after = rss_kib(pid)
    p.stdin.close()
    p.wait(timeout=120)
    res = parse(out)
    held = res.get("held", 0)
    res["rss_before_kib"], res["rss_after_kib"] = before, after
    res["kib_per_conn"] = (after - before) / held if held else 0
    return res


def run_scenarios(args, peer, d, port, proc):
    r = peer.results
    wanted = set(args.only.split(",")) if args.only else None

    def want(name):
        return wanted is None or name in wanted

    print(f"bench: {peer.name}: registering {args.accounts} accounts", file=sys.stderr)
    r["register"] = xbench(args, port, "register", "b", args.accounts, PASSWORD)
    if want("login"):
        print(f"bench: {peer.name}: login storm", file=sys.stderr)
        r["login"] = xbench(args, port, "login", "b", args.accounts, PASSWORD, args.logins, 50)
    if want("messages"):
        print(f"bench: {peer.name}: messages", file=sys.stderr)
        r["messages"] = xbench(args, port, "messages", "b", PASSWORD, args.pairs,
                               args.messages, args.window)
    if want("roster"):
        print(f"bench: {peer.name}: roster of {args.roster} items", file=sys.stderr)
        xbench(args, port, "register", "owner", 1, PASSWORD)
        seeded = peer.seed_roster and peer.seed_roster(d, "owner0", args.roster)
        r["roster"] = xbench(args, port, "roster", "owner0", PASSWORD,
                             0 if seeded else args.roster, 20)
    if want("muc"):
        print(f"bench: {peer.name}: a room of {args.occupants}, {args.rate} messages/s",
              file=sys.stderr)
        r["muc"] = xbench(args, port, "muc", "b", PASSWORD, args.occupants, args.rate,
                          args.muc_seconds, f"conference.{DOMAIN}", proc.pid)
    if want("idle"):
        print(f"bench: {peer.name}: {args.idle} idle connections", file=sys.stderr)
        r["idle"] = hold_idle(args, port, proc.pid, args.idle)


def measure(args, peer):
    d = tempfile.mkdtemp(prefix=f"xchat-bench-{peer.name}-")
    port = free_port()
    proc = peer.start(args, d, port)
    try:
        wait_listening(port, proc)
        run_scenarios(args, peer, d, port, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(d, ignore_errors=True)


ROWS = [
    # label, scenario, key, better ("high"/"low"), target as (op, factor) on xchat/prosody
    ("logins per second", "login", "per_s", "high", None),
    ("login latency p50 (ms)", "login", "latency_p50_ms", "low", None),
    ("login latency p99 (ms)", "login", "latency_p99_ms", "low", None),
    ("messages per second", "messages", "per_s", "high", (">=", 5)),
    ("message latency p50 (ms)", "messages", "latency_p50_ms", "low", None),
    ("message latency p99 (ms)", "messages", "latency_p99_ms", "low", ("<=", 0.5)),
    ("message latency max (ms)", "messages", "latency_max_ms", "low", None),
    ("messages lost", "messages", "lost", "low", ("==", 0)),
    ("roster items fetched", "roster", "items", "high", None),
    ("roster fetch p50 (ms)", "roster", "fetch_p50_ms", "low", None),
    ("roster fetch p99 (ms)", "roster", "fetch_p99_ms", "low", None),
    ("room occupants joined", "muc", "joined", "high", None),
    ("seconds for them all to join", "muc", "join_seconds", "low", None),
    ("room reflections", "muc", "reflections", "high", None),
    ("room reflection latency p50 (ms)", "muc", "latency_p50_ms", "low", None),
    ("room reflection latency p99 (ms)", "muc", "latency_p99_ms", "low", ("<=", 0.5)),
    ("room reflection latency max (ms)", "muc", "latency_max_ms", "low", None),
    ("room reflections missing 15 s after the last", "muc", "lost", "low", ("==", 0)),
    ("server CPU seconds while the room talks", "muc", "server_cpu_s", "low", None),
    ("idle TLS connections held", "idle", "held", "high", None),
    ("server RSS per idle connection (KiB)", "idle", "kib_per_conn", "low", ("<=", 0.25)),
]


def verdict(target, x, p):
    if not target:
        return ""
    op, f = target
    if op == "==":
        ok = x == f
        return f"= {f}: {'met' if ok else 'MISSED'}"
    if not p:
        return "?"
    ratio = x / p
    ok = ratio >= f if op == ">=" else ratio <= f
    return f"{op} {f}x: {'met' if ok else 'MISSED'}"


def table(x, p):
    print(f"{'':40} {'xchat':>12} {'prosody':>12} {'ratio':>8}  target")
    for label, sc, key, _, target in ROWS:
        xv, pv = x.results.get(sc, {}).get(key), p.results.get(sc, {}).get(key)
        ratio = f"{xv / pv:8.2f}" if isinstance(xv, float) and isinstance(pv, float) and pv else "       -"
        fx = f"{xv:12.1f}" if isinstance(xv, float) else f"{'-':>12}"
        fp = f"{pv:12.1f}" if isinstance(pv, float) else f"{'-':>12}"
        v = verdict(target, xv, pv) if isinstance(xv, float) else ""
        print(f"{label:40} {fx} {fp} {ratio}  {v}")
    for peer in (x, p):
        for sc, res in peer.results.items():
            if res.get("failed"):
                print(f"note: {peer.name} {sc}: {int(res['failed'])} client(s) failed "
                      f"({res.get('last_failure', res.get('stderr', '?'))})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xchat", required=True)
    ap.add_argument("--xbench", required=True)
    ap.add_argument("--prosody", default=shutil.which("prosody") or "/usr/bin/prosody")
    ap.add_argument("--accounts", type=int, default=1000)
    ap.add_argument("--logins", type=int, default=3000)
    ap.add_argument("--pairs", type=int, default=50)
    ap.add_argument("--messages", type=int, default=2000, help="per pair")
    ap.add_argument("--window", type=int, default=20)
    ap.add_argument("--roster", type=int, default=5000)
    ap.add_argument("--occupants", type=int, default=500)
    ap.add_argument("--rate", type=int, default=50, help="room messages per second")
    ap.add_argument("--muc-seconds", type=int, default=30)
    ap.add_argument("--idle", type=int, default=10000)
    ap.add_argument("--only", help="comma-separated scenarios to run of login, messages, "
                                   "roster, muc, idle (default: all)")
    args = ap.parse_args()
    x, p = Peer("xchat", start_xchat), Peer("prosody", start_prosody, seed_prosody_roster)
    for peer in (x, p):
        measure(args, peer)
    print(f"\nxchat --serve vs Prosody {prosody_version(args)}, {os.cpu_count()} CPU(s), "
          f"{args.accounts} accounts, {args.logins} logins, {args.pairs} pairs x "
          f"{args.messages} messages (window {args.window}), a room of {args.occupants} with "
          f"{args.rate} messages/s for {args.muc_seconds} s, {args.idle} idle connections\n")
    table(x, p)


def prosody_version(args):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "prosody"], capture_output=True,
                             text=True).stdout
        return out or "?"
    except OSError:
        return "?"


if __name__ == "__main__":
    main()
