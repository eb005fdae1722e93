# SPDX-License-Identifier: GPL-2.0
# Contained faults in the supervised RTC driver: every crash kind in the
# driver's read, ioctl and IRQ handler (and with the global rtc_lock held),
# from the context each runs in. For each: the system survives, the caller
# gets an error instead of dying, the domain is failed with the fault's kind
# and the crash point's location, the driver's own objects go to zero, the
# kernel-visible ones are kept until unload, unload works, and page faults
# went through the kernel's page-fault path (tracepoint) with no oops.
# timeout: 300
. /drvsup/tests/lib.sh

S=/sys/kernel/drvsup/rtctest
CP=/sys/kernel/debug/drvsup/crashpoint
PF=/sys/kernel/tracing/events/exceptions/page_fault_kernel
# Containment alone, no restarts (shadow-rtc.sh tests those).
insmod $MODDIR/drvsup.ko restart_max=0 || { tap_fail "drvsup.ko loads"; exit 0; }
echo 1 >$PF/enable

# one_case ENTRY SYMBOL OP KIND: ENTRY is the gate's entry name.
one_case() {
	entry=$1 sym=$2 op=$3 kind=$4
	name="$kind in $entry ($sym)"
	if ! drvsup load $MODDIR/rtctest.ko >/tmp/load.log 2>&1; then
		tap_fail "$name: supervised load" "$(cat /tmp/load.log)"
		return
	fi
	pf0=$(grep -c page_fault_kernel /sys/kernel/tracing/trace)
	if ! echo "rtctest $sym $kind" 2>/tmp/cp.err >$CP; then
		tap_fail "$name: crash point armed" "$(cat /tmp/cp.err; dmesg | tail -n 3)"
		rmmod rtctest
		return
	fi
	# A read or an open that the crash point misses waits for an event
	# forever: bounded, and said.
	got=$(timeout 20 devcall /dev/rtctest "$op" 2>&1)
	rc=$?
	[ $rc -eq 124 ] && tap_diag "$name: no answer in 20 s; crash point: $(cat $CP)"
	echo clear >$CP
	if [ $rc -eq 0 ] && [ "$got" = "errno=ENODEV" ]; then
		tap_ok "$name: the caller gets ENODEV and lives"
	else
		tap_fail "$name: the caller gets ENODEV and lives" "status $rc, output '$got'"
	fi
	tap_is "$name: domain failed" "$(cat $S/state)" failed
	set -- $(cat $S/last_fault)
	tap_is "$name: fault kind and entry recorded" "$1 $2" "$(fault_name $kind) $entry"
	case "$3" in
	"$sym"+*) tap_ok "$name: location names the crash point ($3)" ;;
	*) tap_fail "$name: location names the crash point" "got '$3'" ;;
	esac
	n=0
	while [ -s $S/objects ] && [ $n -lt 20 ]; do sleep 0.1; n=$((n + 1)); done
	tap_is "$name: driver-owned objects released" "$(cat $S/objects)" ""
	tap_is "$name: kernel-visible objects kept" \
		"$(cut -d' ' -f1 $S/kept | sort | tr '\n' ' ')" \
		"cdev chrdev-region class device "
	if [ $kind = oops ]; then
		pf1=$(grep -c page_fault_kernel /sys/kernel/tracing/trace)
		[ "$pf1" -gt "$pf0" ]
		tap_is "$name: exceptions:page_fault_kernel fired" $? 0
	fi
	tap_run "$name: unload works" rmmod rtctest
	tap_run "$name: /dev/rtctest is gone after unload" test ! -e /dev/rtctest
}

for kind in oops gpf bug div0 while1; do
	one_case read rtct_read read $kind
	one_case ioctl rtct_ioctl ioctl $kind
	one_case open rtct_open open $kind
done
for kind in oops gpf bug div0; do
	one_case irq rtct_irq uie $kind
	# rtct_read_regs runs with the kernel's rtc_lock held, IRQs off.
	one_case ioctl rtct_read_regs ioctl $kind
	# The lock was released: the plain driver can use the CMOS clock again.
	insmod $MODDIR/rtctest.ko &&
		tap_run "$kind under rtc_lock: a later CMOS access does not hang" \
			timeout 5 rtcctl -d /dev/rtctest time
	rmmod rtctest
done

if dmesg | grep -qE 'Oops|general protection fault|divide error:|Call Trace'; then
	tap_fail "no oops or stack trace printed for contained driver faults" \
		"$(dmesg | grep -E 'Oops|general protection|divide error|Call Trace' | head -5)"
else
	tap_ok "no oops or stack trace printed for contained driver faults"
fi
echo 0 >$PF/enable
rmmod drvsup
