#!/bin/sh
# The COMMANDS section of man/xchat.1 is what the command table generates
# (tests/man/man-commands); after changing a command, run `make update-man`.
. "$top_srcdir/tests/lib.sh"
page="$top_srcdir/man/xchat.1"
gen="$top_builddir/tests/man/man-commands"
sed -n '/^\.\\" BEGIN COMMANDS/,/^\.\\" END COMMANDS/p' "$page" | sed '1d;$d' > "$tmp/page"
"$gen" > "$tmp/table"
if [ ! -s "$tmp/page" ]; then
    fail "man/xchat.1 has no BEGIN/END COMMANDS markers"
elif cmp -s "$tmp/page" "$tmp/table"; then
    pass "the COMMANDS section matches the command table"
else
    fail "the COMMANDS section differs from the command table; run make update-man"
    diff "$tmp/page" "$tmp/table" | head -20
fi
finish
