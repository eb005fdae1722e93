# SPDX-License-Identifier: GPL-2.0
# A driver whose stack protector fires (wrappers/panic.c): one exact
# mutation of Debian's e1000.ko from the seed-2026 campaign (trial 61,
# docs/campaigns/e1000), a skipped load at e1000_xmit_frame+0x7af, makes
# e1000_xmit_frame overwrite its stack canary; the function then calls
# __stack_chk_fail(), which panicked the supervised guest in the campaign.
# Now the call is unwound to its gate as a contained fault
# (hardening-check), the net shadow restarts the driver, the interface
# answers again, and the kernel stays healthy.
# timeout: 120
. /drvsup/tests/lib.sh
. /drvsup/tests/e1000.sh
FI=/sys/kernel/debug/drvsup/faultinj

insmod $MODDIR/drvsup.ko hang_budget_ms=${E1000_BUDGET_MS:-2000} ||
	{ tap_fail "drvsup.ko loads"; exit 0; }
supervised_load && net_up ||
	{ tap_fail "e1000: supervised load, link up" "$(cat /tmp/load.log)"; rmmod drvsup; exit 0; }
health_mark
r=$(recovered e1000)
echo "e1000 e1000_xmit_frame+0x7af nop" >$FI/inject ||
	{ tap_fail "mutation armed" "$(cat $FI/error)"; exit 0; }
ping -c 3 -W 1 10.0.2.2 >/dev/null 2>&1
wait_recovered e1000 $((r + 1))
fired=$(sed -n 's/.* fired=\([0-9]*\) .*/\1/p' $FI/inject)
echo clear >$FI/inject
tap_is "the mutation fired" "${fired:-0}" 1
tap_is "the stack protector's call contained (hardening-check in ndo_start_xmit)" \
	"$(cut -d' ' -f1-2 $S/last_fault)" "hardening-check ndo_start_xmit"
tap_is "recovered once" "$(($(recovered e1000) - r))" 1
n=0
until ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 || [ $n -ge 10 ]; do n=$((n + 1)); done
[ $n -lt 10 ]
tap_is "the interface answers after the restart (ping, $((n + 1)) tries)" $? 0
dmesg | grep -q 'stack protector: stack corrupted in e1000_xmit_frame'
tap_is "the log names the function whose canary was overwritten" $? 0
bad=$(health_scan | grep -v 'drvsup:')
tap_is "no panic, oops or warning" "${bad:-none}" none
drvsup unload e1000 >/dev/null 2>&1 || rmmod e1000
rmmod drvsup
