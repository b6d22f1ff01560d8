#!/bin/sh
# The server side of the command line contract: --serve starts and stops
# cleanly, refuses a busy port or an unusable data folder with one line and
# a sysexits code, and the account tools read the password from stdin.
. "$top_srcdir/tests/lib.sh"
: "${PYTHON3:=/usr/bin/python3}"

free_port() {
    "$PYTHON3" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_for FILE TEXT: until the server log says TEXT (bounded: a liveness
# limit, not a timing assertion).
wait_for() {
    i=0
    while [ $i -lt 300 ]; do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
one_line() {
    n=$(printf '%s\n' "$err" | wc -l)
    if [ "$n" -eq 1 ] && [ -n "$err" ]; then pass "$1: one line on stderr"; else fail "$1: stderr was: $err"; fi
}

data="$tmp/data"
port=$(free_port)

# Account tools (no server running).
expect_exit 65 "--add-user with no password" sh -c "'$XCHAT' --serve --add-user alice --data-dir '$data' </dev/null"
one_line "--add-user without password"
expect_exit 0 "--add-user" sh -c "echo 'pw one' | '$XCHAT' --serve --add-user alice --data-dir '$data'"
expect_exit 73 "--add-user twice" sh -c "echo pw | '$XCHAT' --serve --add-user Alice --data-dir '$data'"
one_line "--add-user twice"
expect_exit 0 "--passwd" sh -c "echo 'pw two' | '$XCHAT' --serve --passwd alice --data-dir '$data'"
expect_exit 67 "--passwd of nobody" sh -c "echo pw | '$XCHAT' --serve --passwd bob --data-dir '$data'"
expect_exit 0 "--del-user" "$XCHAT" --serve --del-user alice --data-dir "$data"
expect_exit 67 "--del-user of nobody" "$XCHAT" --serve --del-user alice --data-dir "$data"
one_line "--del-user of nobody"
if grep -q 'pw two' "$data/server.db" "$data"/server.db-wal 2>/dev/null; then
    fail "the password is stored in clear"
else
    pass "the password is not stored in clear"
fi

# An unusable data folder: one line, 73, nothing listening.
: >"$tmp/file"
expect_exit 73 "data dir under a file" "$XCHAT" --serve --headless --port "$port" --data-dir "$tmp/file/sub"
one_line "unusable data dir"
case "$err" in *"--data-dir"*) pass "the error says what to do" ;; *) fail "no advice: $err" ;; esac

# Start, serve, and stop on SIGTERM with exit 0.
"$XCHAT" --serve --headless --port "$port" --data-dir "$data" 2>"$tmp/log" &
pid=$!
if wait_for "$tmp/log" "serving localhost"; then pass "--serve --headless starts"; else fail "no start: $(cat "$tmp/log")"; fi
[ "$(stat -c %a "$data/key.pem")" = 600 ] && pass "key.pem is 0600" || fail "key.pem mode $(stat -c %a "$data/key.pem")"
openssl x509 -in "$data/cert.pem" -noout -ext subjectAltName 2>/dev/null | grep -q 'DNS:localhost' \
    && pass "certificate names localhost" || fail "certificate SAN: $(openssl x509 -in "$data/cert.pem" -noout -ext subjectAltName 2>&1)"

# A second server on the same port: one line, 69, and the first keeps going.
expect_exit 69 "port in use" "$XCHAT" --serve --headless --port "$port" --data-dir "$tmp/data2"
one_line "port in use"
case "$err" in *"$port"*) pass "the busy port is named" ;; *) fail "port not named: $err" ;; esac
kill -0 "$pid" 2>/dev/null && pass "the first server still runs" || fail "the first server died"

kill -TERM "$pid"
wait "$pid"; rc=$?
[ "$rc" -eq 0 ] && pass "SIGTERM: exit 0" || fail "SIGTERM: exit $rc"
grep -q "stopped" "$tmp/log" && pass "SIGTERM: logged the stop" || fail "log: $(cat "$tmp/log")"

# Plain --serve runs the client too, which needs a terminal (its scenario
# is tests/functional/test_ui_serve.py); SIGINT stops --headless as well.
expect_exit 64 "--serve with the client, no terminal" "$XCHAT" --serve --port "$port" --data-dir "$data"
"$XCHAT" --serve --headless --port "$port" --data-dir "$data" 2>"$tmp/log2" &
pid=$!
if wait_for "$tmp/log2" "serving localhost"; then pass "--serve --headless starts again"; else fail "no start: $(cat "$tmp/log2")"; fi
kill -INT "$pid"
wait "$pid"; rc=$?
[ "$rc" -eq 0 ] && pass "SIGINT: exit 0" || fail "SIGINT: exit $rc"
finish
