# SPDX-License-Identifier: GPL-2.0
# The fault injector's debugfs knobs (faultinj/inject.c, docs/debugfs.md):
#  1. bad input is refused with a clear reason and arms nothing: unknown
#     symbol, an offset inside an instruction, a function's ftrace site,
#     an instruction of the wrong class, unknown type or setting, an
#     interface fault for a plain driver;
#  2. probes work on a plain driver (hits counted, nothing fired);
#  3. every code mutation type, aimed by `drvsup inject --seed` at the
#     RTC driver's RTC_RD_TIME path, activates (fires once, logged with the
#     first execution) in the supervised driver, whose shadow recovers
#     whatever the fault did; so do alloc, irq, free and bcopy interface
#     faults.
# timeout: 300
. /drvsup/tests/lib.sh

FI=/sys/kernel/debug/drvsup/faultinj
S=/sys/kernel/drvsup/rtctest
insmod $MODDIR/drvsup.ko && insmod $MODDIR/rtctest.ko ||
	{ tap_fail "faultinj: set-up"; exit 0; }
health_mark

# refused DESC LINE WANT: writing LINE fails, error says WANT, nothing armed
refused() {
	if echo "$2" >$FI/inject 2>/dev/null; then
		tap_fail "refused: $1" "'$2' was accepted"
	else
		case "$(cat $FI/error)" in
		*"$3"*) tap_ok "refused: $1 ($(cat $FI/error))" ;;
		*) tap_fail "refused: $1" "error: '$(cat $FI/error)', want '$3'" ;;
		esac
	fi
	tap_is "refused: $1: nothing armed" "$(cat $FI/inject)" ""
}
refused "unknown symbol" "rtctest no_such_function+0x4 nop" "unknown symbol"
refused "unknown module" "nosuchmod rtct_ioctl+0x5 nop" "unknown symbol"
# rtct_ioctl+0x2a is "cmp esi, imm32" (6 bytes): +0x2b is inside it.
refused "inside an instruction" "rtctest rtct_ioctl+0x2b nop" "not an instruction boundary"
refused "ftrace site" "rtctest rtct_ioctl+0 nop" "ftrace site"
refused "branch on a compare" "rtctest rtct_ioctl+0x2a branch" "not a conditional branch"
refused "loop on a branch" "rtctest rtct_ioctl+0x30 loop reg=rax" "not a compare"
refused "dst without a register" "rtctest rtct_ioctl+0x2a dst" "needs reg="
refused "unknown register" "rtctest rtct_ioctl+0x2a src reg=rsp" "bad value for reg"
refused "unknown type" "rtctest rtct_ioctl+0x2a frob" "unknown fault type"
refused "unknown setting" "rtctest rtct_ioctl+0x30 branch colour=red" "unknown setting"
refused "zero nth" "rtctest rtct_ioctl+0x30 branch nth=0" "bad value for nth"
refused "interface fault, plain driver" "rtctest alloc" "not supervised"
drvsup inject rtctest --type branch --at rtct_ioctl+0x2b >/dev/null 2>&1
tap_is "drvsup inject --at inside an instruction: refused" $? 2
tap_is "drvsup inject --at inside an instruction: nothing armed" "$(cat $FI/inject)" ""

# --- 2. a plain driver: probes count executions --------------------------
echo "rtctest rtct_ioctl+0x30 branch nth=1000000000" >$FI/inject
tap_is "plain driver: probe armed" "$(wc -l <$FI/inject)" 1
rtcctl time >/dev/null; rtcctl time >/dev/null
hits=$(sed -n 's/.* hits=\([0-9]*\) fired=\([0-9]*\).*/\1 \2/p' $FI/inject)
tap_is "plain driver: 2 executions counted, nothing fired" "$hits" "2 0"
echo clear >$FI/inject
rmmod rtctest

# --- 3. every type activates in the supervised driver ----------------------
drvsup load $MODDIR/rtctest.ko >/tmp/load.log 2>&1 ||
	{ tap_fail "rtctest: supervised load" "$(cat /tmp/load.log)"; exit 0; }
