# SPDX-License-Identifier: GPL-2.0
# What the faults of fault-rtc.sh do WITHOUT supervision, each in a fresh
# guest: the plain driver with the same crash point. The outcome is what a
# user would otherwise get: a kernel that panics (a fault in an interrupt
# handler), or an oops that kills the caller and taints the kernel, or a
# CPU stuck in a soft lockup.
# boot: own
# health: none
# cases: read-oops read-gpf read-bug read-div0 read-while1 ioctl-oops ioctl-gpf ioctl-bug ioctl-div0 ioctl-while1 irq-oops irq-gpf irq-bug irq-div0
# timeout: 40
. /drvsup/tests/lib.sh

entry=${CASE%-*}
kind=${CASE#*-}
case $entry in
read) sym=rtct_read op=read ;;
ioctl) sym=rtct_ioctl op=ioctl ;;
irq) sym=rtct_irq op=uie ;;
esac
name="unsupervised rtctest: $kind in $entry"
insmod $MODDIR/drvsup.ko && insmod $MODDIR/rtctest.ko ||
	{ tap_fail "$name: set-up"; exit 0; }
echo "rtctest $sym $kind" >/sys/kernel/debug/drvsup/crashpoint
tap_expect_death "$name: the kernel goes down"
devcall /dev/rtctest $op >/tmp/out 2>&1 &
pid=$!
sleep 6
tap_expect_death_cancel
t=$(cat /proc/sys/kernel/tainted)
if [ $kind = while1 ]; then
	dmesg | grep -q 'soft lockup'
	tap_is "$name: a CPU is stuck (soft lockup reported)" $? 0
	tap_is "$name: the kernel is tainted L" $((t & 16384)) 16384
else
	dmesg | grep -qE 'Oops|general protection fault|divide error|invalid opcode'
	tap_is "$name: the kernel oopses" $? 0
	kill -0 $pid 2>/dev/null
	tap_is "$name: the caller is killed" $? 1
	tap_is "$name: the kernel is tainted D" $((t & 128)) 128
fi
