#!/bin/sh
# The command line contract of DESIGN.md: --help, -v, usage errors (64), bad
# input (65), features not built yet (69). Each error is one line on stderr.
. "$top_srcdir/tests/lib.sh"

expect_exit 0 "--help" "$XCHAT" --help
for flag in --account --jid --config --theme --eval --timeout --trust --register --version \
            --serve --headless --bind --port --domain --data-dir --no-register \
            --add-user --del-user --passwd; do
    case "$out" in *"$flag"*) pass "--help documents $flag" ;; *) fail "--help lacks $flag" ;; esac
done
expect_exit 0 "-h" "$XCHAT" -h

expect_exit 0 "-v" "$XCHAT" -v
for lib in libstrophe GLib OpenSSL SQLite expat libevent libidn ncursesw readline libnotify; do
    case "$out" in *"$lib "*[0-9]*) pass "-v names $lib" ;; *) fail "-v lacks $lib: $out" ;; esac
done
case "$out" in "xchat "[0-9]*) pass "-v starts with the version" ;; *) fail "-v: $out" ;; esac

one_line() {
    n=$(printf '%s\n' "$err" | wc -l)
    if [ "$n" -eq 1 ] && [ -n "$err" ]; then pass "$1: one line on stderr"; else fail "$1: stderr was: $err"; fi
}
expect_exit 64 "--bogus" "$XCHAT" --bogus; one_line "--bogus"
case "$err" in *"--bogus"*) pass "--bogus named" ;; *) fail "--bogus not named: $err" ;; esac
expect_exit 64 "-a and -j together" "$XCHAT" -a x -j a@b.example; one_line "-a -j"
expect_exit 64 "stray argument" "$XCHAT" stray
expect_exit 64 "--port without --serve" "$XCHAT" --port 5333; one_line "--port"
expect_exit 64 "--headless without --serve" "$XCHAT" --headless
expect_exit 64 "--timeout without -e" "$XCHAT" --timeout 5
expect_exit 64 "--timeout 0" "$XCHAT" -j a@b.example -e hi --timeout 0
expect_exit 64 "-e with --serve" "$XCHAT" --serve -e hi
expect_exit 64 "--serve --port 0" "$XCHAT" --serve --port 0
expect_exit 64 "--serve --port 70000" "$XCHAT" --serve --port 70000
expect_exit 64 "--port not a number" "$XCHAT" --serve --port abc
expect_exit 64 "two account tools" "$XCHAT" --serve --add-user a --del-user b
expect_exit 64 "--add-user with --port" "$XCHAT" --serve --add-user a --port 5333
expect_exit 64 "--register without -j" "$XCHAT" --register
expect_exit 64 "--trust not a fingerprint" "$XCHAT" -j a@b.example --trust 1234 -e hi
expect_exit 64 "--headless with -j" "$XCHAT" --serve --headless -j a@b.example

expect_exit 65 "invalid JID" "$XCHAT" -j 'a b@example.org' -e hi; one_line "invalid JID"
case "$err" in *"a b@example.org"*) pass "invalid JID named" ;; *) fail "JID not named: $err" ;; esac
expect_exit 65 "JID without user part" "$XCHAT" -j example.org -e hi
expect_exit 65 "bad --domain" "$XCHAT" --serve --domain 'bad domain'
expect_exit 65 "bad user name" "$XCHAT" --serve --add-user 'a:b'

# -e checks everything it can before it touches the disk or the network
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
unset XCHAT_PASSWORD
expect_exit 64 "-e text without a conversation" "$XCHAT" -j a@b.example -e hi; one_line "-e hi"
expect_exit 64 "-e unknown command" "$XCHAT" -j a@b.example -e /bogus; one_line "-e /bogus"
expect_exit 65 "-e invalid JID in /msg" "$XCHAT" -j a@b.example -e '/msg a@@b hi'; one_line "/msg a@@b"
expect_exit 65 "-e empty stdin body" sh -c "printf '' | '$XCHAT' -j a@b.example -e '/msg c@d.example'"
expect_exit 77 "-e without a password" "$XCHAT" -j a@b.example -e '/msg c@d.example hi'
one_line "no password"
case "$err" in *XCHAT_PASSWORD*) pass "no password: says what to set" ;; *) fail "no password: $err" ;; esac
[ ! -e "$tmp/data/xchat/history.db" ] && pass "no password: nothing written" || fail "history.db written"
expect_exit 0 "-e /help works offline" "$XCHAT" -e /help
case "$out" in *"/msg "*"/roster "*"/quit "*) pass "/help lists commands" ;; *) fail "/help: $out" ;; esac
expect_exit 64 "the UI without a terminal" "$XCHAT" -j a@b.example </dev/null
one_line "the UI without a terminal"
case "$err" in *terminal*"-e"*) pass "no terminal: says to use -e" ;; *) fail "no terminal: $err" ;; esac
expect_exit 64 "--serve with its client, without a terminal" "$XCHAT" --serve </dev/null
case "$err" in *"--serve --headless"*) pass "--serve without a terminal: says to use --headless" ;; *) fail "--serve: $err" ;; esac
expect_exit 64 "/theme with -e" "$XCHAT" -e '/theme light'
case "$err" in *"interactive client"*) pass "/theme with -e: says where it works" ;; *) fail "/theme -e: $err" ;; esac
fp=$(printf 'ab%.0s' $(seq 32))
expect_exit 77 "--trust accepted" "$XCHAT" -j a@b.example --trust "$fp" -e '/msg c@d.example hi'
finish
