# server: the embedded XMPP server. Depends on util only.
noinst_HEADERS += \
	include/xchat/server.h \
	include/xchat/srv_conn.h \
	include/xchat/srv_core.h \
	include/xchat/srv_form.h \
	include/xchat/srv_limits.h \
	include/xchat/srv_caps.h \
	include/xchat/srv_log.h \
	include/xchat/srv_carbons.h \
	include/xchat/srv_csi.h \
	include/xchat/srv_mam.h \
	include/xchat/srv_mod.h \
	include/xchat/srv_muc.h \
	include/xchat/srv_muc_perm.h \
	include/xchat/srv_parser.h \
	include/xchat/srv_presence.h \
	include/xchat/srv_pubsub.h \
	include/xchat/srv_roster.h \
	include/xchat/srv_router.h \
	include/xchat/srv_sasl.h \
	include/xchat/srv_scram.h \
	include/xchat/srv_session.h \
	include/xchat/srv_sm.h \
	include/xchat/srv_stamp.h \
	include/xchat/srv_store.h \
	include/xchat/srv_stream.h \
	include/xchat/srv_sub.h \
	include/xchat/srv_subscription.h \
	include/xchat/srv_tls.h \
	include/xchat/srv_xml.h \
	src/server/store_db.h
noinst_LIBRARIES += src/server/libxchat_server.a
src_server_libxchat_server_a_SOURCES = \
	src/server/accounts.c \
	src/server/caps.c \
	src/server/conn.c \
	src/server/csi.c \
	src/server/form.c \
	src/server/limits.c \
	src/server/log.c \
	src/server/sm.c \
	src/server/stamp.c \
	src/server/mod_disco.c \
	src/server/mod_carbons.c \
	src/server/mod_mam.c \
	src/server/mod_mam_prefs.c \
	src/server/mod_message.c \
	src/server/mod_offline.c \
	src/server/mod_ping.c \
	src/server/mod_presence.c \
	src/server/mod_pubsub.c \
	src/server/mod_register.c \
	src/server/mod_roster.c \
	src/server/mod_vcard.c \
	src/server/mod_version.c \
	src/server/muc.c \
	src/server/muc_admin.c \
	src/server/muc_form.c \
	src/server/muc_message.c \
	src/server/muc_perm.c \
	src/server/muc_persist.c \
	src/server/muc_mam.c \
	src/server/muc_presence.c \
	src/server/parser.c \
	src/server/pubsub_form.c \
	src/server/pubsub_iq.c \
	src/server/pubsub_node.c \
	src/server/pubsub_notify.c \
	src/server/pubsub_owner.c \
	src/server/roster.c \
	src/server/router.c \
	src/server/sasl.c \
	src/server/scram.c \
	src/server/server.c \
	src/server/session.c \
	src/server/store.c \
	src/server/store_mam.c \
	src/server/store_muc.c \
	src/server/store_pubsub.c \
	src/server/stream.c \
	src/server/sub.c \
	src/server/subscription.c \
	src/server/tls.c \
	src/server/xml.c
src_server_libxchat_server_a_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(IDN_CFLAGS) \
	$(OPENSSL_CFLAGS) $(SQLITE_CFLAGS) $(EXPAT_CFLAGS) $(EVENT_CFLAGS)
SERVER_LIBS = src/server/libxchat_server.a $(UTIL_LIBS) $(OPENSSL_LIBS) $(SQLITE_LIBS) \
	$(EXPAT_LIBS) $(EVENT_LIBS) -lm
