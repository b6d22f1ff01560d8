# core: the client's model and protocol logic over libstrophe (no curses).
noinst_HEADERS += \
	include/xchat/account.h \
	include/xchat/bookmark.h \
	include/xchat/cache.h \
	include/xchat/caps.h \
	include/xchat/chat.h \
	include/xchat/core.h \
	include/xchat/db.h \
	include/xchat/disco.h \
	include/xchat/edge.h \
	include/xchat/events.h \
	include/xchat/history.h \
	include/xchat/link.h \
	include/xchat/muc.h \
	include/xchat/pep.h \
	include/xchat/presence.h \
	include/xchat/pubsub.h \
	include/xchat/register.h \
	include/xchat/room.h \
	include/xchat/roster.h \
	include/xchat/session.h \
	include/xchat/stz.h \
	include/xchat/sub.h \
	include/xchat/trust.h \
	include/xchat/vcard.h \
	include/xchat/xdata.h \
	src/core/chat_int.h \
	src/core/link_int.h \
	src/core/pubsub_int.h \
	src/core/room_int.h
noinst_LIBRARIES += src/core/libxchat_core.a
src_core_libxchat_core_a_SOURCES = \
	src/core/account.c \
	src/core/bookmark.c \
	src/core/cache.c \
	src/core/caps.c \
	src/core/chat.c \
	src/core/chat_mam.c \
	src/core/chat_outbox.c \
	src/core/chat_recv.c \
	src/core/core.c \
	src/core/db.c \
	src/core/disco.c \
	src/core/edge.c \
	src/core/events.c \
	src/core/history.c \
	src/core/link.c \
	src/core/link_xmpp.c \
	src/core/muc.c \
	src/core/pep.c \
	src/core/presence.c \
	src/core/pubsub.c \
	src/core/pubsub_event.c \
	src/core/pubsub_item.c \
	src/core/register.c \
	src/core/room.c \
	src/core/room_admin.c \
	src/core/room_ping.c \
	src/core/room_recv.c \
	src/core/room_service.c \
	src/core/room_talk.c \
	src/core/roster.c \
	src/core/session.c \
	src/core/stz.c \
	src/core/sub.c \
	src/core/trust.c \
	src/core/vcard.c \
	src/core/xdata.c
src_core_libxchat_core_a_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(STROPHE_CFLAGS) \
	$(OPENSSL_CFLAGS) $(SQLITE_CFLAGS)
CORE_LIBS = src/core/libxchat_core.a $(UTIL_LIBS) $(STROPHE_LIBS) $(OPENSSL_LIBS) \
	$(SQLITE_LIBS) $(GLIB_LIBS)
