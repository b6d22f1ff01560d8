# The benchmark (make bench): a C load generator (xbench) and run.py, which
# starts the embedded server and Prosody side by side and prints a table.
# Not part of make check: it prints figures, it asserts nothing.
EXTRA_PROGRAMS += tests/bench/xbench
tests_bench_xbench_SOURCES = tests/bench/bench.h tests/bench/client.c tests/bench/muc.c \
	tests/bench/xbench.c
tests_bench_xbench_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(OPENSSL_CFLAGS) $(EVENT_CFLAGS) \
	$(EXPAT_CFLAGS)
tests_bench_xbench_LDADD = $(SERVER_LIBS)
EXTRA_DIST += tests/bench/run.py
CLEANFILES += tests/bench/xbench

bench-server: src/xchat tests/bench/xbench
	$(PYTHON3) $(srcdir)/tests/bench/run.py --xchat src/xchat --xbench tests/bench/xbench \
	    --prosody '$(PROSODY)' $(BENCH_ARGS)
.PHONY: bench-server
