# SPDX-License-Identifier: GPL-2.0
# `make bench`: supervised vs unsupervised in one guest run, medians of 5
# repetitions. Ratios are what to compare: TCG makes absolute times 10-50x
# slower than native (vm.md).
. /drvsup/tests/lib.sh

REPS=5
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

insmod $MODDIR/drvsup.ko || exit 1
echo "drvsup bench: Linux $(uname -r), $(grep -c ^processor /proc/cpuinfo) vCPUs, QEMU TCG, medians of $REPS"
echo

GB=/sys/kernel/debug/drvsup/gatebench
: >/tmp/ind
: >/tmp/gate
for i in $(seq $REPS); do
	echo 2000000 >$GB
	sed 's/.*indirect_ns=\([0-9.]*\).*/\1/' $GB >>/tmp/ind
	sed 's/.*gate_ns=\([0-9.]*\).*/\1/' $GB >>/tmp/gate
done
ind=$(median </tmp/ind)
gate=$(median </tmp/gate)
printf '%-44s %10s %10s %7s\n' "" plain drvsup ratio
printf '%-44s %10s %10s %7s\n' "empty call, ns (indirect call vs gate)" "$ind" "$gate" "$(ratio "$gate" "$ind")"

rtc_rate() {
	: >/tmp/rate
	for i in $(seq $REPS); do
		ioctlbench /dev/rtctest 2 | sed 's/calls_per_s=//' >>/tmp/rate
	done
	median </tmp/rate
}
insmod $MODDIR/rtctest.ko || exit 1
plain=$(rtc_rate)
rmmod rtctest
drvsup load $MODDIR/rtctest.ko || exit 1
sup=$(rtc_rate)
rmmod rtctest
printf '%-44s %10s %10s %7s\n' "RTC ioctl(RTC_RD_TIME) calls/s" "$plain" "$sup" "$(ratio "$sup" "$plain")"
rmmod drvsup
