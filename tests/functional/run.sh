#!/bin/sh
# Runs every functional scenario in one pytest process, so that Prosody and
# the embedded server start once per `make check`. Missing peers are a
# failure, not a skip: ./bootstrap installs them.
: "${PYTHON3:=/usr/bin/python3}"
if ! "$PYTHON3" -c 'import pytest, slixmpp' 2>/dev/null; then
    echo "functional tests need python3-pytest and python3-slixmpp (run ./bootstrap)"
    exit 99
fi
cd "$top_builddir" || exit 99
export PYTHONDONTWRITEBYTECODE=1
exec "$PYTHON3" -m pytest -q -p no:cacheprovider -o console_output_style=classic \
    --basetemp="$top_builddir/tests/functional/tmp" -rs "$top_srcdir/tests/functional" "$@"
