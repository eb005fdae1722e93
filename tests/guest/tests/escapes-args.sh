# SPDX-License-Identifier: GPL-2.0
# Argument and stack faults of the seed-2026 rtctest campaign
# (docs/campaigns/rtctest) that crashed the supervised kernel, replayed: the same mutation (type and
# seed over the campaign's functions) of drvsup's RTC driver. Each one made
# the driver hand the kernel a corrupted lock, mutex, wait queue or list,
# and the kernel crashed inside the wrapper, outside the domain (or BUGed
# on the list). Now the wrappers check every such argument by its type's
# rule (wrappers/wrap.h: it lies in memory the domain owns, or a list is
# consistent) and refuse it: a contained fault, one restart by the char
# shadow, and the device answers. The trial number, its mutation, and the
# operation that reaches it:
# timeout: 240
. /drvsup/tests/lib.sh
S=/sys/kernel/drvsup/rtctest
FUNCS=rtct_open,rtct_release,rtct_read,rtct_ioctl,rtct_cmos_read_time
FUNCS=$FUNCS,rtct_read_regs,rtct_irq,rtct_handle_flags,rtct_cmos_ack
FUNCS=$FUNCS,rtct_take_events,rtct_return_events,rtct_events_pending
FUNCS=$FUNCS,rtct_file_attach,rtct_file_detach,rtct_cmos_get_alarm

insmod $MODDIR/drvsup.ko || { tap_fail "drvsup.ko loads"; exit 0; }
drvsup load $MODDIR/rtctest.ko >/tmp/load.log 2>&1 ||
	{ tap_fail "rtctest: supervised load" "$(cat /tmp/load.log)"; rmmod drvsup; exit 0; }
tap_is "argument checks enforced" "$(cut -d' ' -f1 /sys/kernel/debug/drvsup/argcheck)" enforce
health_mark

# replay TRIAL TYPE SEED OP [BIT]: arm the trial's mutation (its bit
# pinned to BIT), run OP on the device.
replay() {
	echo 1 >$S/reset	# forget earlier attempts: each case its own budget
	r=$(recovered rtctest)
	drvsup inject rtctest --type $2 --seed $3 --func $FUNCS ${5:+--bit $5} >/tmp/inj.log 2>&1 ||
		{ tap_fail "trial $1: mutation armed" "$(cat /tmp/inj.log)"; return; }
	at=$(sed -n 's/.* at \([^ ]*\) .*/\1/p' /tmp/inj.log | head -1)
	devcall /dev/rtctest "$4" >/tmp/devcall.out 2>&1
	wait_recovered rtctest $((r + 1))
	echo clear >/sys/kernel/debug/drvsup/faultinj/inject
	tap_is "trial $1 ($2 at $at): contained, recovered once" \
		"$(($(recovered rtctest) - r))" 1
	tap_diag "trial $1: $(cat $S/last_fault)"
	tap_is "trial $1: the device answers after the restart" \
		"$(devcall /dev/rtctest ioctl 2>&1)" "ok"
}

# A lock or mutex address corrupted on its way to the lock wrapper.
replay 51 nop 3200849254 ioctl
replay 53 src 3000048348 open
replay 273 src 2065832607 ioctl
# A wait queue or wait entry corrupted on its way to prepare_to_wait.
replay 101 nop 3431859902 uie
replay 113 src 3023675708 uie
# A wait queue corrupted on its way to __wake_up, in the IRQ handler.
replay 260 text 1883704289 uie
# A driver list the fault corrupted: CONFIG_DEBUG_LIST BUGed on it.
replay 30 text 1489157779 open
# Trial 45 flips a bit of the base register of the driver's own store of
# the new node's prev pointer (rtct_file_attach+0x91, after list_add()'s
# check passed); release then finds the list corrupted. Its own bit (17)
# sends that store 128 KiB from the node, into whatever lies there: a
# store of the driver's, which only write isolation checks (in one CI
# run it landed in a page table, and the kernel crashed later). Bit 4
# keeps the stray store inside the node's own object.
replay 45 ptr 444297140 open 4
replay 132 dst 2036462656 uie
replay 248 stack 2431330851 open
# A mutex address bent to other memory the driver owns, not at a mutex:
# trial 101 of the seed-1206 campaign (docs/campaigns/rtctest-1206), where
# the kernel crashed in osq_lock on its words. Here a bit flipped in rdi
# at the open's call of mutex_lock (scripts/sites lists it) moves the
# address 8 to 64 bytes within the driver's own data: owned, and refused
# by the mutex's shape.
site=$(grep '^rtct_open+' $MODDIR/rtctest.calls | head -n 1)
for bit in 3 6; do
	echo 1 >$S/reset
	r=$(recovered rtctest)
	echo "rtctest $site src reg=rdi bit=$bit" >/sys/kernel/debug/drvsup/faultinj/inject ||
		{ tap_fail "mutex bent by bit $bit: mutation armed"; continue; }
	devcall /dev/rtctest open >/dev/null 2>&1
	wait_recovered rtctest $((r + 1))
	echo clear >/sys/kernel/debug/drvsup/faultinj/inject
	tap_is "mutex bent by bit $bit at $site: refused, recovered once" \
		"$(cut -d' ' -f1-2 $S/last_fault) $(($(recovered rtctest) - r))" "bad-argument open 1"
	tap_is "mutex bent by bit $bit: the device answers" "$(devcall /dev/rtctest ioctl 2>&1)" "ok"
done
n=$(dmesg | grep -c 'mutex .*: not shaped like one')
tap_is "both refusals name the mutex's shape" "$n" 2
# harmless TRIAL TYPE SEED OP WANT: the mutation no longer does harm: OP
# answers WANT, no fault, no restart.
harmless() {
	echo 1 >$S/reset
	r=$(recovered rtctest)
	drvsup inject rtctest --type $2 --seed $3 --func $FUNCS >/tmp/inj.log 2>&1 ||
		{ tap_fail "trial $1: mutation armed" "$(cat /tmp/inj.log)"; return; }
	tap_is "trial $1 ($2): $4 answers $5" "$(devcall /dev/rtctest $4 2>&1)" "$5"
	echo clear >/sys/kernel/debug/drvsup/faultinj/inject
	tap_is "trial $1: no fault, no restart" "$(($(recovered rtctest) - r))" 0
	tap_is "trial $1: the device answers" "$(devcall /dev/rtctest ioctl 2>&1)" "ok"
}

# A bit flipped in a word just above the driver's frame: before, a word of
# the gate's (198: its frame, and drvsup_domain_fail crashed on it; 158:
# drvsup_gate_call's own return address, so the gate returned to a flipped
# address, a fetch fault outside any domain). Those words are the gate's
# poisoned gap now (isolation/gate_entry.S): the flip changes nothing.
harmless 198 stack 1803371656 uie ok
harmless 158 stack 3913552818 open ok
# 141: the call of kmalloc() in rtct_open skipped, so the driver took rax,
# then the gate's ctx pointer, for its new block and wrote into the gate's
# frame. The gate now calls with rax zeroed: the open fails cleanly.
harmless 141 nop 490438796 open errno=ENOMEM
n=$(dmesg | grep -c 'not in memory the domain owns\|corrupted list\|list .*: corrupted')
[ "$n" -ge 6 ]
tap_is "the log names the refused arguments (at least 6, got $n)" $? 0
bad=$(health_scan | grep -v 'drvsup:')
tap_is "no panic, oops or warning" "${bad:-none}" none
drvsup unload rtctest >/dev/null 2>&1 || rmmod rtctest
rmmod drvsup
