# ui: the terminal front end. Leaf modules without curses or the core
# (themes, text layout, nick colours, key bindings, notification policy and
# the libnotify back end), the drawing back ends (curses and a headless
# grid), buffers and windows, and the UI over the core and the command
# table. Their unit tests are listed here too, so that work on the UI
# touches no other module's fragment.
noinst_HEADERS += \
	include/xchat/buffer.h \
	include/xchat/draw.h \
	include/xchat/tinput.h \
	include/xchat/ui.h \
	include/xchat/window.h \
	src/ui/ui_int.h \
	include/xchat/hsluv.h \
	include/xchat/keys.h \
	include/xchat/nickcolor.h \
	include/xchat/notify.h \
	include/xchat/notify_desktop.h \
	include/xchat/theme.h \
	include/xchat/wrap.h
noinst_LIBRARIES += src/ui/libxchat_ui.a
src_ui_libxchat_ui_a_SOURCES = \
	src/ui/bars.c \
	src/ui/buffer.c \
	src/ui/draw.c \
	src/ui/draw_curses.c \
	src/ui/draw_grid.c \
	src/ui/input.c \
	src/ui/layout.c \
	src/ui/look.c \
	src/ui/rpane.c \
	src/ui/opane.c \
	src/ui/ui_rooms.c \
	src/ui/tinput.c \
	src/ui/ui.c \
	src/ui/ui_cmd.c \
	src/ui/ui_events.c \
	src/ui/ui_keys.c \
	src/ui/ui_roster.c \
	src/ui/ui_run.c \
	src/ui/view.c \
	src/ui/window.c \
	src/ui/hsluv.c \
	src/ui/keys.c \
	src/ui/nickcolor.c \
	src/ui/notify.c \
	src/ui/notify_desktop.c \
	src/ui/theme.c \
	src/ui/wrap.c
# The installed themes folder; the tests pass the source themes/ instead.
src_ui_libxchat_ui_a_CPPFLAGS = $(AM_CPPFLAGS) -DXCHAT_THEMEDIR='"$(themedir)"'
src_ui_libxchat_ui_a_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(NOTIFY_CFLAGS) $(STROPHE_CFLAGS) \
	$(SQLITE_CFLAGS) $(NCURSES_CFLAGS) $(READLINE_CFLAGS)
# The leaf modules alone, and the whole UI with the core and the command table.
UI_LIBS = src/ui/libxchat_ui.a $(UTIL_LIBS) $(NOTIFY_LIBS) -lm
UI_FULL_LIBS = src/ui/libxchat_ui.a $(CMD_LIBS) $(NCURSES_LIBS) $(READLINE_LIBS) \
	$(NOTIFY_LIBS) -lm

# ---- unit tests -------------------------------------------------------------
UI_TESTS = tests/unit/test_ui_keys tests/unit/test_ui_manual tests/unit/test_ui_nickcolor \
	tests/unit/test_ui_notify tests/unit/test_ui_theme tests/unit/test_ui_wrap \
	tests/unit/test_ui_screen tests/unit/test_ui_parts tests/unit/test_ui_rooms
check_PROGRAMS += $(UI_TESTS)
TESTS += $(UI_TESTS)
# The whole UI on the headless drawing back end (tests/unit/ui_fixture.h).
tests_unit_test_ui_screen_SOURCES = tests/unit/test_ui_screen.c tests/unit/ui_fixture.h
tests_unit_test_ui_screen_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/ui
tests_unit_test_ui_screen_CFLAGS = $(UNIT_CFLAGS) $(STROPHE_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_ui_screen_LDADD = $(UI_FULL_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ui_rooms_SOURCES = tests/unit/test_ui_rooms.c tests/unit/ui_fixture.h
tests_unit_test_ui_rooms_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/ui
tests_unit_test_ui_rooms_CFLAGS = $(UNIT_CFLAGS) $(STROPHE_CFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_ui_rooms_LDADD = $(UI_FULL_LIBS) $(CMOCKA_LIBS)
# Buffers, windows and the terminal input decoder on their own.
tests_unit_test_ui_parts_SOURCES = tests/unit/test_ui_parts.c
tests_unit_test_ui_parts_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/ui
tests_unit_test_ui_parts_CFLAGS = $(UNIT_CFLAGS) $(STROPHE_CFLAGS)
tests_unit_test_ui_parts_LDADD = $(UI_FULL_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ui_wrap_SOURCES = tests/unit/test_ui_wrap.c
tests_unit_test_ui_wrap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ui_wrap_LDADD = $(UI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ui_nickcolor_SOURCES = tests/unit/test_ui_nickcolor.c
tests_unit_test_ui_nickcolor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ui_nickcolor_LDADD = $(UI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ui_keys_SOURCES = tests/unit/test_ui_keys.c
tests_unit_test_ui_keys_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ui_keys_LDADD = $(UI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ui_theme_SOURCES = tests/unit/test_ui_theme.c
tests_unit_test_ui_theme_CPPFLAGS = $(AM_CPPFLAGS) -DXCHAT_THEMEDIR='"$(themedir)"'
tests_unit_test_ui_theme_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ui_theme_LDADD = $(UI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ui_notify_SOURCES = tests/unit/test_ui_notify.c
tests_unit_test_ui_notify_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ui_notify_LDADD = $(UI_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ui_manual_SOURCES = tests/unit/test_ui_manual.c
tests_unit_test_ui_manual_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ui_manual_LDADD = $(UI_LIBS) $(CMOCKA_LIBS)

# ---- desktop notifications against a real session bus ------------------------
check_PROGRAMS += tests/notify/notify_probe
tests_notify_notify_probe_SOURCES = tests/notify/notify_probe.c
tests_notify_notify_probe_LDADD = $(UI_LIBS)
tests_notify_notify_probe_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(NOTIFY_CFLAGS)
dist_check_SCRIPTS += tests/notify/test-notify.sh
dist_check_DATA += tests/notify/fake_notifyd.py tests/notify/session.conf
TESTS += tests/notify/test-notify.sh
