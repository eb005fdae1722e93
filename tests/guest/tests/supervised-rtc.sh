# SPDX-License-Identifier: GPL-2.0
# The RTC driver loaded under supervision (`drvsup load`) passes the same
# guest tests as when loaded plain — every rtc-*.sh, the kernel's rtc
# selftest included — while every call crosses drvsup's gates both ways.
# timeout: 480
. /drvsup/tests/lib.sh

if ! insmod $MODDIR/drvsup.ko; then
	tap_fail "drvsup.ko loads"
	exit 0
fi
S=/sys/kernel/drvsup/rtctest

# As udev would at boot: the plain driver is loaded first; --replace takes over.
insmod $MODDIR/rtctest.ko
tap_run "drvsup load --replace takes over a plain instance" \
	drvsup load --replace $MODDIR/rtctest.ko
tap_is "the replaced instance is supervised" "$(cat $S/state 2>&1)" running
expect_rc=$(drvsup load --replace $MODDIR/rtctest.ko >/dev/null 2>&1; echo $?)
tap_is "--replace refuses to replace a supervised instance (exit 14)" "$expect_rc" 14
rmmod rtctest
tap_run "drvsup load rtctest.ko" drvsup load $MODDIR/rtctest.ko
tap_is "rtctest is supervised: domain running" "$(cat $S/state 2>&1)" running
tap_run "/proc/modules shows rtctest using drvsup" \
	grep -qE '^drvsup .* rtctest,' /proc/modules
rtcctl -d /dev/rtctest time >/dev/null
in=$(sed -n 's/^in //p' $S/crossings)
out=$(sed -n 's/^out //p' $S/crossings)
tap_diag "crossings after one RTC_RD_TIME: in $in, out $out" \
	"objects: $(tr '\n' ' ' <$S/objects)" "kept: $(tr '\n' ' ' <$S/kept)"
[ "${in:-0}" -gt 0 ] && [ "${out:-0}" -gt 0 ]
tap_is "calls cross gates in both directions" "$?" 0
tap_run "drvsup status shows it running" sh -c 'drvsup status rtctest | grep -q "^rtctest: running"'
tap_run "drvsup status --json reports crossings both ways" \
	sh -c 'drvsup status --json rtctest | grep -qE "\"crossings\":\{\"in\":[1-9][0-9]*,\"out\":[1-9]"'
# Per entry point: each crossing is counted once, under its entry point.
entry() { awk -v k="$1" '$1 == k { print $2 }' $S/entries; }
tap_is "entries: one init crossing" "$(entry init)" 1
io0=$(entry ioctl)
op0=$(entry open)
for i in 1 2 3 4 5; do
	rtcctl -d /dev/rtctest time >/dev/null
done
io=$(($(entry ioctl) - ${io0:-0}))
op=$(($(entry open) - ${op0:-0}))
tap_diag "5 more RTC_RD_TIME: ioctl +$io, open +$op; entries: $(tr '\n' ' ' <$S/entries)"
[ "$io" -ge 5 ] && [ "$op" -ge 5 ]
tap_is "entries: 5 rtcctl runs count >= 5 ioctl and 5 open crossings" "$?" 0
sum=$(awk '{ n += $2 } END { print n + 0 }' $S/entries)
tap_is "entries add up to crossings' in" "$sum" "$(sed -n 's/^in //p' $S/crossings)"
tap_run "drvsup status --json reports crossings per entry point" \
	sh -c 'drvsup status --json rtctest | grep -qE "\"entries\":\{([^}]*,)?\"ioctl\":[1-9]"'
# The driver runs on stacks of its domain's (isolation/stack.c): a pool of
# 8 for task-level calls, which sleep on them. Ten readers asleep in
# read() (no RTC interrupt is on) empty it: the calls that find it empty
# run on their own kernel stack, counted, and all of them can be killed.
tap_is "no call found the domain's stack pool empty yet" "$(cat $S/stack_fallbacks)" 0
pids=
for i in 0 1 2 3 4 5 6 7 8 9; do
	dd if=/dev/rtctest of=/dev/null bs=8 count=1 2>/dev/null &
	pids="$pids $!"
done
sleep 3
asleep=0
for p in $pids; do kill -0 $p 2>/dev/null && asleep=$((asleep + 1)); done
fb=$(cat $S/stack_fallbacks)
tap_diag "10 readers: $asleep asleep in read(), stack_fallbacks $fb, in_flight $(cat $S/in_flight)"
[ $asleep -eq 10 ] && [ "$fb" -ge 2 ]
tap_is "10 readers asleep in the driver: at least 2 calls ran without a domain stack" $? 0
kill $pids 2>/dev/null
wait
tap_is "the readers killed: the domain runs, nothing in flight" \
	"$(cat $S/state) $(cat $S/in_flight)" "running 0"
tap_run "rtctest answers after them" rtcctl -d /dev/rtctest time
tap_run "rtctest unloads" rmmod rtctest
tap_run "its domain is gone with it" test ! -e $S

export SUPERVISE=rtctest TAP_PREFIX="supervised: "
for t in /drvsup/tests/rtc-*.sh; do
	tap_diag "supervised run of $(basename "$t")"
	sh "$t"
done
TAP_PREFIX=
tap_run "drvsup unloads after the supervised runs" rmmod drvsup
