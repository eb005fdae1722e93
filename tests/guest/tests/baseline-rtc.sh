# SPDX-License-Identifier: GPL-2.0
# What the faults of fault-rtc.sh do WITHOUT supervision, each in a fresh
# guest: the plain driver with the same crash point. The outcome is what a
# user would otherwise get: a kernel that panics (a fault in an interrupt
# handler), or an oops that kills the caller and taints the kernel, or a
# CPU stuck in a soft lockup. The guests have 1 vCPU (tests/guest/run):
# a while1 leaves nothing to run this script, so the soft lockup is judged
# from the console, and softlockup_panic ends the guest at once instead of
# at its time limit.
# boot: own
# health: none
# cmdline: softlockup_panic=1
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
if [ $kind = while1 ]; then
	tap_expect_death "$name: a CPU is stuck (soft lockup reported)" \
		"BUG: soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[devcall"
else
	tap_expect_death "$name: the kernel goes down"
fi
devcall /dev/rtctest $op >/tmp/out 2>&1 &
pid=$!
sleep 6
tap_expect_death_cancel
t=$(cat /proc/sys/kernel/tainted)
if [ $kind = while1 ]; then
	tap_fail "$name: a CPU is stuck (soft lockup reported)" \
		"the guest went on for 6 s: $(dmesg | grep -c 'soft lockup') soft lockup lines"
else
	dmesg | grep -qE 'Oops|general protection fault|divide error|invalid opcode'
	tap_is "$name: the kernel oopses" $? 0
	kill -0 $pid 2>/dev/null
	tap_is "$name: the caller is killed" $? 1
	tap_is "$name: the kernel is tainted D" $((t & 128)) 128
fi
