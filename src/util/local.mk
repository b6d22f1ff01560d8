# util: depends on nothing of ours.
noinst_HEADERS += \
	include/xchat/capsver.h \
	include/xchat/config.h \
	include/xchat/jid.h \
	include/xchat/paths.h \
	include/xchat/text.h
noinst_LIBRARIES += src/util/libxchat_util.a
src_util_libxchat_util_a_SOURCES = \
	src/util/capsver.c \
	src/util/config.c \
	src/util/jid.c \
	src/util/paths.c \
	src/util/text.c
src_util_libxchat_util_a_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(IDN_CFLAGS)
UTIL_LIBS = src/util/libxchat_util.a $(GLIB_LIBS) $(IDN_LIBS)
