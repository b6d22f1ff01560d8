# cmd: the one command table, used by the UI and by -e.
noinst_HEADERS += include/xchat/cmd.h src/cmd/cmd_int.h
noinst_LIBRARIES += src/cmd/libxchat_cmd.a
src_cmd_libxchat_cmd_a_SOURCES = \
	src/cmd/cmd_bookmark.c \
	src/cmd/cmd_chat.c \
	src/cmd/cmd_help.c \
	src/cmd/cmd_info.c \
	src/cmd/cmd_parse.c \
	src/cmd/cmd_pubsub.c \
	src/cmd/cmd_room.c \
	src/cmd/cmd_room_info.c \
	src/cmd/cmd_roster.c \
	src/cmd/cmd_session.c \
	src/cmd/cmd_table.c
src_cmd_libxchat_cmd_a_CFLAGS = $(AM_CFLAGS) $(GLIB_CFLAGS) $(STROPHE_CFLAGS) $(SQLITE_CFLAGS)
CMD_LIBS = src/cmd/libxchat_cmd.a $(CORE_LIBS)
