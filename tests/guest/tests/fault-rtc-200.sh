# SPDX-License-Identifier: GPL-2.0
# 200 contained faults of the supervised RTC driver in one boot, every
# crash kind in turn in its ioctl, each caller getting ENODEV; then the
# kernel health check of vm.md: tightened detectors, 30 s idle, dmesg and
# the taint flags D/W/L.
# timeout: 300
. /drvsup/tests/lib.sh

# Containment alone, no restarts (shadow-rtc.sh tests those).
insmod $MODDIR/drvsup.ko restart_max=0 || { tap_fail "drvsup.ko loads"; exit 0; }
# What `drvsup load` inserts, rewritten once: this test is about faults.
drvsup rewrite $MODDIR/rtctest.ko -o /tmp/rtctest-sup.ko ||
	{ tap_fail "drvsup rewrite rtctest.ko"; exit 0; }
health_mark
ok=0 n=0
while [ $n -lt 200 ]; do
	for kind in oops gpf bug div0 while1; do
		insmod /tmp/rtctest-sup.ko || break 2
		echo "rtctest rtct_ioctl $kind" >/sys/kernel/debug/drvsup/crashpoint
		[ "$(devcall /dev/rtctest ioctl)" = errno=ENODEV ] && ok=$((ok + 1))
		echo clear >/sys/kernel/debug/drvsup/crashpoint
		rmmod rtctest || break 2
		n=$((n + 1))
	done
done
tap_is "200 faults injected, each caller got ENODEV" "$ok/$n" "200/200"
tap_is "dmesg has one line per contained fault" \
	"$(dmesg | sed -n "/$(cat /tmp/health.mark)/,\$p" | grep -c 'drvsup: rtctest: contained')" 200
health_check 30 "kernel healthy after 200 contained driver faults (30 s idle)"
rmmod drvsup
