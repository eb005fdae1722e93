# SPDX-License-Identifier: GPL-2.0
# rtctest's alarms (progs/rtc_alarm.c): wake-ups of blocked read() and poll()
# at the alarm's second, full-date alarms on a chip that matches only h:m:s,
# one-shot, cancel, alarms already due; and `rtcctl alarm`, the demo's path.
# timeout: 60
. /drvsup/tests/lib.sh

if ! mod_load rtctest; then
	tap_fail "rtc-alarm: rtctest loads"
	exit 0
fi
tap_prog rtc_alarm /dev/rtctest
out=$(rtcctl -d /dev/rtctest alarm +2 2>&1)
rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q 'alarm fired at .* read() = 0x1a0'; then
	tap_ok "rtcctl alarm +2: fired at its second"
else
	tap_fail "rtcctl alarm +2: fired at its second" "exit status $rc" "$out"
fi
tap_diag "$out"
tap_run "rtc-alarm: rtctest unloads" mod_unload rtctest
