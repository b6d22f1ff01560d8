# Shell and functional tests.
dist_check_SCRIPTS += tests/lib.sh tests/cli/test-cli.sh tests/cli/test-serve.sh tests/man/test-man.sh \
	tests/functional/run.sh
TESTS += tests/cli/test-cli.sh tests/cli/test-serve.sh tests/man/test-man.sh

# Functional scenarios (pytest, real peers). One pytest run per `make check`
# so that Prosody and the embedded server start once, not once per test.
# Each scenario file is listed so that `make distcheck` carries it.
dist_check_DATA += \
	tests/functional/conftest.py \
	tests/functional/peers.py \
	tests/functional/rawxmpp.py \
	tests/functional/test_harness.py \
	tests/functional/test_server_clients.py \
	tests/functional/test_server_limits.py \
	tests/functional/test_server_message.py \
	tests/functional/test_server_presence.py \
	tests/functional/test_server_restart.py \
	tests/functional/test_server_roster.py \
	tests/functional/test_server_services.py \
	tests/functional/test_server_stanza.py \
	tests/functional/test_server_stream.py \
	tests/functional/test_server_subscription.py \
	tests/functional/test_server_tools.py
TESTS += tests/functional/run.sh

# A libstrophe client the functional scenarios drive (the library xchat's
# own client uses).
check_PROGRAMS += tests/functional/strophe_send
tests_functional_strophe_send_SOURCES = tests/functional/strophe_send.c
tests_functional_strophe_send_CFLAGS = $(AM_CFLAGS) $(STROPHE_CFLAGS)
tests_functional_strophe_send_LDADD = $(STROPHE_LIBS)

clean-local: clean-functional
clean-functional:
	-rm -rf tests/functional/tmp
.PHONY: clean-functional
