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
	tests/functional/test_harness.py \
	tests/functional/fakeserver.py \
	tests/functional/xclient.py \
	tests/functional/tui.py \
	tests/functional/tcpproxy.py \
	tests/functional/test_ui_login.py \
	tests/functional/test_ui_serve.py \
	tests/functional/test_ui_session.py \
	tests/functional/test_ui_terminal.py \
	tests/functional/test_ui_rooms.py \
	tests/functional/mucutil.py \
	tests/functional/test_client_accounts.py \
	tests/functional/test_client_catchup.py \
	tests/functional/test_client_deadlink.py \
	tests/functional/test_client_exit_codes.py \
	tests/functional/test_client_history.py \
	tests/functional/test_client_hostile.py \
	tests/functional/test_client_im.py \
	tests/functional/test_client_muc.py \
	tests/functional/test_client_muc_hostile.py \
	tests/functional/test_client_muc_script.py \
	tests/functional/test_client_pep.py \
	tests/functional/test_client_pubsub.py \
	tests/functional/test_client_reconnect.py \
	tests/functional/test_client_register.py \
	tests/functional/test_client_roster.py \
	tests/functional/test_client_routing.py \
	tests/functional/test_client_send.py \
	tests/functional/test_client_vcard.py \
	tests/functional/rawxmpp.py \
	tests/functional/mucraw.py \
	tests/functional/test_server_carbons.py \
	tests/functional/test_server_churn.py \
	tests/functional/test_server_csi.py \
	tests/functional/test_server_clients.py \
	tests/functional/test_server_limits.py \
	tests/functional/test_server_mam.py \
	tests/functional/test_server_muc_mam.py \
	tests/functional/test_server_message.py \
	tests/functional/test_server_muc.py \
	tests/functional/test_server_muc_admin.py \
	tests/functional/test_server_muc_hostile.py \
	tests/functional/test_server_pep.py \
	tests/functional/test_server_presence.py \
	tests/functional/test_server_pubsub.py \
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

# The functional tests' headless front end (tests/functional/xchat-probe.c).
check_PROGRAMS += tests/functional/xchat-probe
tests_functional_xchat_probe_SOURCES = tests/functional/xchat-probe.c
tests_functional_xchat_probe_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(STROPHE_CFLAGS) \
	$(SQLITE_CFLAGS)
tests_functional_xchat_probe_LDADD = $(CMD_LIBS)

# The man page's COMMANDS section comes from the command table.
check_PROGRAMS += tests/man/man-commands
tests_man_man_commands_SOURCES = tests/man/man-commands.c
tests_man_man_commands_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(STROPHE_CFLAGS)
tests_man_man_commands_LDADD = $(CMD_LIBS)
dist_check_SCRIPTS += tests/man/test-man-commands.sh
TESTS += tests/man/test-man-commands.sh

# Regenerates the COMMANDS section of man/xchat.1 from the command table.
update-man: tests/man/man-commands
	$(AM_V_GEN)page='$(srcdir)/man/xchat.1'; \
	{ sed '/^\.\\" BEGIN COMMANDS/q' "$$page"; tests/man/man-commands; \
	  sed -n '/^\.\\" END COMMANDS/,$$p' "$$page"; } > "$$page.tmp" && mv "$$page.tmp" "$$page"
.PHONY: update-man

# Benchmarks (not part of make check; they print figures and assert
# nothing). make bench runs them all: the embedded server against Prosody
# (bench-server, tests/bench/local.mk), xchat -e against go-sendxmpp
# (bench-client), the terminal UI against Profanity (bench-ui), and
# resuming and catching up on both servers (bench-resume).
EXTRA_DIST += tests/bench/bench.py tests/bench/ui_bench.py tests/bench/resume_bench.py
bench: bench-server bench-client bench-ui bench-resume
bench-client: src/xchat
	cd $(top_builddir) && top_srcdir='$(abs_top_srcdir)' XCHAT='$(abs_top_builddir)/src/xchat' \
	  PROSODY='$(PROSODY)' $(PYTHON3) '$(abs_top_srcdir)/tests/bench/bench.py'
bench-ui: src/xchat
	cd $(top_builddir) && top_srcdir='$(abs_top_srcdir)' XCHAT='$(abs_top_builddir)/src/xchat' \
	  $(PYTHON3) '$(abs_top_srcdir)/tests/bench/ui_bench.py' $(BENCH_UI_ARGS)
bench-resume: src/xchat tests/functional/xchat-probe
	cd $(top_builddir) && top_srcdir='$(abs_top_srcdir)' XCHAT='$(abs_top_builddir)/src/xchat' \
	  XCHAT_PROBE='$(abs_top_builddir)/tests/functional/xchat-probe' PROSODY='$(PROSODY)' \
	  $(PYTHON3) '$(abs_top_srcdir)/tests/bench/resume_bench.py'
.PHONY: bench bench-client bench-ui bench-resume
