# SPDX-License-Identifier: GPL-2.0
# Faults that escaped the domain in the seed-2026 e1000 campaign
# (docs/campaigns/e1000) and are contained now: exact mutations of
# Debian's e1000.ko, replayed.
#  1. Trial 61: a skipped load at e1000_xmit_frame+0x7af makes the
#     function overwrite its stack canary; it then calls
#     __stack_chk_fail(), which panicked the guest. wrappers/panic.c
#     unwinds the call to its gate instead (hardening-check).
#  2. Trial 63: bit 33 of r13 flipped before e1000_xmit_frame's
#     "push r13": the function returns with r13 corrupted, and drvsup's
#     gate, its caller, crashed on it. The gate now checks the callee-saved
#     registers after every call (isolation/gate_entry.S) and restores
#     them (registers-clobbered).
# Each: contained with that kind in ndo_start_xmit, one recovery by the
# net shadow, the interface answers, no oops or warning.
# Then the corrupted-argument crashes of that campaign, replayed by their
# type and seed (the mutation `drvsup campaign` chose): a streaming DMA
# mapping of a corrupted page, address or length (trials 171, 221:
# dma-direct's "DMA addr overflow" WARNING; 172: a page fault inside
# dma_map_page_attrs) and __skb_pad() of a corrupted length (204). (Trial
# 27, an uninitialized local, mapped what an earlier call had left on the
# kernel stack; on the domain stack the driver runs on now, the same
# mutation reads other leftovers and, replayed, did no harm: it is not
# replayed.) The
# DMA wrapper now checks that a mapping lies in pages in use, within its
# folio, and skb_pad its sk_buff and length: each a contained fault, one
# recovery, the interface answers, and no WARNING.
# And trial 2 of e1000-1212 (dst, bit 5 of the device pointer that
# e1000_clean_rx_irq passes to dma_unmap_page_attrs()): the unmap was
# refused, but looking its device up had recorded the bent pointer as a
# device the driver maps for, and the release after the fault took a
# reference on it: a refcount WARNING, and the real device's memory,
# 32 bytes away, corrupted (a crash at unload). An unmap no longer
# records a device (wrappers/pkt.c: dsw_pkt_dev_find()).
# And trial 89 (heap, in e1000_alloc_rx_buffers): the driver loads a wild
# stack pointer (0x80003b70 in the campaign) under NAPI poll; the next
# fault's frame cannot be pushed there and the CPU raises a double fault,
# which 6.1 panics on. The die notifier now leaves the double fault's
# handler through the rewritten frame (isolation/trap.c: df_unwind()):
# a contained double-fault, one recovery.
# timeout: 240
. /drvsup/tests/lib.sh
. /drvsup/tests/e1000.sh
FI=/sys/kernel/debug/drvsup/faultinj

insmod $MODDIR/drvsup.ko hang_budget_ms=${E1000_BUDGET_MS:-2000} ||
	{ tap_fail "drvsup.ko loads"; exit 0; }
supervised_load && net_up ||
	{ tap_fail "e1000: supervised load, link up" "$(cat /tmp/load.log)"; rmmod drvsup; exit 0; }
health_mark

# escape DESC MUTATION KIND: arm MUTATION, send, check it was contained.
escape() {
	r=$(recovered e1000)
	echo "e1000 $2" >$FI/inject ||
		{ tap_fail "$1: mutation armed" "$(cat $FI/error)"; return; }
	ping -c 3 -W 1 10.0.2.2 >/dev/null 2>&1
	wait_recovered e1000 $((r + 1))
	fired=$(sed -n 's/.* fired=\([0-9]*\) .*/\1/p' $FI/inject)
	echo clear >$FI/inject
	tap_is "$1: the mutation fired" "${fired:-0}" 1
	contained_once "$1" "$3" "$r"
}

escape "trial 61, stack canary" "e1000_xmit_frame+0x7af nop" hardening-check
dmesg | grep -q 'stack protector: stack corrupted in e1000_xmit_frame'
tap_is "trial 61: the log names the function whose canary was overwritten" $? 0
escape "trial 63, r13" "e1000_xmit_frame+0xc src reg=r13 bit=33" registers-clobbered

FUNCS=e1000_xmit_frame,e1000_intr,e1000_clean,e1000_clean_rx_irq
FUNCS=$FUNCS,e1000_alloc_rx_buffers,e1000_maybe_stop_tx,e1000_update_itr
FUNCS=$FUNCS,e1000_watchdog,e1000_update_stats,e1000_has_link,e1000_check_for_link

# replay TRIAL TYPE SEED: arm the trial's mutation, send, check containment.
replay() {
	echo 1 >$S/reset	# forget earlier attempts: each case its own budget
	r=$(recovered e1000)
	drvsup inject e1000 --type $2 --seed $3 --func $FUNCS >/tmp/inj.log 2>&1 ||
		{ tap_fail "trial $1: mutation armed" "$(cat /tmp/inj.log)"; return; }
	# the campaign's workload: a download (some paths only bulk data takes)
	ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1
	timeout 20 wget -q -O /dev/null $URL/blob
	wait_recovered e1000 $((r + 1))
	echo clear >$FI/inject
	tap_is "trial $1 ($2, seed $3): contained, recovered once" \
		"$(($(recovered e1000) - r))" 1
	tap_diag "trial $1: $(cat $S/last_fault)"
	n=0
	until ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 || [ $n -ge 10 ]; do n=$((n + 1)); done
	[ $n -lt 10 ]
	tap_is "trial $1: the interface answers after the restart ($((n + 1)) pings)" $? 0
}

replay 171 nop 562065034
replay 221 nop 971786744
replay 172 dst 617733381
replay 204 branch 3736014679
replay 1212-2 dst 3059161568
replay 89 heap 3408027525
n=$(dmesg | grep -c 'dma_map_page(.*): not memory in use\|skb_pad(.*): not the driver')
[ "$n" -ge 3 ]
tap_is "the log names the refused mappings and padding (at least 3, got $n)" $? 0
bad=$(health_scan | grep -v 'drvsup:')
tap_is "no panic, oops or warning" "${bad:-none}" none
drvsup unload e1000 >/dev/null 2>&1 || rmmod e1000
rmmod drvsup
