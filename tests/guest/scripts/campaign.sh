# SPDX-License-Identifier: GPL-2.0
# The guest side of a fault-injection campaign (tools/campaign.c): reads
# trials from the console, one per line, runs each and prints its result.
#
#   host -> guest:  TRIAL DRIVER COLUMN TYPE SEED FUNCS     (or QUIT)
#   guest -> host:  CAMPAIGN-READY
#                   TRIAL-RESULT {...JSON fields of the trial...}
#                   TRIAL-CLEAN yes|no [WHY]
#
# A trial (faultinj.md): load DRIVER (COLUMN supervised: drvsup load;
# baseline: insmod, after its library modules), check it serves, arm one fault (drvsup inject --seed),
# run the class workload for a fixed time, classify from the guest's own
# evidence, unload. The guest takes another trial only if this one ended
# clean: the driver unloaded, nothing bad in the kernel log since the
# trial began, no taint D/W/L. Anything else powers the guest off, and
# the host boots a fresh one for the next trial.
#
# An oops the domain did not contain is a system-crash whatever follows,
# so the guest panics on it and QEMU exits: the host sees the end at once
# instead of waiting out the trial's timeout (40 s a trial before).
# cmdline: oops=panic
. /drvsup/tests/lib.sh
. /drvsup/tests/e1000.sh
FI=/sys/kernel/debug/drvsup/faultinj
RTC_SECS=${RTC_SECS:-3}
HANG='soft lockup|detected stall|self-detected stall|blocked for more than|hard LOCKUP'

dmesg -n 1	# kernel messages off the console: it carries the protocol
# drvsup.ko's parameters for the campaign (tools/campaign.c --recovery).
. /drvsup/guest.conf
insmod $MODDIR/drvsup.ko ${DRVSUP_PARAMS:-} || { echo "CAMPAIGN-FAILED drvsup.ko"; exit 1; }

now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# class DRIVER: char (the RTC driver) or net (a NIC driver on its model)
class() { if [ "$1" = rtctest ]; then echo char; else echo net; fi; }

# serving DRIVER: does the driver answer its class's simplest request?
serving() {
	case $(class "$1") in
	char) timeout 5 rtcctl time 2>/dev/null | grep -qE '^20[2-9][0-9]-' ;;
	net) timeout 10 wget -q -O /dev/null "$URL/blob.sha256" 2>/dev/null ;;
	esac
}

# workload DRIVER: ERRORS (calls that failed) and WRONG (bad data seen)
workload() {
	ERRORS=0
	WRONG=0
	case $(class "$1") in
	char)
		timeout $((RTC_SECS + 10)) rtc_reader /dev/rtctest $RTC_SECS >/tmp/wl.out 2>&1
		ERRORS=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' /tmp/wl.out)
		[ -n "$ERRORS" ] || ERRORS=1	# killed or never ran
		timeout 5 rtcctl time 2>/dev/null | grep -qE '^20[2-9][0-9]-[01][0-9]-[0-3][0-9]' ||
			WRONG=1
		;;
	net)
		want=$(timeout 10 wget -q -O - "$URL/blob.sha256" 2>/dev/null)
		got=$(timeout 30 wget -q -O - "$URL/blob" 2>/dev/null | sha256sum | cut -d' ' -f1)
		[ -n "$want" ] || ERRORS=1
		[ -n "$want" ] && [ "$got" != "$want" ] && WRONG=1
		;;
	esac
}

unload() {
	if [ "$2" = supervised ]; then
		drvsup unload "$1" >/dev/null 2>&1 || rmmod "$1" 2>/dev/null
	else
		rmmod "$1" 2>/dev/null
	fi
	! grep -q "^$1 " /proc/modules
}

# invalid WHY: the trial could not be set up (not an outcome: the host retries)
invalid() {
	echo "TRIAL-RESULT {\"outcome\":\"invalid\",\"evidence\":\"$1\"}"
	unload "${MOD:-$DRV}" "$COL"
	echo "TRIAL-CLEAN no invalid"
	why=invalid
}

