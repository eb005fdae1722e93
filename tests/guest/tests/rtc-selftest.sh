# SPDX-License-Identifier: GPL-2.0
# Peer suite: the kernel's own RTC selftest (tools/testing/selftests/rtc of
# linux-source-6.1, built static by tests/guest/Makefile) against
# /dev/rtctest. Each of its cases becomes one TAP point here. Its 6.1 code
# reports "ok" when the UIE or alarm ioctls fail with EINVAL ("skip ... not
# supported"), so such a line is a failure of ours, checked separately.
# timeout: 260
. /drvsup/tests/lib.sh

log=/tmp/rtc_selftest.log
if ! mod_load rtctest; then
	tap_fail "rtctest module loads for the selftest"
	exit 0
fi
rtc_selftest /dev/rtctest >"$log" 2>&1
rc=$?
mod_unload rtctest

sed -n 's/^\(not ok\|ok\) [0-9]* \(.*\)$/\1 - kernel rtc selftest: \2/p' "$log" | tap_forward
grep -E '^#' "$log" | sed 's/^# */# rtc_selftest: /' >>"$TAP_OUT"
tap_is "kernel rtc selftest: exit status" "$rc" 0
tap_is "kernel rtc selftest: all 8 cases ran" "$(grep -cE '^(not )?ok [0-9]' "$log")" 8
if grep -qi 'not supported' "$log"; then
	tap_fail "kernel rtc selftest: no case skipped as 'not supported'" "$(grep -i 'not supported' "$log")"
else
	tap_ok "kernel rtc selftest: no case skipped as 'not supported'"
fi
