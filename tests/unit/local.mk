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
