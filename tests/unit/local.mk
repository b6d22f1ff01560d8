# cmocka unit tests: one program per module.
UNIT_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_LIBS = $(UTIL_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_jid tests/unit/test_text tests/unit/test_config
tests_unit_test_jid_SOURCES = tests/unit/test_jid.c
tests_unit_test_jid_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jid_LDADD = $(UNIT_LIBS)
tests_unit_test_text_SOURCES = tests/unit/test_text.c
tests_unit_test_text_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_text_LDADD = $(UNIT_LIBS)
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_LDADD = $(UNIT_LIBS)
TESTS += tests/unit/test_jid tests/unit/test_text tests/unit/test_config

# core and cmd: programs that link the client libraries.
CLIENT_UNIT_CFLAGS = $(UNIT_CFLAGS) $(STROPHE_CFLAGS) $(SQLITE_CFLAGS) $(OPENSSL_CFLAGS)
CLIENT_UNIT_LIBS = $(CMD_LIBS) $(CMOCKA_LIBS)
CLIENT_UNIT_TESTS = tests/unit/test_caps tests/unit/test_edge tests/unit/test_history \
	tests/unit/test_chat tests/unit/test_cmd tests/unit/test_trust tests/unit/test_muc \
	tests/unit/test_pubsub
check_PROGRAMS += $(CLIENT_UNIT_TESTS)
TESTS += $(CLIENT_UNIT_TESTS)
tests_unit_test_caps_SOURCES = tests/unit/test_caps.c
tests_unit_test_caps_CFLAGS = $(CLIENT_UNIT_CFLAGS)
tests_unit_test_caps_LDADD = $(CLIENT_UNIT_LIBS)
tests_unit_test_edge_SOURCES = tests/unit/test_edge.c
tests_unit_test_edge_CFLAGS = $(CLIENT_UNIT_CFLAGS)
tests_unit_test_edge_LDADD = $(CLIENT_UNIT_LIBS)
tests_unit_test_history_SOURCES = tests/unit/test_history.c
tests_unit_test_history_CFLAGS = $(CLIENT_UNIT_CFLAGS)
tests_unit_test_history_LDADD = $(CLIENT_UNIT_LIBS)
tests_unit_test_chat_SOURCES = tests/unit/test_chat.c
tests_unit_test_chat_CFLAGS = $(CLIENT_UNIT_CFLAGS)
tests_unit_test_chat_LDADD = $(CLIENT_UNIT_LIBS)
tests_unit_test_cmd_SOURCES = tests/unit/test_cmd.c
tests_unit_test_cmd_CFLAGS = $(CLIENT_UNIT_CFLAGS)
tests_unit_test_cmd_LDADD = $(CLIENT_UNIT_LIBS)
tests_unit_test_muc_SOURCES = tests/unit/test_muc.c
tests_unit_test_muc_CFLAGS = $(CLIENT_UNIT_CFLAGS)
tests_unit_test_muc_LDADD = $(CLIENT_UNIT_LIBS)
tests_unit_test_pubsub_SOURCES = tests/unit/test_pubsub.c
tests_unit_test_pubsub_CFLAGS = $(CLIENT_UNIT_CFLAGS)
tests_unit_test_pubsub_LDADD = $(CLIENT_UNIT_LIBS)
tests_unit_test_trust_SOURCES = tests/unit/test_trust.c
tests_unit_test_trust_CFLAGS = $(CLIENT_UNIT_CFLAGS)
tests_unit_test_trust_LDADD = $(CLIENT_UNIT_LIBS)
noinst_HEADERS += tests/unit/tmpdir.h
# Server unit tests: the pure pieces of the embedded server.
SRV_UNIT_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS) $(SQLITE_CFLAGS) $(EXPAT_CFLAGS)
SRV_UNIT_LIBS = $(SERVER_LIBS) $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test_srv_scram tests/unit/test_srv_sub tests/unit/test_srv_store \
	tests/unit/test_srv_parser tests/unit/test_srv_muc tests/unit/test_srv_caps
tests_unit_test_srv_scram_SOURCES = tests/unit/test_srv_scram.c
tests_unit_test_srv_scram_CFLAGS = $(SRV_UNIT_CFLAGS)
tests_unit_test_srv_scram_LDADD = $(SRV_UNIT_LIBS)
tests_unit_test_srv_sub_SOURCES = tests/unit/test_srv_sub.c
tests_unit_test_srv_sub_CFLAGS = $(SRV_UNIT_CFLAGS)
tests_unit_test_srv_sub_LDADD = $(SRV_UNIT_LIBS)
tests_unit_test_srv_store_SOURCES = tests/unit/test_srv_store.c
tests_unit_test_srv_store_CFLAGS = $(SRV_UNIT_CFLAGS)
tests_unit_test_srv_store_LDADD = $(SRV_UNIT_LIBS)
tests_unit_test_srv_parser_SOURCES = tests/unit/test_srv_parser.c
tests_unit_test_srv_parser_CFLAGS = $(SRV_UNIT_CFLAGS)
tests_unit_test_srv_parser_LDADD = $(SRV_UNIT_LIBS)
tests_unit_test_srv_muc_SOURCES = tests/unit/test_srv_muc.c
tests_unit_test_srv_muc_CFLAGS = $(SRV_UNIT_CFLAGS)
tests_unit_test_srv_muc_LDADD = $(SRV_UNIT_LIBS)
tests_unit_test_srv_caps_SOURCES = tests/unit/test_srv_caps.c
tests_unit_test_srv_caps_CFLAGS = $(SRV_UNIT_CFLAGS)
tests_unit_test_srv_caps_LDADD = $(SRV_UNIT_LIBS)
TESTS += tests/unit/test_srv_scram tests/unit/test_srv_sub tests/unit/test_srv_store \
	tests/unit/test_srv_parser tests/unit/test_srv_muc tests/unit/test_srv_caps
