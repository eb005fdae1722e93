# SPDX-License-Identifier: GPL-2.0
# The isolation layer on its own (drvsup's built-in self-test, no driver):
# every crash kind in every context it can run in is contained, the caller
# gets the failure result, and preempt count, RCU nesting and the interrupt
# flag are as they were. Page faults must take the early hook (the kernel's
# exceptions:page_fault_kernel tracepoint fires, no oops is printed). A
# loop with interrupts off (irqoff) stops its CPU's watchdog ticks: the
# other vCPU's watchdog sends it an NMI, which unwinds it. A checked store
# at kernel memory (wild) or at the gate's own frame (frame) is refused by
# the write check before it is made (wild-write), and so is one into a
# kernel object the domain registered in its own memory (hole: a NAPI
# context's rule). A WARN_ON (warn) is the domain's fault too, and nothing
# of it is printed. The driver runs on a stack of its domain's: one that
# overwrites everything above its own frame there, to the stack's top, and
# returns into it (smash) still unwinds to a gate whose frame it could not
# reach. A panic() under the gate (panic: what a stack protector does in
# code the driver jumped into) is the domain's hardening-check fault, and
# nothing of it is printed. A fault with the stack pointer bent onto
# another of the domain's stacks (farstack) unwinds too, and so does one
# bent to unmapped memory (wildrsp): the CPU cannot push the page fault's
# frame there and raises a double fault, which the kernel otherwise
# panics on.
# timeout: 120
. /drvsup/tests/lib.sh

ST=/sys/kernel/debug/drvsup/selftest
TR=/sys/kernel/tracing
health_mark # earlier tests of this boot may have printed (guest-env plants one)
if ! mod_load drvsup; then
	tap_fail "drvsup.ko loads"
	exit 0
fi
tap_ok "drvsup.ko loads"

echo none process >$ST
tap_is "a call that does not fault returns normally" "$(cat $ST)" \
	"ctx=process kind=none ret=0 fault=none restored=yes held=released"

echo 1 >$TR/events/exceptions/page_fault_kernel/enable
for ctx in process sleep softirq hardirq; do
	for kind in oops gpf bug div0 while1 irqoff wild frame hole warn smash panic farstack wildrsp; do
		[ $kind = while1 ] && [ $ctx = hardirq ] && continue
		before=$(grep -c page_fault_kernel $TR/trace)
		echo "$kind $ctx" >$ST
		got=$(cat $ST)
		tap_is "$kind in $ctx context is contained and unwound" "$got" \
			"ctx=$ctx kind=$kind ret=-5 fault=$(fault_name $kind) restored=yes held=released"
		if [ $kind = oops ]; then
			after=$(grep -c page_fault_kernel $TR/trace)
			if [ "$after" -gt "$before" ]; then
				tap_ok "oops in $ctx context: page_fault_kernel tracepoint fired"
			else
				tap_fail "oops in $ctx context: page_fault_kernel tracepoint fired"
			fi
		fi
	done
done
echo 0 >$TR/events/exceptions/page_fault_kernel/enable
echo >$TR/trace

printed=$(log_since_mark | grep -E 'Oops|general protection fault|divide error:|Call Trace|WARNING:|kernel BUG|cut here')
if [ -n "$printed" ]; then
	tap_fail "no oops or stack trace printed for contained faults" \
		"$(echo "$printed" | head -5)"
else
	tap_ok "no oops or stack trace printed for contained faults"
fi
tap_is "one concise line per contained fault" \
	"$(log_since_mark | grep -c 'drvsup: selftest: contained')" 55

n=0
while [ $n -lt 200 ]; do
	for kind in oops gpf bug div0; do
		echo "$kind softirq" >$ST
		n=$((n + 1))
	done
done
tap_is "200 more contained faults in one boot, the last one still contained" \
	"$(cat $ST)" "ctx=softirq kind=div0 ret=-5 fault=divide-error restored=yes held=released"
health_check 15 "kernel healthy after 255 contained faults (15 s idle)"
echo 1000000 >/sys/kernel/debug/drvsup/gatebench
tap_diag "gatebench (one run, not a benchmark): $(cat /sys/kernel/debug/drvsup/gatebench)"
tap_run "drvsup.ko unloads" rmmod drvsup
