/* cmd/cmd_table.c — the one table of commands. Everything a user can learn
 * about a command (/help, the man page, completion) comes from here.
 */
#include "config.h"

#include <string.h>

#include "cmd_int.h"

/* cmd_t ends with optional fields (text_words) that most entries leave
 * out; they are NULL, as C says. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define EX(...) ((const char *const[]){__VA_ARGS__, NULL})
#define SUBS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const cmd_t table[] = {
    {"connect", "[ACCOUNT]", "connect an account",
     "Connects the current account, or the named one, and logs in. With -e this "
     "happens by itself before the first command that needs it.",
     EX("/connect", "/connect work"), NULL, {CMPL_ACCOUNT}, 0, 0, 1, NULL, cmd_run_connect},
    {"disconnect", "[ACCOUNT]", "disconnect an account",
     "Says goodbye to the server (presence unavailable, end of stream) and stays offline "
     "until /connect.",
     EX("/disconnect", "/disconnect work"), NULL, {CMPL_ACCOUNT}, 0, 0, 1, NULL,
     cmd_run_disconnect},
    {"account", "[NAME]", "list accounts, or switch to one",
     "Without a name, lists the accounts with their address and state. With a name, "
     "makes that account the current one for the commands that follow.",
     EX("/account", "/account work"), NULL, {CMPL_ACCOUNT}, 0, 0, 1, NULL, cmd_run_account},
    {"msg", "JID|NICK [TEXT]", "open a conversation, and send TEXT to it",
     "Makes JID the current conversation and sends TEXT as a chat message. With -e and no "
     "TEXT, the message is read from standard input (all of it, lines kept) when that is "
     "not a terminal. A message may be up to 248 KiB counted as XML (& < > escaped); a "
     "longer one is refused and nothing is sent. A bare JID is routed to the resource that last wrote to us "
     "(XEP-0296). In a room, a NICK (a word without @) opens a private conversation with "
     "that occupant (room@service/NICK). A message shows as pending until the "
     "server has taken it; one written while the account reconnects waits, and pending "
     "messages go again after the next login.",
     EX("/msg alice@example.org Hello!", "/msg bob@example.org/phone Are you there?",
        "/msg Bob see you in the meeting"),
     NULL, {CMPL_CONTACT}, CMD_ONLINE | CMD_OUTBOX | CMD_BODY_STDIN | CMD_OPENS_CONV | CMD_TEXT, 1, 1,
     cmd_check_msg, cmd_run_msg},
    {"say", "TEXT", "send TEXT to the current conversation",
     "Sends TEXT to the current conversation. A line that does not start with / does the "
     "same; start it with // to send a text that begins with /. In a room the command is "
     "done when the room reflects the message back (everyone has it).",
     EX("/say See you at six.", "//etc/motd is a file"), NULL, {CMPL_NONE},
     CMD_ONLINE | CMD_OUTBOX | CMD_BODY_STDIN | CMD_USES_CONV | CMD_TEXT, 0, 0, NULL,
     cmd_run_say},
    {"me", "TEXT", "send an action (/me) to the current conversation",
     "Sends \"/me TEXT\", which clients show as an action (XEP-0245).",
     EX("/me waves"), NULL, {CMPL_NONE}, CMD_ONLINE | CMD_OUTBOX | CMD_USES_CONV | CMD_TEXT, 0,
     0, NULL, cmd_run_me},
    {"correct", "TEXT", "correct the last message sent in the current conversation",
     "Replaces the last message we sent to the current conversation with TEXT "
     "(XEP-0308); clients that support it show the corrected text.",
     EX("/correct See you at seven."), NULL, {CMPL_NONE},
     CMD_ONLINE | CMD_OUTBOX | CMD_USES_CONV | CMD_TEXT, 0, 0, NULL, cmd_run_correct},
    {"join", "ROOM[@SERVICE][/NICK] [PASSWORD]", "join a group-chat room",
     "Joins ROOM and makes it the current conversation; done when the room has sent its "
     "occupant list (a room that did not exist is created and unlocked as an instant "
     "room). Without @SERVICE the room is on the account's group-chat service, found on "
     "its server; without /NICK the nick is the account's nick option, else the user "
     "part of its address. History the room sends is shown only when not already in the "
     "local history. With -e, a join that fails exits 77 for a wrong or missing password, "
     "a ban or a members-only room, 65 for a nick in use.",
     EX("/join ops@conference.example.org", "/join ops/alice", "/join secret@conference."
        "example.org/bob hunter2"),
     NULL, {CMPL_ROOM}, CMD_ONLINE | CMD_OPENS_CONV, 1, 2, cmd_check_join, cmd_run_join},
    {"leave", "[REASON]", "leave the current room",
     "Leaves the room that is the current conversation, with an optional reason that "
     "the others see.",
     EX("/leave", "/leave back tomorrow"), NULL, {CMPL_NONE}, CMD_ONLINE | CMD_TEXT, 0, 0,
     NULL, cmd_run_leave},
    {"nick", "NICK", "change our nick in the current room",
     "Changes our nick in the current room; done when the room confirms. (The nickname "
     "contacts see is set with /mynick.)",
     EX("/nick alice_away"), NULL, {CMPL_NONE}, CMD_ONLINE, 1, 1, NULL, cmd_run_nick},
    {"topic", "[TEXT]", "show or set the current room's subject",
     "Without TEXT prints the room's subject; with TEXT sets it (when the room allows "
     "us to).",
     EX("/topic", "/topic Release 2.0 on Friday"), NULL, {CMPL_NONE},
     CMD_ONLINE | CMD_TEXT, 0, 0, NULL, cmd_run_topic},
    {"invite", "JID [REASON]", "invite someone to the current room",
     "Sends JID an invitation through the room (XEP-0045 mediated invitation).",
     EX("/invite bob@example.org join us"), NULL, {CMPL_CONTACT},
     CMD_ONLINE | CMD_TEXT, 1, 1, cmd_check_jid_arg0, cmd_run_invite},
    {"kick", "NICK [REASON]", "remove an occupant from the current room",
     "Kicks NICK out of the room (a moderator's right); they may come back.",
     EX("/kick troll stop it"), NULL, {CMPL_OCCUPANT}, CMD_ONLINE | CMD_TEXT, 1, 1, NULL,
     cmd_run_kick},
    {"ban", "JID|NICK [REASON]", "ban someone from the current room",
     "Makes the address an outcast of the room (an admin's right): they are removed and "
     "cannot come back. A NICK works when the room shows the occupant's address.",
     EX("/ban spam@example.net", "/ban troll flooding"), NULL, {CMPL_OCCUPANT},
     CMD_ONLINE | CMD_TEXT, 1, 1, NULL, cmd_run_ban},
    {"role", "NICK moderator|participant|visitor|none [REASON]",
     "change an occupant's role in the current room",
     "Gives NICK a role for this visit: moderator, participant (may speak), visitor (may "
     "not speak in a moderated room) or none (kicked).",
     EX("/role bob moderator", "/role troll visitor calm down"),
     SUBS("moderator", "participant", "visitor", "none"), {CMPL_OCCUPANT, CMPL_SUBCOMMAND},
     CMD_ONLINE | CMD_TEXT, 2, 2, cmd_check_role, cmd_run_role},
    {"affiliation", "JID|NICK owner|admin|member|outcast|none [REASON]",
     "change someone's affiliation with the current room",
     "Sets a lasting affiliation of an address with the room: owner, admin, member, "
     "outcast (banned) or none.",
     EX("/affiliation bob@example.org member", "/affiliation bob admin"),
     SUBS("owner", "admin", "member", "outcast", "none"), {CMPL_OCCUPANT, CMPL_SUBCOMMAND},
     CMD_ONLINE | CMD_TEXT, 2, 2, cmd_check_affiliation, cmd_run_affiliation},
    {"room", "[list | occupants | config [FIELD=VALUE...] | destroy [REASON]]",
     "our rooms, and the current room's occupants and settings",
     "list (the default) prints our rooms: address, state, nick and subject, separated by "
     "tabs. occupants prints the current room's occupants as the occupant pane orders "
     "them: nick, role, affiliation and address when shown. config prints the room's "
     "configuration form (one FIELD = value line each; in the terminal UI Tab then completes "
     "FIELD=), or with FIELD=VALUE words changes "
     "those fields and submits the form (an owner's right). destroy ends the room.",
     EX("/room", "/room occupants", "/room config",
        "/room config muc#roomconfig_roomname=Ops muc#roomconfig_persistentroom=1",
        "/room destroy moved elsewhere"),
     SUBS("list", "occupants", "config", "destroy"),
     {CMPL_SUBCOMMAND, CMPL_FORM_FIELD, CMPL_FORM_FIELD}, CMD_ONLINE, 0, 64,
     cmd_check_room, cmd_run_room},
    {"rooms", "[SERVICE]", "list the rooms of a group-chat service",
     "Lists the public rooms (XEP-0030 items) of SERVICE, by default of the account's own "
     "group-chat service: address and name, separated by a tab.",
     EX("/rooms", "/rooms conference.example.org"), NULL, {CMPL_NONE}, CMD_ONLINE, 0, 1,
     cmd_check_optional_jid, cmd_run_rooms},
    {"bookmark", "[list | add [ROOM@SERVICE[/NICK]] [autojoin|noautojoin] [NAME] | remove "
     "[ROOM@SERVICE]]", "keep rooms on the server, joined at login",
     "list (the default) prints our bookmarks (XEP-0402): room, autojoin or -, nick and "
     "name, separated by tabs. add stores the named room, or the current one with our nick "
     "in it, marked autojoin unless noautojoin is given; an interactive session joins "
     "autojoin rooms at every login. remove forgets the named or the current room. The "
     "server keeps them private (access model whitelist) and tells our other clients.",
     EX("/bookmark", "/bookmark add", "/bookmark add ops@conference.example.org/al Ops",
        "/bookmark add ops@conference.example.org noautojoin",
        "/bookmark remove ops@conference.example.org"),
     SUBS("list", "add", "remove"), {CMPL_SUBCOMMAND, CMPL_ROOM}, CMD_ONLINE, 0, 4,
     cmd_check_bookmark,
     cmd_run_bookmark},
    {"pubsub", "nodes SERVICE | subscribe|unsubscribe|create|delete SERVICE NODE | items "
     "SERVICE NODE [N] | publish [--xml] SERVICE NODE TEXT | retract SERVICE NODE ID | "
     "subscriptions | feed [N] | show N",
     "publish-subscribe: nodes, subscriptions, items, publishing",
     "nodes lists a service's nodes (node and name). subscribe and unsubscribe follow or "
     "stop following a node; subscriptions are remembered per account, checked at every "
     "login, and listed by subscriptions. Items published to followed nodes arrive in the "
     "feeds buffer, one numbered line each (number, node, item id, publisher, title); feed "
     "prints its last N lines (default 20) and show N the whole item. items fetches a "
     "node's last N items (all by default) into the buffer and prints them. publish sends "
     "TEXT as an Atom entry (its first line is the title), or with --xml the XML as given, "
     "which must be one element with a namespace. retract removes an item and tells the "
     "subscribers; create and delete make and remove nodes. A SERVICE that is our own "
     "address works on our PEP nodes.",
     EX("/pubsub nodes pubsub.example.org", "/pubsub subscribe pubsub.example.org news",
        "/pubsub items pubsub.example.org news 5",
        "/pubsub publish pubsub.example.org news Release 2.0 is out",
        "/pubsub publish --xml pubsub.example.org status <status xmlns='urn:example:s'>ok"
        "</status>", "/pubsub retract pubsub.example.org news 5f2c", "/pubsub feed",
        "/pubsub show 3", "/pubsub create pubsub.example.org news"),
     SUBS("nodes", "subscribe", "unsubscribe", "items", "publish", "retract", "create",
          "delete", "subscriptions", "feed", "show"), {CMPL_SUBCOMMAND}, CMD_TEXT, 1, 4,
     cmd_check_pubsub, cmd_run_pubsub, cmd_pubsub_text_words},
    {"mynick", "[NAME]", "show or publish the nickname contacts see",
     "Without NAME prints the nickname we published (XEP-0172); with NAME publishes it "
     "through our PEP service, and contacts' clients show it for us. (The nick in a room is "
     "changed with /nick.) Contacts' own nicknames are shown in the roster when we gave "
     "them no name.",
     EX("/mynick", "/mynick Alice L."), NULL, {CMPL_NONE}, CMD_ONLINE | CMD_TEXT, 0, 0, NULL,
     cmd_run_mynick},
    {"close", "[JID]", "close a conversation",
     "Forgets the current conversation, or the one with JID; its history stays. Closing "
     "a room leaves it.",
     EX("/close", "/close alice@example.org"), NULL, {CMPL_CONVERSATION}, 0, 0, 1,
     cmd_check_optional_jid, cmd_run_close},
    {"roster", "[show | add JID [NAME] | remove JID | name JID [NAME] | group JID [GROUP...]]",
     "show or change the contact list",
     "show (the default) lists the contacts: address, name, subscription and groups, "
     "separated by tabs. add puts JID on the list, remove takes it off (and ends the "
     "presence subscriptions both ways), name sets or clears its name, group sets its "
     "groups (none: no group). Quote names with spaces: \"Alice Liddell\".",
     EX("/roster", "/roster add alice@example.org Alice", "/roster name alice@example.org "
        "\"Alice L.\"", "/roster group alice@example.org Friends Work",
        "/roster remove alice@example.org"),
     SUBS("show", "add", "remove", "name", "group"), {CMPL_SUBCOMMAND, CMPL_CONTACT},
     CMD_ONLINE, 0, 64, cmd_check_roster, cmd_run_roster},
    {"sub", "allow|deny|request|cancel JID", "answer or ask for presence subscriptions",
     "allow lets JID see our presence (answers a request, or approves one in advance); "
     "deny refuses a request or withdraws the permission; request asks to see JID's "
     "presence; cancel stops seeing it. Without arguments, lists pending requests.",
     EX("/sub request alice@example.org", "/sub allow alice@example.org",
        "/sub deny spam@example.net"),
     SUBS("allow", "deny", "request", "cancel"), {CMPL_SUBCOMMAND, CMPL_CONTACT},
     CMD_ONLINE, 0, 2, cmd_check_sub, cmd_run_sub},
    {"status", "[online|chat|away|xa|dnd] [TEXT]", "show or set our availability",
     "Sets our availability and an optional status text, sent to contacts at once and "
     "restored after reconnecting. Without arguments, prints the current one.",
     EX("/status away Back at 3", "/status online"), NULL, {CMPL_SHOW}, CMD_TEXT, 0, 1,
     cmd_check_status, cmd_run_status},
    {"priority", "[N]", "show or set our presence priority",
     "Sets the priority (-128 to 127) of this resource; messages to our bare JID go to "
     "the resource with the highest one. Negative values receive none.",
     EX("/priority 10"), NULL, {CMPL_NONE}, 0, 0, 1, cmd_check_priority, cmd_run_priority},
    {"vcard", "[JID] | set FIELD VALUE", "show a vCard, or change ours",
     "Shows the vCard of JID (or ours), one FIELD: value per line. set changes one field "
     "of ours and publishes it; FIELD is FN, NICKNAME, EMAIL, URL, NOTE, BDAY, TITLE, "
     "ROLE, ORG, TEL or DESC; an empty VALUE (\"\") removes the field.",
     EX("/vcard alice@example.org", "/vcard set FN Alice Liddell",
        "/vcard set URL https://example.org/~alice"),
     NULL, {CMPL_CONTACT, CMPL_VCARD_FIELD}, CMD_ONLINE | CMD_TEXT, 0, 2, cmd_check_vcard,
     cmd_run_vcard},
    {"info", "JID", "what JID is and runs",
     "Asks JID for its identity and features (XEP-0030) and its software version "
     "(XEP-0092), and shows its resources and our subscription.",
     EX("/info alice@example.org/laptop", "/info example.org"), NULL, {CMPL_CONTACT},
     CMD_ONLINE, 1, 1, cmd_check_jid_arg0, cmd_run_info},
    {"disco", "[JID]", "list the services an entity offers",
     "Lists the items (XEP-0030) of JID, by default of our own server: group-chat "
     "services, upload services and the like.",
     EX("/disco", "/disco conference.example.org"), NULL, {CMPL_CONTACT}, CMD_ONLINE, 0, 1,
     cmd_check_optional_jid, cmd_run_disco},
    {"ping", "[JID]", "check that JID (by default our server) answers",
     "Sends an XMPP ping (XEP-0199) and prints the round-trip time.",
     EX("/ping", "/ping alice@example.org/laptop"), NULL, {CMPL_CONTACT}, CMD_ONLINE, 0, 1,
     cmd_check_optional_jid, cmd_run_ping},
    {"history", "[JID] [N]", "show the last messages of a conversation",
     "Prints the last N (default 20) messages with JID, or of the current conversation, "
     "from the local history. Works offline.",
     EX("/history alice@example.org 50"), NULL, {CMPL_CONTACT}, 0, 0, 2, NULL,
     cmd_run_history},
    {"search", "TEXT", "search the history",
     "Lists the messages (newest first, at most 50) that contain all the words of TEXT. "
     "Works offline.",
     EX("/search build failed"), NULL, {CMPL_NONE}, CMD_TEXT, 0, 0, NULL, cmd_run_search},
    {"trust", "[SHA256]", "list or accept pinned server certificates",
     "Without arguments, lists the pinned certificate fingerprints by domain. With a "
     "SHA-256 fingerprint (64 hex digits), accepts that certificate for the current "
     "account's domain: it answers a pending question, or pins it for the next "
     "connection. A pin that changes is never accepted silently.",
     EX("/trust", "/trust 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
     NULL, {CMPL_NONE}, 0, 0, 1, cmd_check_trust, cmd_run_trust},
    {"theme", "[NAME]", "list the themes, or switch to one",
     "Without a name, lists the themes found in the user's and the installed themes "
     "folders, the one in use marked with *. With a name, redraws the whole screen in "
     "that theme at once; set theme in the [ui] section of xchat.conf to keep it. Only "
     "in the interactive client.",
     EX("/theme", "/theme light"), NULL, {CMPL_THEME}, 0, 0, 1, NULL, cmd_run_theme},
    {"help", "[COMMAND | keys]", "list the commands, or explain one",
     "Without arguments, lists every command with a line on what it does. With a "
     "command name, shows its syntax, what it does and examples. /help keys lists the "
     "key bindings of the interactive client.",
     EX("/help", "/help roster", "/help keys"), NULL, {CMPL_COMMAND}, 0, 0, 1, cmd_check_help,
     cmd_run_help},
    {"quit", "", "leave xchat",
     "Disconnects every account cleanly and exits.", EX("/quit"), NULL, {CMPL_NONE}, 0, 0,
     0, NULL, cmd_run_quit},
};

const cmd_t *cmd_table(size_t *n)
{
    if (n)
        *n = G_N_ELEMENTS(table);
    return table;
}

const cmd_t *cmd_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(table); i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}
