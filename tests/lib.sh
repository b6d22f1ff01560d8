# Shared helpers for the shell tests: each check prints what it checked and
# the test exits 1 at the end if any check failed.
failures=0
pass() { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n' "$1"; failures=$((failures + 1)); }
# expect_exit CODE DESCRIPTION CMD...: runs CMD, captures stdout/stderr.
expect_exit() {
    want=$1; what=$2; shift 2
    out=$("$@" 2>"$tmp/stderr") ; got=$?
    err=$(cat "$tmp/stderr")
    if [ "$got" -eq "$want" ]; then pass "$what (exit $got)"; else fail "$what: exit $got, expected $want; stderr: $err"; fi
}
finish() { [ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
