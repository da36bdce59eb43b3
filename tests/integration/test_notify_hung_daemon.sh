#!/bin/bash
# test_notify_hung_daemon.sh - a desktop notification never stalls the
# console. A private session bus carries a notification service that owns
# org.freedesktop.Notifications and never answers Notify (as a wedged
# desktop does; libnotify would wait 25 s). A priority-1 alarm comes in:
# the status line counts it, the service is asked (Notify arrives), and
# while it hangs the console keeps answering keys and shows a second P1
# alarm, then quits with 0 at once.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v dbus-daemon >/dev/null 2>&1 || skip "dbus-daemon is not installed (tools/deps)"
grep -q '^#define HAVE_LIBNOTIFY 1' "$abs_top_builddir/config.h" 2>/dev/null ||
	skip "built without libnotify"
PY=
for py in /usr/bin/python3 python3; do
	if "$py" -c 'import dbus, dbus.service, dbus.mainloop.glib; from gi.repository import GLib' 2>/dev/null; then
		PY=$py
		break
	fi
done
[ -n "$PY" ] || skip "python3-dbus and python3-gi are not installed (tools/deps)"

DB="$PW_TMP_ROOT/park.db"
assert_exit 0 "$PW" --db "$DB" db init
assert_exit 0 "$PW" --db "$DB" seed --enterprises 20

# Two smoke detectors: a smoke alarm event is priority 1 at once.
run "$PW" --db "$DB" query sensors
mapfile -t smoke < <(awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["kind"] == "smoke" { print $c["enterprise_code"] " " $c["code"] }' <<<"$RUN_OUT" | head -n 2)
[ "${#smoke[@]}" -eq 2 ] || fail "the seeded park has fewer than two smoke detectors"

# ---- a private session bus and a notification service that never replies
bg_start bus dbus-daemon --session --nofork --print-address=1
wait_until 10 grep -q '^unix:' "$(bg_log bus)" || hard_error "dbus-daemon did not start: $(cat "$(bg_log bus)")"
BUS=$(grep -m 1 '^unix:' "$(bg_log bus)")
CALLS="$PW_TMP_ROOT/notify-calls"
cat >"$PW_TMP_ROOT/hung_notifyd.py" <<'PY'
import sys
import dbus
import dbus.service
import dbus.mainloop.glib
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"
log = open(sys.argv[1], "a", buffering=1)


class Hung(dbus.service.Object):
    @dbus.service.method(IFACE, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("hung", "parkwatch-test", "1", "1.2")

    @dbus.service.method(IFACE, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["body"]

    # Takes the call and never answers it: the caller waits for its timeout.
    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u",
                         async_callbacks=("reply", "error"))
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout,
               reply, error):
        log.write("Notify %s: %s\n" % (summary, body))


dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
name = dbus.service.BusName(IFACE, bus)
Hung(bus, "/org/freedesktop/Notifications")
print("ready", flush=True)
GLib.MainLoop().run()
PY
: >"$CALLS"
bg_start notifyd env DBUS_SESSION_BUS_ADDRESS="$BUS" "$PY" "$PW_TMP_ROOT/hung_notifyd.py" "$CALLS"
wait_until 10 grep -q ready "$(bg_log notifyd)" || hard_error "the fake notification service did not start: $(cat "$(bg_log notifyd)")"

broker_start
tui_start A 80 24 env DBUS_SESSION_BUS_ADDRESS="$BUS" \
	"$PW" --db "$DB" --broker "$BROKER_URL" console --operator A
tui_wait A 'MQTT up'
tui_wait A 'P1 0 '

smoke_alarm()
{
	local ent=${1% *} sensor=${1#* }
	mqtt_pub -q 1 -t "park/$ent/$sensor/event" -m "{\"ts\": $(date +%s%3N), \"event\": \"alarm\", \"detail\": \"smoke $2\"}"
}

# ---- the first P1 alarm: on the status line, and the hung service is asked
smoke_alarm "${smoke[0]}" one
tui_wait A 'P1 1 '
wait_until 10 grep -q '^Notify ' "$CALLS" ||
	fail "the console never asked the notification service: $(cat "$CALLS")"

# ---- while Notify hangs (libnotify alone would wait 25 s), keys answer
# and new data shows within the harness's usual short waits
tui_keys A 3
tui_wait A 'OPEN ALARMS' 5
tui_wait A "${smoke[0]#* }" 5
tui_keys A '?'
tui_wait A 'Help: ' 5
tui_keys A Escape
tui_keys A 7
tui_wait A 'Operator +Category +Text' 5
smoke_alarm "${smoke[1]}" two
tui_wait A 'P1 2 ' 5
tui_keys A 3
tui_wait A "${smoke[1]#* }" 5

# ---- and it quits at once, leaving no helper behind
tui_keys A q
st=$(tui_exit_status A 10)
assert_eq 0 "$st" "the console did not quit with 0 while the notification service hung"
