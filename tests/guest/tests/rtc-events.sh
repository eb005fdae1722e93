# SPDX-License-Identifier: GPL-2.0
# rtctest's interrupts: update events once a second through read(), select(),
# poll() and SIGIO, accumulation, periodic events (progs/rtc_events.c); and
# several openers at once, each receiving every event (progs/rtc_multi.c).
# timeout: 90
. /drvsup/tests/lib.sh

if ! mod_load rtctest; then
	tap_fail "rtc-events: rtctest loads"
	exit 0
fi
irqs() { awk '$1 == "8:" { n = 0; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i; print n }' /proc/interrupts; }
before=$(irqs)
tap_prog rtc_events /dev/rtctest
tap_diag "IRQ 8: $(($(irqs) - before)) interrupts during rtc_events"
tap_prog rtc_multi /dev/rtctest
tap_run "rtc-events: rtctest unloads" mod_unload rtctest