echo "16 1000 0" >$S/restart_budget
PATHFN=rtct_ioctl,rtct_ioc_rd_time,rtct_cmos_read_time
for t in text nop dst src branch ptr loop init stack heap; do
	ok=
	for seed in $(seq 1 25); do
		echo clear >$FI/inject
		drvsup inject rtctest --type $t --seed $seed --func $PATHFN \
			>/tmp/inj.out 2>&1 || continue
		rtcctl time >/dev/null 2>&1
		sleep 0.2
		set -- $(sed -n 's/.* hits=\([0-9]*\) fired=\([0-9]*\) first_hit_ns=\([0-9]*\) first_fire_ns=\([0-9]*\).*/\1 \2 \3 \4/p' $FI/inject)
		if [ "${2:-0}" = 1 ] && [ "${4:-0}" -ge "${3:-1}" ] && [ "$3" -gt 0 ]; then
			ok=$seed
			break
		fi
	done
	if [ -n "$ok" ]; then
		tap_ok "$t: activates (seed $ok: $(cut -d' ' -f2- /tmp/inj.out))"
		dmesg | grep -q "faultinj: #[0-9]* $t at .* fired (1)"
		tap_is "$t: first firing logged" $? 0
	else
		tap_fail "$t: activates with one of 25 seeds" "$(cat /tmp/inj.out)" "$(cat $FI/inject)"
	fi
	# whatever it did, the driver is serving again
	n=0
	until rtcctl time >/dev/null 2>&1 || [ $n -ge 50 ]; do sleep 0.1; n=$((n + 1)); done
done
echo clear >$FI/inject
tap_is "supervised rtctest serving after the mutations" "$(cat $S/state)" running

# interface faults: the RTC driver allocates per open; its IRQ runs per update
drvsup inject rtctest --type alloc >/dev/null
rtcctl time >/dev/null 2>&1
fired=$(sed -n 's/.* alloc .* fired=\([0-9]*\).*/\1/p' $FI/inject)
tap_is "alloc: an allocation failed (open)" "$fired" 1
echo clear >$FI/inject
drvsup inject rtctest --type irq --mode double >/dev/null
rtcctl uie 2 >/dev/null 2>&1
fired=$(sed -n 's/.* irq .* fired=\([0-9]*\).*/\1/p' $FI/inject)
tap_is "irq: an interrupt delivered twice" "$fired" 1
echo clear >$FI/inject
# free: the per-file block goes 20 ms after open; the driver's own kfree of
# it at close is a free of memory it does not own: contained, recovered
r=$(recovered rtctest)
drvsup inject rtctest --type free >/dev/null
rtcctl time >/dev/null 2>&1
sleep 0.1
fired=$(sed -n 's/.* free .* fired=\([0-9]*\).*/\1/p' $FI/inject)
tap_is "free: an allocation freed early" "$fired" 1
wait_recovered rtctest $((r + 1))
tap_is "free: the driver's kfree of it contained, then recovered" \
	"$(($(recovered rtctest) - r)) $(cut -d' ' -f1-2 $S/last_fault)" "1 bad-argument release"
# the fault is the driver's call of kfree, not the wrapper's unwind trap:
# "bad-argument release rtct_release+0x../0x.. [rtctest] 0x0"
set -- $(cat $S/last_fault)
tap_is "free: last_fault names the driver's call site" "${3%%+*} ${4:-}" \
	"rtct_release [rtctest]"
echo clear >$FI/inject
# bcopy: RTC_RD_TIME's copy to the user runs past rtcctl's struct rtc_time
drvsup inject rtctest --type bcopy >/dev/null
rtcctl time >/dev/null 2>&1
fired=$(sed -n 's/.* bcopy .* fired=\([0-9]*\).*/\1/p' $FI/inject)
tap_is "bcopy: a copy overran its destination" "$fired" 1
echo clear >$FI/inject
n=0
until rtcctl time >/dev/null 2>&1 || [ $n -ge 50 ]; do sleep 0.1; n=$((n + 1)); done
tap_is "supervised rtctest serving after interface faults" "$(cat $S/state)" running
drvsup unload rtctest >/dev/null 2>&1 || rmmod rtctest
rmmod drvsup
tap_is "drvsup unloads with records cleared" "$(lsmod | grep -c '^drvsup')" 0
