# SPDX-License-Identifier: GPL-2.0
# Every crash kind at the entry of five kinds of entry point of Debian's
# unmodified e1000.ko, supervised: ndo_start_xmit (process context, bottom
# halves off), the IRQ handler (hard IRQ), the NAPI poll (softirq), the
# watchdog work (a kworker) and an ethtool method (the caller's process,
# under rtnl). while1 only where interrupts are on: not in the IRQ
# handler. For each: the system survives, the domain is failed with the
# fault's kind, entry and location, page faults went through the kernel's
# page-fault path, the driver's objects are released and its DMA rings
# quarantined, the kept objects stay, unload works (fault_case, e1000.sh).
# What the same faults do without supervision: baseline-e1000.sh.
# One guest per crash kind: they run side by side (tests/guest/run).
# boot: own
# cases: oops gpf bug div0 while1
# health: none
# timeout: 200
. /drvsup/tests/lib.sh
. /drvsup/tests/e1000.sh

# Containment alone, no restarts (shadow-e1000.sh tests those). Under TCG
# e1000_probe spends more than the default 250 ms on a CPU; the
# budget is also how long a while1 spins before it is unwound.
insmod $MODDIR/drvsup.ko restart_max=0 hang_budget_ms=${E1000_BUDGET_MS:-2000} ||
	{ tap_fail "drvsup.ko loads"; exit 0; }
echo 1 >$PF/enable
PING="ping -c 1 -W 1 10.0.2.2"
health_mark
FC_KIND=$CASE
fault_case ndo_start_xmit e1000_xmit_frame ndo_start_xmit "$PING"
[ $FC_KIND = while1 ] ||
	fault_case "the IRQ handler" e1000_intr irq "$PING"
fault_case "NAPI poll" e1000_clean napi-poll "$PING"
fault_case "the watchdog work" e1000_watchdog work "sleep 1"
fault_case "ethtool get_drvinfo" e1000_get_drvinfo get_drvinfo \
	"ethq eth0 drvinfo" zeroed_drvinfo
if dmesg | grep -qE 'Oops|general protection fault|divide error:|invalid opcode:|Call Trace'; then
	tap_fail "no oops or stack trace printed" \
		"$(dmesg | grep -E 'Oops|general protection|divide error|invalid opcode|Call Trace' | head -5)"
else
	tap_ok "no oops or stack trace printed"
fi
health_check 10 "e1000-faults: kernel healthy after the contained $CASE faults"
echo 0 >$PF/enable
rmmod drvsup
