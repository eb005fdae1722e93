# SPDX-License-Identifier: GPL-2.0
# rtctest's char ABI: error paths (invalid dates and rates, bad pointers,
# unknown ioctls, short and non-blocking reads; progs/rtc_abi.c) and what a
# process without capabilities may do (progs/rtc_perm.c).
# timeout: 60
. /drvsup/tests/lib.sh

if ! mod_load rtctest; then
	tap_fail "rtc-abi: rtctest loads"
	exit 0
fi
tap_prog rtc_abi /dev/rtctest
tap_prog rtc_perm /dev/rtctest
tap_run "rtc-abi: rtctest unloads" mod_unload rtctest
