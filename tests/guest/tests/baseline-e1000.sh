# SPDX-License-Identifier: GPL-2.0
# What the faults of e1000-supervised.sh do WITHOUT supervision, each in a
# fresh guest: Debian's plain e1000.ko with the same crash point, armed
# while the interface is up. The outcome is what a user would otherwise
# get: a kernel that goes down (a fault in the transmit path, the interrupt
# handler or the NAPI poll runs with bottom halves off: "Fatal exception in
# interrupt"), or a NIC that can no longer be closed (a fault in its
# watchdog work kills the kworker mid-work, and closing waits for it), or
# an oops that kills an ethtool caller holding rtnl, after which every
# later network configuration call hangs.
# boot: own
# health: none
# cases: xmit-oops irq-oops napi-oops watchdog-oops ethtool-oops xmit-div0 napi-bug
# timeout: 60
. /drvsup/tests/lib.sh

entry=${CASE%-*}
kind=${CASE#*-}
case $entry in
xmit) sym=e1000_xmit_frame ;;
irq) sym=e1000_intr ;;
napi) sym=e1000_clean ;;
watchdog) sym=e1000_watchdog ;;
ethtool) sym=e1000_get_drvinfo ;;
esac
name="unsupervised e1000: $kind in $entry ($sym)"
ping1() { ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1; }

insmod $MODDIR/drvsup.ko && insmod $MODDIR/e1000.ko ||
	{ tap_fail "$name: set-up"; exit 0; }
ip link set lo up
ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0
n=0
until ping1 || [ $n -ge 30 ]; do n=$((n + 1)); sleep 0.2; done
tap_run "$name: the plain driver passes traffic first" ping1

echo "e1000 $sym $kind" >/sys/kernel/debug/drvsup/crashpoint
tap_expect_death "$name: the kernel goes down"
case $entry in
ethtool) ethq eth0 drvinfo >/tmp/out 2>&1 & ;;
*) ping -c 5 -i 0.3 -W 1 10.0.2.2 >/dev/null 2>&1 ;;
esac
sleep 5
tap_expect_death_cancel
t=$(cat /proc/sys/kernel/tainted)
dmesg | grep -qE 'Oops|general protection fault|divide error|invalid opcode'
tap_is "$name: the kernel oopses" $? 0
tap_is "$name: the kernel is tainted D" $((t & 128)) 128
case $entry in
watchdog)
	# The work item died with its kworker while "running": closing the
	# interface waits for it in cancel_delayed_work_sync(), forever.
	ip link set eth0 down &
	pid=$!
	sleep 5
	kill -0 $pid 2>/dev/null
	tap_is "$name: bringing the interface down hangs (waits for the dead work)" $? 0
	grep -q '^State:.*D' /proc/$pid/status
	tap_is "$name: ... in uninterruptible sleep" $? 0
	;;
ethtool)
	# Uninterruptible: it cannot even be killed, so it is only watched.
	ip link set eth0 mtu 1400 &
	pid=$!
	sleep 5
	kill -0 $pid 2>/dev/null
	tap_is "$name: the next configuration call hangs on the rtnl lock the dead caller held" $? 0
	grep -q '^State:.*D' /proc/$pid/status
	tap_is "$name: ... in uninterruptible sleep" $? 0
	;;
esac
