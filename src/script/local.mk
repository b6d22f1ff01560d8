# script: the -e front end (no UI).
noinst_HEADERS += include/xchat/script.h
noinst_LIBRARIES += src/script/libxchat_script.a
src_script_libxchat_script_a_SOURCES = src/script/script.c
src_script_libxchat_script_a_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(STROPHE_CFLAGS) \
	$(SQLITE_CFLAGS)
SCRIPT_LIBS = src/script/libxchat_script.a $(CMD_LIBS)
