#!/bin/sh
# The man pages render without warnings under groff and mandoc's linter.
. "$top_srcdir/tests/lib.sh"
page="$top_srcdir/man/xchat.1"
ran=0
for p in "$page" "$top_srcdir/man/xchat.conf.5"; do
    name=$(basename "$p")
    if [ -n "$GROFF" ]; then
        ran=1
        w=$(LC_ALL=C.UTF-8 "$GROFF" -ww -man -z "$p" 2>&1)
        [ -z "$w" ] && pass "$name: groff -ww: no warnings" || fail "$name: groff: $w"
    fi
    if [ -n "$MANDOC" ]; then
        ran=1
        w=$("$MANDOC" -Tlint -W warning "$p" 2>&1)
        [ -z "$w" ] && pass "$name: mandoc -Tlint: clean" || fail "$name: mandoc: $w"
    fi
done
[ "$ran" -eq 1 ] || { echo "neither groff nor mandoc installed"; exit 77; }
# every long flag of --help is documented in the man page
if [ -n "$GROFF" ]; then
    text=$(LC_ALL=C.UTF-8 "$GROFF" -man -Tascii -P-cbou "$page" 2>/dev/null)
else
    text=$("$MANDOC" -Tascii "$page" | sed 's/.\x08//g')
fi
for flag in $("$XCHAT" --help | grep -o -- '--[a-z-]*' | sort -u); do
    case "$flag" in --help*) continue ;; esac
    case "$text" in *"$flag"*) pass "man documents $flag" ;; *) fail "man lacks $flag" ;; esac
done
finish
