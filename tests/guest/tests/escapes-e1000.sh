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
# timeout: 120
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
	tap_is "$1: contained ($3 in ndo_start_xmit)" \
		"$(cut -d' ' -f1-2 $S/last_fault)" "$3 ndo_start_xmit"
	tap_is "$1: recovered once" "$(($(recovered e1000) - r))" 1
	n=0
	until ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 || [ $n -ge 10 ]; do n=$((n + 1)); done
	[ $n -lt 10 ]
	tap_is "$1: the interface answers after the restart ($((n + 1)) pings)" $? 0
}

escape "trial 61, stack canary" "e1000_xmit_frame+0x7af nop" hardening-check
dmesg | grep -q 'stack protector: stack corrupted in e1000_xmit_frame'
tap_is "trial 61: the log names the function whose canary was overwritten" $? 0
escape "trial 63, r13" "e1000_xmit_frame+0xc src reg=r13 bit=33" registers-clobbered
bad=$(health_scan | grep -v 'drvsup:')
tap_is "no panic, oops or warning" "${bad:-none}" none
drvsup unload e1000 >/dev/null 2>&1 || rmmod e1000
rmmod drvsup