trial() {
	DRV=$1 COL=$2 TYPE=$3 SEED=$4 FUNCS=$5
	health_mark
	t0=$(now_ms)
	# DRIVER-wi: module DRIVER built with the store instrumentation.
	MOD=${DRV%-wi}
	S=/sys/kernel/drvsup/$MOD
	# Ours and e1000 in MODDIR; other NIC drivers are Debian's, with
	# their libraries (drvsup load loads those itself).
	ko=$MODDIR/$DRV.ko libs=
	[ "$MOD" = "$DRV" ] || ko=$MODDIR/wi/$MOD.ko
	if [ ! -e "$ko" ]; then
		ko=$(deb_chain "$DRV" | tail -n 1)
		libs=$(deb_chain "$DRV" | sed '$d')
	fi
	if [ "$COL" = supervised ]; then
		drvsup load "$ko" >/tmp/load.log 2>&1 || { invalid "load"; return; }
	else
		for m in $libs; do
			grep -q "^$(basename "${m%%.ko*}" | tr - _) " /proc/modules ||
				insmod "$m" 2>/dev/null
		done
		insmod "$ko" >/tmp/load.log 2>&1 || { invalid "insmod"; return; }
	fi
	[ "$(class "$DRV")" = net ] && { net_up || { invalid "link"; return; }; }
	serving "$DRV" || { invalid "not serving before the fault"; return; }
	[ "$FUNCS" = all ] && fn= || fn="--func $FUNCS"
	# shellcheck disable=SC2086
	drvsup inject "$MOD" --ko "$ko" --type "$TYPE" --seed "$SEED" $fn --json \
		>/tmp/target.json 2>/tmp/inject.err ||
		{ invalid "inject: $(tail -n 1 /tmp/inject.err | tr -d '"\\')"; return; }
	t1=$(now_ms)
	workload "$DRV"
	sleep 1
	alive=0
	serving "$DRV" && alive=1
	rec=$(sed -n '$p' $FI/inject)
	hits=$(echo "$rec" | sed -n 's/.* hits=\([0-9]*\).*/\1/p')
	fired=$(echo "$rec" | sed -n 's/.* fired=\([0-9]*\).*/\1/p')
	fh=$(echo "$rec" | sed -n 's/.* first_hit_ns=\([0-9]*\).*/\1/p')
	ff=$(echo "$rec" | sed -n 's/.* first_fire_ns=\([0-9]*\).*/\1/p')
	detail=$(echo "$rec" | sed -n 's/.* detail=//p' | tr -d '"\\')
	faults=0 recovered=0 state=plain lat=null lastf=
	if [ "$COL" = supervised ] && [ -d "$S" ]; then
		faults=$(cat $S/faults)
		state=$(cat $S/state)
		recovered=$(sed -n 's/^recovered //p' $S/recoveries)
		[ "$recovered" -gt 0 ] && lat=$(phase $MOD total)
		lastf=$(tr -d '"\\' <$S/last_fault)
	fi
	bad=$(health_scan | head -n 3 | tr -d '"\\' | tr '\n' ' ' | cut -c1-300)
	taint=$(cat /proc/sys/kernel/tainted)
	# faultinj.md's outcome classes, from this evidence
	# Contained faults print nothing: a bad kernel log is damage that
	# escaped the domain (e.g. a heap flip in a kernel object), first.
	if [ "${fired:-0}" = 0 ] && [ -z "$bad" ]; then
		out=not-activated
	elif [ -n "$bad" ]; then
		echo "$bad" | grep -qE "$HANG" && out=system-hang || out=system-crash
	elif [ "$faults" -gt 0 ]; then
		if [ $alive = 1 ] && [ "$recovered" -gt 0 ]; then
			[ "$ERRORS" = 0 ] && [ $WRONG = 0 ] &&
				out=contained-transparent || out=contained-visible
		else
			out=driver-dead
		fi
	elif [ $((taint & TAINT_BAD)) -ne 0 ]; then
		out=system-crash
	elif [ $WRONG = 1 ] || [ "$ERRORS" != 0 ]; then
		out=silent-corruption
	elif [ $alive = 0 ]; then
		out=driver-dead
	else
		out=no-effect
	fi
	printf 'TRIAL-RESULT {"outcome":"%s","target":%s,"hits":%s,"fired":%s,' \
		"$out" "$(cat /tmp/target.json)" "${hits:-0}" "${fired:-0}"
	printf '"first_hit_ns":%s,"first_fire_ns":%s,"detail":"%s",' \
		"${fh:-0}" "${ff:-0}" "$detail"
	printf '"workload_errors":%s,"wrong_data":%s,"serving_after":%s,' \
		"$ERRORS" "$WRONG" "$alive"
	printf '"faults":%s,"recovered":%s,"state":"%s","recovery_us":%s,' \
		"$faults" "${recovered:-0}" "$state" "${lat:-null}"
	printf '"last_fault":"%s","kernel_log":"%s","tainted":%s,"guest_ms":%s}\n' \
		"$lastf" "$bad" "$taint" $(($(now_ms) - t1))
	# The kernel's report itself, from its first bad line (KLOG lines:
	# the console carries no kernel messages), for scripts/campaign-causes.
	[ -n "$bad" ] && log_since_mark | sed -En "/$HEALTH_BAD/,\$p" |
		head -n 60 | sed 's/^/KLOG /'
	echo clear >$FI/inject
	[ "$(class "$DRV")" = net ] && ip link set eth0 down 2>/dev/null
	why=
	unload "$MOD" "$COL" || why="unload failed"
	[ -n "$(health_scan)" ] && why="$why kernel log"
	[ $((taint & TAINT_BAD)) -ne 0 ] && why="$why tainted=$taint"
	if [ -z "$why" ]; then echo "TRIAL-CLEAN yes"; else echo "TRIAL-CLEAN no$why"; fi
}

while :; do
	echo "CAMPAIGN-READY"
	read -r cmd a b c d e || break
	case $cmd in
	TRIAL)
		trial "$a" "$b" "$c" "$d" "$e"
		;;
	QUIT) break ;;
	*) ;;
	esac
	# a trial that did not end clean retires this guest
	[ -z "$why" ] || break
done
