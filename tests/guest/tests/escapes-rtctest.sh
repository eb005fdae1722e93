# SPDX-License-Identifier: GPL-2.0
# Faults of the rtctest campaigns (docs/campaigns/rtctest, seed 2026, and
# rtctest-1209) that crashed the supervised kernel, contained now: exact
# mutations of drvsup's RTC driver, replayed.
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
#  3. Trial 231 of seed 1209 (the only crash of its 1,000): the
#     "mov rbx, rax" that keeps kzalloc()'s result in rtct_open (+0x3e)
#     skipped. The driver used the rbx it was called with, which was the
#     gate's frame, as its new object: it linked it into its list and the
#     gate then crashed on the words it wrote there. The gate now calls
#     the driver with poison in the callee-saved registers (gate_entry.S):
#     general-protection, in open.
# The offsets are those of the instructions in rtctest.ko as built here
# (objdump -dr drivers/rtc/rtctest.ko); each case first checks, with
# `drvsup inject --dry-run`, that its offset is that instruction. Each: contained
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

# escape DESC AT INSN OP KIND ENTRY: skip the instruction INSN at AT, run
# OP on the device.
escape() {
	local desc=$1 at=$2 insn=$3 op=$4 kind=$5 entry=$6 r fired

	drvsup inject rtctest --type nop --at "$at" --dry-run 2>&1 | grep -qF "($insn"
	tap_is "$desc: $at is $insn in this rtctest.ko" $? 0
	r=$(recovered rtctest)
	echo "rtctest $at nop" >$FI/inject ||
		{ tap_fail "$desc: mutation armed" "$(cat $FI/error)"; return; }
	devcall /dev/rtctest "$op" >/tmp/devcall.out 2>&1
	wait_recovered rtctest $((r + 1))
	fired=$(sed -n 's/.* fired=\([0-9]*\) .*/\1/p' $FI/inject)
	echo clear >$FI/inject
	tap_is "$desc: the mutation fired" "${fired:-0}" 1
	tap_is "$desc: contained ($kind in $entry)" "$(cut -d' ' -f1-2 $S/last_fault)" "$kind $entry"
	tap_is "$desc: recovered once" "$(($(recovered rtctest) - r))" 1
	tap_is "$desc: the device answers after the restart" \
		"$(devcall /dev/rtctest ioctl 2>&1)" "ok"
}

escape "trial 91, lock skipped" rtct_file_attach+0x64 "call 0x" open bad-argument open
dmesg | grep -q 'spin_unlock_irqrestore(.*): a lock the call did not take'
tap_is "trial 91: the log names the unlock of a lock not taken" $? 0
escape "unlock skipped" rtct_cmos_read_time+0xd9 "call 0x" ioctl lock-held ioctl
escape "trial 231 of seed 1209, a register never set" rtct_open+0x3e \
	"mov rbx, rax" open general-protection open
bad=$(health_scan | grep -v 'drvsup:')
tap_is "no panic, oops or warning" "${bad:-none}" none
tap_is "interrupts and preemption as before: no scheduling while atomic" \
	"$(dmesg | grep -c 'scheduling while atomic')" 0
drvsup unload rtctest >/dev/null 2>&1 || rmmod rtctest
rmmod drvsup
