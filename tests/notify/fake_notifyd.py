#!/usr/bin/python3
"""A notification service for the tests: implements
org.freedesktop.Notifications on the session bus and records every call,
one JSON object per line, in LOG. Creates READY once it owns the name.

usage: fake_notifyd.py LOG READY [--no-markup] [--lifetime=SECONDS]
"""
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Service(dbus.service.Object):
    def __init__(self, bus, log, markup):
        super().__init__(bus, PATH)
        self.log = log
        self.markup = markup
        self.next_id = 1

    def record(self, **call):
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(call) + "\n")

    @dbus.service.method(IFACE, in_signature="", out_signature="as")
    def GetCapabilities(self):
        caps = ["body", "actions"]
        if self.markup:
            caps.append("body-markup")
        self.record(method="GetCapabilities")
        return caps

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints,
               expire_timeout):
        nid = int(replaces_id) or self.next_id
        if not replaces_id:
            self.next_id += 1
        self.record(method="Notify", app_name=str(app_name), replaces_id=int(replaces_id),
                    id=nid, summary=str(summary), body=str(body),
                    hints={str(k): str(v) for k, v in hints.items()})
        return nid

    @dbus.service.method(IFACE, in_signature="u", out_signature="")
    def CloseNotification(self, nid):
        self.record(method="CloseNotification", id=int(nid))
        self.NotificationClosed(nid, 3)

    @dbus.service.signal(IFACE, signature="uu")
    def NotificationClosed(self, nid, reason):
        pass

    @dbus.service.method(IFACE, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        self.record(method="GetServerInformation")
        return ("xchat-test", "xchat", "1.0", "1.2")


def main():
    log, ready = sys.argv[1], sys.argv[2]
    markup = "--no-markup" not in sys.argv[3:]
    lifetime = 60
    for a in sys.argv[3:]:
        if a.startswith("--lifetime="):
            lifetime = int(a.split("=", 1)[1])
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(IFACE, bus, do_not_queue=True)
    service = Service(bus, log, markup)
    open(ready, "w").close()
    loop = GLib.MainLoop()
    GLib.timeout_add_seconds(lifetime, loop.quit)  # never outlive a stuck test
    loop.run()
    del name, service


if __name__ == "__main__":
    main()
