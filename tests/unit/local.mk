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

# Server unit tests: the pure pieces of the embedded server.
SRV_UNIT_CFLAGS = $(UNIT_CFLAGS) $(OPENSSL_CFLAGS) $(SQLITE_CFLAGS) $(EXPAT_CFLAGS)
SRV_UNIT_LIBS = $(SERVER_LIBS) $(CMOCKA_LIBS)
check_PROGRAMS += tests/unit/test_srv_scram tests/unit/test_srv_sub tests/unit/test_srv_store \
	tests/unit/test_srv_parser
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
TESTS += tests/unit/test_srv_scram tests/unit/test_srv_sub tests/unit/test_srv_store \
	tests/unit/test_srv_parser
