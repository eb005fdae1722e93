# SPDX-License-Identifier: GPL-2.0
# The kernel's rtc selftest (tools/testing/selftests/rtc, 8 cases: reads
# of the time for 30 s, update interrupts by read() and select(), alarms
# by RTC_ALM_SET and RTC_WKALM_SET, 3 s ahead and at the next minute)
# against the supervised RTC driver while a fault is injected into it
# about every 2 s: every crash kind, in read, ioctl, open and the IRQ
# handler, in turn. Each 2 s slot arms one crash point and clears it at
# the slot's end: a point fires only if the selftest (or the clock's
# interrupt) runs the function in that slot. The selftest must pass 8/8
# with no case skipped as "not supported": it fails a read stall over 1 s
# and checks the alarm's second exactly, so a recovery (hang detection
# included) must stay well under a second, and an event the device
# raised while the driver was down, or that a file had pending when the
# driver failed, must still reach the file afterwards (rtctest keeps its
# per-file event words in memory the char shadow keeps: shadow/keep.h).
# timeout: 240
. /drvsup/tests/lib.sh

S=/sys/kernel/drvsup/rtctest
CP=/sys/kernel/debug/drvsup/crashpoint
MIN_FAULTS=10		# of ~70 slots: a point fires only if its function runs (10-12 seen)
log=/tmp/rtc_selftest.log

insmod $MODDIR/drvsup.ko || { tap_fail "drvsup.ko loads"; exit 0; }
drvsup load $MODDIR/rtctest.ko >/tmp/load.log 2>&1 ||
	{ tap_fail "rtctest: supervised load" "$(cat /tmp/load.log)"; exit 0; }
# A fault every 2 s is far beyond the default budget (5 in 60 s).
echo "16 1000 0" >$S/restart_budget
health_mark
r0=$(recovered rtctest)

rtc_selftest /dev/rtctest >"$log" 2>&1 &
spid=$!

# The injector: one crash point per 2 s slot, in turn over the kinds and
# the entry points (while1 only where interrupts are enabled: not in the
# IRQ handler). Its timeline goes to the TAP output as diagnostics.
: >/tmp/inject.log
slot=0
armed=0
fired=0
while kill -0 $spid 2>/dev/null; do
	for kind in oops gpf bug div0 while1; do
		for sym in rtct_ioctl rtct_irq rtct_read rtct_open; do
			[ $kind = while1 ] && [ $sym = rtct_irq ] && continue
			kill -0 $spid 2>/dev/null || break 2
			r=$(recovered rtctest)
			echo "rtctest $sym $kind" >$CP
			armed=$((armed + 1))
			sleep 2
			# Fired: the point's "fired=" count, read before clearing.
			f=$(sed -n 's/.* fired=\([0-9]*\)$/\1/p' $CP)
			echo clear >$CP
			[ "${f:-0}" -gt 0 ] && fired=$((fired + 1)) &&
				echo "$(cut -d' ' -f1 /proc/uptime) $kind@$sym" >>/tmp/inject.log
			slot=$((slot + 1))
		done
	done
done
wait $spid
rc=$?
echo clear >$CP
# The faults that fired, by the kernel log: a point can fire between a
# slot's read of its count and its clearing (the selftest calls ioctl
# every 11 ms, the clock interrupts every second), so the slots' counts
# are a floor.
contained=$(dmesg | sed -n "/$(cat /tmp/health.mark)/,\$p" | grep -c 'drvsup: rtctest: contained')
[ "$contained" -gt "$fired" ] && fired=$contained
# A recovery still running when the selftest ended.
wait_recovered rtctest $((r0 + fired))
n=$(($(recovered rtctest) - r0))

sed -n 's/^\(not ok\|ok\) [0-9]* \(.*\)$/\1 - under faults: kernel rtc selftest: \2/p' "$log" | tap_forward
grep -E '^#' "$log" | sed 's/^# */# rtc_selftest: /' >>"$TAP_OUT"
tap_diag "faults fired (uptime, kind@function):" "$(tr '\n' ' ' </tmp/inject.log)"
tap_is "under faults: kernel rtc selftest exit status" "$rc" 0
tap_is "under faults: kernel rtc selftest passed 8/8" \
	"$(grep -cE '^ok [0-9]' "$log")/$(grep -cE '^(not )?ok [0-9]' "$log")" 8/8
if grep -qi 'not supported' "$log"; then
	tap_fail "under faults: no case skipped as 'not supported'" "$(grep -i 'not supported' "$log")"
else
	tap_ok "under faults: no case skipped as 'not supported'"
fi
tap_diag "slots $armed, crash points fired $fired (kernel log: $contained contained), recoveries $n"
tap_is "under faults: every fault that fired was recovered ($fired)" "$n" "$fired"
[ "$n" -ge $MIN_FAULTS ]
tap_is "under faults: >= $MIN_FAULTS faults injected and recovered ($n)" $? 0
tap_is "under faults: driver running, shadow passive" \
	"$(cat $S/state) $(cat $S/recovery)" "running passive"
tap_diag "recovery phases (us):" "$(cat $S/phases)"
tap_diag "recovery total (us) per fault: $(dmesg | sed -n 's/.*rtctest: recovered in \([0-9]*\) us.*/\1/p' | tr '\n' ' ')"
tap_run "rtctest: unload works" rmmod rtctest
health_check 20 "under faults: kernel healthy after $n recoveries"
rmmod drvsup
