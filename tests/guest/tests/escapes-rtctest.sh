# SPDX-License-Identifier: GPL-2.0
# Lock faults of the seed-2026 rtctest campaign (docs/campaigns/rtctest),
# contained now: exact mutations of drvsup's RTC driver, replayed.
#  1. Trial 91: the call of spin_lock_irqsave() in rtct_file_attach
#     (+0x64) skipped. The matching unlock then ran on a lock never taken,
#     with interrupt flags from a stale register, and the kernel reported
#     "scheduling while atomic". The unlock wrapper now refuses a lock the
#     call did not take (bad-argument, in open).
#  2. The call of spin_unlock_irqrestore() of rtc_lock in
#     rtct_cmos_read_time (+0xd9) skipped: the ioctl returns to its gate
#     holding the kernel's global rtc_lock with interrupts off. The gate
#     now releases what a returning call still holds and fails the domain
#     (lock-held, in ioctl).
# The offsets are those of the calls in rtctest.ko as built here
# (objdump -dr drivers/rtc/rtctest.ko); each case first checks, with
# `drvsup inject --dry-run`, that its offset is a call. Each: contained
# with that kind, one restart by the char shadow, the device answers, no
# oops or warning.
# timeout: 120
. /drvsup/tests/lib.sh
S=/sys/kernel/drvsup/rtctest
FI=/sys/kernel/debug/drvsup/faultinj

insmod $MODDIR/drvsup.ko || { tap_fail "drvsup.ko loads"; exit 0; }
drvsup load $MODDIR/rtctest.ko >/tmp/load.log 2>&1 ||
	{ tap_fail "rtctest: supervised load" "$(cat /tmp/load.log)"; rmmod drvsup; exit 0; }
health_mark

# escape DESC AT OP KIND ENTRY: skip the call at AT, run OP on the device.
escape() {
	drvsup inject rtctest --type nop --at "$2" --dry-run 2>&1 | grep -q "(call 0x"
	tap_is "$1: $2 is a call in this rtctest.ko" $? 0
	r=$(recovered rtctest)
	echo "rtctest $2 nop" >$FI/inject ||
		{ tap_fail "$1: mutation armed" "$(cat $FI/error)"; return; }
	devcall /dev/rtctest "$3" >/tmp/devcall.out 2>&1
	wait_recovered rtctest $((r + 1))
	fired=$(sed -n 's/.* fired=\([0-9]*\) .*/\1/p' $FI/inject)
	echo clear >$FI/inject
	tap_is "$1: the mutation fired" "${fired:-0}" 1
	tap_is "$1: contained ($4 in $5)" "$(cut -d' ' -f1-2 $S/last_fault)" "$4 $5"
	tap_is "$1: recovered once" "$(($(recovered rtctest) - r))" 1
	tap_is "$1: the device answers after the restart" \
		"$(devcall /dev/rtctest ioctl 2>&1)" "ok"
}

escape "trial 91, lock skipped" rtct_file_attach+0x64 open bad-argument open
dmesg | grep -q 'spin_unlock_irqrestore(.*): a lock the call did not take'
tap_is "trial 91: the log names the unlock of a lock not taken" $? 0
escape "unlock skipped" rtct_cmos_read_time+0xd9 ioctl lock-held ioctl
bad=$(health_scan | grep -v 'drvsup:')
tap_is "no panic, oops or warning" "${bad:-none}" none
tap_is "interrupts and preemption as before: no scheduling while atomic" \
	"$(dmesg | grep -c 'scheduling while atomic')" 0
drvsup unload rtctest >/dev/null 2>&1 || rmmod rtctest
rmmod drvsup
