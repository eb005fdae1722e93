# SPDX-License-Identifier: GPL-2.0
# Crash points armed and cleared while the probed function runs on another
# CPU (faultinj/crashpoint.c): at a function's entry the kprobe would be
# ftrace-based, and patching its site under load once sent the caller to
# address 0 (3 oopses in 300 cycles). Crash points now probe past the
# ftrace site; 300 cycles under an ioctl loop must leave no oops.
# timeout: 120
. /drvsup/tests/lib.sh

CP=/sys/kernel/debug/drvsup/crashpoint
insmod $MODDIR/drvsup.ko restart_max=0 && insmod $MODDIR/rtctest.ko ||
	{ tap_fail "crashpoint-load: set-up"; exit 0; }
ioctlbench /dev/rtctest 20 >/dev/null &
pid=$!
i=0
while [ $i -lt 300 ]; do
	# An NTH it never reaches: the point is arming, not firing.
	echo "rtctest rtct_ioctl oops 1000000000" >$CP
	echo clear >$CP
	i=$((i + 1))
done
wait $pid
tap_is "300 crash points armed and cleared under load: no oops" \
	"$(dmesg | grep -cE 'Oops|BUG:')" 0
tap_is "300 crash points armed and cleared under load: not tainted D" \
	$(($(cat /proc/sys/kernel/tainted) & 128)) 0
rmmod rtctest
rmmod drvsup
