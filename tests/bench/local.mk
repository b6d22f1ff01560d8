# The benchmark (make bench): a C load generator (xbench) and run.py, which
# starts the embedded server and Prosody side by side and prints a table;
# the benchmark asserts nothing. make check builds xbench too: the fault
# scenario test_server_churn.py drives a thousand clients with it.
check_PROGRAMS += tests/bench/xbench
tests_bench_xbench_SOURCES = tests/bench/bench.h tests/bench/churn.c tests/bench/client.c \
	tests/bench/muc.c tests/bench/xbench.c
tests_bench_xbench_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(OPENSSL_CFLAGS) $(EVENT_CFLAGS) \
	$(EXPAT_CFLAGS)
tests_bench_xbench_LDADD = $(SERVER_LIBS)
EXTRA_DIST += tests/bench/run.py

bench-server: src/xchat tests/bench/xbench
	$(PYTHON3) $(srcdir)/tests/bench/run.py --xchat src/xchat --xbench tests/bench/xbench \
	    --prosody '$(PROSODY)' $(BENCH_ARGS)
.PHONY: bench-server
