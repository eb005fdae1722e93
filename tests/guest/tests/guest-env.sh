# SPDX-License-Identifier: GPL-2.0
# The test guest is what the other tests assume: the built-in rtc_cmos kept
# off the CMOS RTC, IRQ 8 not taken by HPET, and the fast hang/stall
# detectors of vm.md in force (else a health check proves nothing).
# timeout: 30
. /drvsup/tests/lib.sh

tap_is "hung task detector at 10 s" "$(cat /proc/sys/kernel/hung_task_timeout_secs)" 10
tap_is "soft lockup threshold 2 s" "$(cat /proc/sys/kernel/watchdog_thresh)" 2
tap_is "RCU stall timeout 5 s" "$(cat /sys/module/rcupdate/parameters/rcu_cpu_stall_timeout)" 5
if grep -q 'rtc' /proc/ioports; then
	tap_fail "CMOS ports 0x70-0x71 free for drvsup's RTC driver" "$(grep rtc /proc/ioports)"
else
	tap_ok "CMOS ports 0x70-0x71 free for drvsup's RTC driver"
fi
if [ -e /dev/rtc0 ]; then
	tap_fail "no built-in RTC device claimed the CMOS clock" "$(ls -l /sys/class/rtc/)"
else
	tap_ok "no built-in RTC device claimed the CMOS clock"
fi
tap_run "debugfs and tracefs mounted" grep -qE 'debugfs|tracefs' /proc/mounts
tap_is "guest kernel is the build kernel" "$(uname -r)" "$(cat /drvsup/kver)"

# The health check must be able to fail: plant a warning line and scan.
health_mark
echo "WARNING: $HEALTH_PLANTED line from the harness self-test" >/dev/kmsg
if health_scan | grep -q "$HEALTH_PLANTED"; then
	tap_ok "health scan sees a planted WARNING line"
else
	tap_fail "health scan sees a planted WARNING line" "$(dmesg | tail -n 3)"
fi
