# The xchat program: entry point and command line. Modules add their
# libraries to XCHAT_LIBS (in dependency order, users first).
noinst_HEADERS += include/xchat/cli.h include/xchat/serve_ui.h
bin_PROGRAMS += src/xchat
src_xchat_SOURCES = src/main.c src/cli.c src/serve_ui.c
src_xchat_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(IDN_CFLAGS) $(OPENSSL_CFLAGS) \
	$(SQLITE_CFLAGS) $(EXPAT_CFLAGS) $(EVENT_CFLAGS) $(NCURSES_CFLAGS) $(STROPHE_CFLAGS)
src_xchat_LDADD = src/ui/libxchat_ui.a $(SCRIPT_LIBS) $(UI_FULL_LIBS) $(SERVER_LIBS) $(UTIL_LIBS) \
	$(OPENSSL_LIBS) $(SQLITE_LIBS) $(EXPAT_LIBS) \
	$(EVENT_LIBS) $(NCURSES_LIBS)
