# SPDX-License-Identifier: GPL-2.0
# Every NIC module `drvsup check` accepts loads and unloads under
# supervision, in one guest with no NIC (no device bound, so only the
# modules' init and exit run): Debian's modules of drivers/net/ethernet
# plus virtio_net and vmxnet3 (tests/guest/run, "# debian-modules: net").
# The list of accepted modules is what `drvsup check --json` says at run
# time, so it grows with the import table. For each accepted module:
#   - its library dependencies are loaded plainly first, in modprobe's
#     order (modules.dep of the guest's Debian tree), except a library the
#     import table runs in the driver's domain (8390): `drvsup load` loads
#     that under supervision itself, and drvsup's wrappers of a library
#     (drvsup_pcmcia, drvsup_phy); those go out before the libraries;
#   - load: `drvsup load` succeeds, the domain is in /sys/kernel/drvsup,
#     running, and its init ran through the gate ("init 1" in entries);
#   - unload: rmmod succeeds (exit ran), the domain is gone, and every
#     driver registration init made (/sys/bus/*/drivers/*) is gone;
#   - tracked objects: what the driver still held when its exit returned,
#     which drvsup would then release itself, read by a kprobe event on
#     drvsup_tracker_release at unload (nr_driver, nr_kept): 0 and 0;
#   - slab: /proc/meminfo SUnreclaim and Slab, after drop_caches, back to
#     their level after a whole second load/unload cycle (libraries too),
#     within a tolerance measured in this boot: twice the largest change
#     over the same steps with no module (at least 64 kB). The first
#     cycle's change, and the caches that grew, are printed: the first
#     module load of a boot warms caches for good.
# A module that does not load under drvsup is a skip, with the reason, when
# it does not load plainly either (it needs its hardware); a failure when
# it does. The modules share a time budget (LOAD_BUDGET, 900 s); modules
# not tried within it fail.
# nics: none
# debian-modules: net
# boot: own
# timeout: 1200
. /drvsup/tests/lib.sh

S=/sys/kernel/drvsup
TR=/sys/kernel/tracing
BUDGET=${LOAD_BUDGET:-900}
start=$(cut -d. -f1 /proc/uptime)

tap_diag "guest up $(cut -d' ' -f1 /proc/uptime)s after boot (kernel, initramfs $(du -skx / 2>/dev/null | cut -f1) kB unpacked)"
insmod $MODDIR/drvsup.ko || { tap_fail "drvsup.ko loads"; exit 0; }
tap_is "no network interface but lo (no NIC attached)" "$(ls /sys/class/net | tr '\n' ' ')" "lo "

# --- what drvsup check accepts -------------------------------------------
mods=$( (find $DEBDIR/kernel/drivers/net/ethernet -name '*.ko*'
	ls $DEBDIR/kernel/drivers/net/virtio_net.ko* $DEBDIR/kernel/drivers/net/vmxnet3/vmxnet3.ko*) 2>/dev/null |
	awk -F/ '{ print $NF, $0 }' | sort | cut -d' ' -f2)
N=$(echo "$mods" | grep -c .)
tap_diag "NIC modules in the guest: $N"
t=$(now_ms)
# shellcheck disable=SC2086
drvsup check --json --no-btf $mods >/tmp/check.json 2>/tmp/check.err
tap_diag "drvsup check of $N modules: exit $?, $(($(now_ms) - t)) ms"
tap_is "drvsup check answers for each NIC module" "$(grep -c '^{"module":' /tmp/check.json)" "$N"
accepted=$(sed -n 's/^{"module":"[^"]*","file":"\([^"]*\)".*"loadable":true[,}].*/\1/p' /tmp/check.json)
refused=$(sed -n 's/^{"module":"\([^"]*\)".*"loadable":false[,}].*/\1/p' /tmp/check.json | tr '\n' ' ')
A=$(echo "$accepted" | grep -c .)
tap_diag "accepted $A: $(for p in $accepted; do mod_name "$p"; done | tr '\n' ' ')"
tap_diag "refused $(echo $refused | wc -w) (not loaded here): $refused"
echo "$accepted" | grep -q '/e1000\.ko'
tap_is "drvsup check accepts e1000" $? 0

# --- the kprobe event: what a domain still holds when drvsup releases it
off() { sed -n "s/^domain\.$1 //p" /drvsup/offsets 2>/dev/null; }
# (and, as a control of the offsets, on the sysfs file "kept": the counts
# the event reads there must be those the files list)
kp=
if [ -n "$(off name)" ] && [ -n "$(off tracker.nr_kept)" ] && [ -n "$(off kobj)" ]; then
	nd=$(off tracker.nr_driver)
	nk=$(off tracker.nr_kept)
	ko=$(off kobj)
	if echo "p:dsnic/release drvsup:drvsup_tracker_release name=+0(+$(off name)(%di)):string mode=%si:u32 nr_driver=+$nd(%di):u32 nr_kept=+$nk(%di):u32" \
		>>$TR/kprobe_events &&
		echo "p:dsnic/show drvsup:kept_show nr_driver=+$((nd - ko))(%di):u32 nr_kept=+$((nk - ko))(%di):u32" \
		>>$TR/kprobe_events &&
		echo 1 >$TR/events/dsnic/enable; then
		kp=1
		: >$TR/trace
	else
		tap_fail "kprobe events on drvsup_tracker_release and kept_show" "$(cat $TR/error_log 2>/dev/null | tail -n 3)"
	fi
fi
# counted FILE: the sum of the counts of a domain's "type count" lines.
counted() { awk '{ n += $2 } END { print n + 0 }' "$1"; }
# left NAME: "nr_driver=N nr_kept=N" at NAME's unload (release of all).
left() {
	grep "release:.* name=\"$1\" mode=1 " $TR/trace | tail -n 1 | sed 's/.* \(nr_driver=[0-9]* nr_kept=[0-9]*\).*/\1/'
}

# --- slab, and its noise here ----------------------------------------------
# slab FILE: "SUnreclaim Slab" (kB) once the caches are dropped and RCU
# callbacks had a second to run (kobjects, kernfs nodes); /proc/slabinfo
# into FILE, to name the caches that grew.
slab() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	echo 3 >/proc/sys/vm/drop_caches
	awk 'NR > 2 { print $1, int($3 * $4 / 1024) }' /proc/slabinfo >"$1"
	awk '$1 == "SUnreclaim:" { u = $2 } $1 == "Slab:" { s = $2 } END { print u, s }' /proc/meminfo
}
# grew A B: the caches that hold more kB in slabinfo B than in A, largest first.
grew() {
	awk 'NR == FNR { a[$1] = $2; next } $2 - a[$1] > 0 { print $2 - a[$1], $1 }' "$1" "$2" |
		sort -rn | head -n 6 | awk '{ printf "%s +%d kB, ", $2, $1 }'
}
drivers() { ls -d /sys/bus/*/drivers/* 2>/dev/null; }
# The steps of one module's cycle with no module: the same reads and
# commands, so their own slab use is the noise.
noise=0
for i in 1 2 3; do
	set -- $(slab /tmp/slab.a)
	u0=$1 s0=$2
	drivers >/tmp/drv0
	drvsup status >/dev/null 2>&1
	cat $S/*/entries $S/*/objects $S/*/kept >/dev/null 2>&1
	drivers >/tmp/drv1
	set -- $(slab /tmp/slab.b)
	u1=$1 s1=$2
	for d in $((u1 - u0)) $((s1 - s0)); do
		d=${d#-}
		[ "$d" -gt $noise ] && noise=$d
	done
done
TOL=$((2 * noise))
[ $TOL -lt 64 ] && TOL=64
tap_diag "slab noise over a cycle without a module: up to $noise kB; tolerance $TOL kB"

# Libraries the import table runs in their driver's domain: `drvsup load`
# loads those under supervision itself (and refuses them loaded plainly).
domain_libs=$(awk '$1 == "library" && $3 == "domain" { print $2 }' /drvsup/share/drvsup/imports.tbl)

# libs_out: the libraries out, last loaded first, after the wrapper
# modules `drvsup load` loaded for them (drvsup_pcmcia, drvsup_phy).
libs_out() {
	for w in /sys/module/drvsup_*; do
		[ -d "$w" ] && rmmod "${w##*/}"
	done
	for d in $(echo "$deps" | sed '1!G;h;$!d'); do rmmod "$(mod_name "$d")" 2>/dev/null; done
}

# cycle PATH ROUND: the libraries, drvsup load, unload, the libraries out.
# Round 1 reports each check; round 2 (the same again, for the slab) only
# what fails. Status 1 when the module did not load under drvsup.
cycle() {
	p=$1
	r=$2
	bad=
	for d in $deps; do
		case " $domain_libs " in *" $(mod_name "$d") "*) continue ;; esac
		loaded "$(mod_name "$d")" || insmod "$d" 2>>/tmp/deps.err || bad="$bad $(mod_name "$d")"
	done
	[ -z "$bad" ] || tap_fail "$m: its libraries load plainly (round $r)" "failed:$bad" "$(cat /tmp/deps.err)"
	drivers >/tmp/drv0
	t1=$(now_ms)
	drvsup load "$p" >/tmp/load.out 2>&1
	rc=$?
	t2=$(now_ms)
	if [ $rc -ne 0 ]; then
		if [ "$r" != 1 ]; then
			tap_fail "$m: drvsup load, round 2" "drvsup load: exit $rc" "$(cat /tmp/load.out)"
		elif insmod "$p" 2>/tmp/plain.err; then
			# Its hardware missing, or drvsup? The plain module tells.
			rmmod "$m"
			tap_fail "$m: drvsup load (the plain module loads)" "drvsup load: exit $rc" "$(cat /tmp/load.out)"
		else
			tap_skip "$m: load under drvsup" "cannot load here, without its hardware: drvsup load exit $rc ($(tail -n 1 /tmp/load.out)), plain insmod: $(cat /tmp/plain.err)"
		fi
		libs_out
		return 1
	fi
	st=$(cat $S/$m/state 2>/dev/null)
	init=$(awk '$1 == "init" { print $2 }' $S/$m/entries 2>/dev/null)
	drivers >/tmp/drv1
	reg=$(grep -vxF -f /tmp/drv0 /tmp/drv1 | sed 's|/sys/bus/||' | tr '\n' ' ')
	# A library with no module_init (no init_module symbol) has no init.
	want=1
	grep -q init_module "$p" || want=
	if [ "$r" = 1 ]; then
		tap_is "$m: drvsup load; domain running, init ran through its gate" "$st init=$init" "running init=$want"
		tap_diag "$m: load $((t2 - t1)) ms; registered: ${reg:-nothing}; objects: $(tr '\n' ' ' <$S/$m/objects) kept: $(tr '\n' ' ' <$S/$m/kept)"
		for d in $deps; do
			case " $domain_libs " in *" $(mod_name "$d") "*) ;; *) continue ;; esac
			tap_is "$m: its library $(mod_name "$d") runs under supervision (in the driver's domain)" \
				"$(cat $S/$(mod_name "$d")/state 2>/dev/null)" running
		done
		wm=$(ls -d /sys/module/drvsup_* 2>/dev/null | sed 's|.*/||' | tr '\n' ' ')
		[ -z "$wm" ] || tap_is "$m: drvsup's wrappers of its libraries loaded ($wm), not supervised themselves" \
			"$(ls -d $S/drvsup_* 2>/dev/null)" ""
		if [ -n "$kp" ]; then
			want="nr_driver=$(counted $S/$m/objects) nr_kept=$(counted $S/$m/kept)"
			got=$(grep 'show:' $TR/trace | tail -n 1 | sed 's/.* \(nr_driver=[0-9]* nr_kept=[0-9]*\).*/\1/')
			tap_is "$m: the kprobe event reads the domain's counts as sysfs lists them ($want)" "$got" "$want"
		fi
	fi
	t1=$(now_ms)
	rmmod "$m" 2>/tmp/rmmod.err
	rc=$?
	t2=$(now_ms)
	drivers >/tmp/drv2
	gone=$( (grep -vxF -f /tmp/drv0 /tmp/drv2; grep -vxF -f /tmp/drv2 /tmp/drv0) | sed 's|/sys/bus/||' | tr '\n' ' ')
	if [ "$r" = 1 ]; then
		tap_is "$m: unload (exit ran); domain and registrations gone" \
			"rc=$rc $(ls -d $S/$m 2>/dev/null)$gone" "rc=0 "
		if [ -n "$kp" ]; then
			tap_is "$m: no tracked object left when exit returned" "$(left "$m")" "nr_driver=0 nr_kept=0"
		else
			tap_skip "$m: no tracked object left when exit returned" "no offsets of drvsup.ko's fields (gdb missing on the host)"
		fi
		tap_diag "$m: unload $((t2 - t1)) ms"
	elif [ $rc -ne 0 ]; then
		tap_fail "$m: unload, round 2" "$(cat /tmp/rmmod.err)"
	fi
	libs_out
	return 0
}

# --- each accepted module --------------------------------------------------
for p in $accepted; do
	m=$(mod_name "$p")
	if [ $(($(cut -d. -f1 /proc/uptime) - start)) -ge "$BUDGET" ]; then
		tap_fail "$m: not tried, the time budget (${BUDGET}s) is spent"
		continue
	fi
	t0=$(now_ms)
	chain=$(deb_chain "$m") || { tap_fail "$m: its modules.dep entry" "$chain"; continue; }
	deps=$(echo "$chain" | sed '$d')
	set -- $(slab /tmp/slab.0)
	u0=$1 s0=$2
	cycle "$p" 1 || continue
	set -- $(slab /tmp/slab.1)
	u1=$1 s1=$2
	cycle "$p" 2 || continue
	set -- $(slab /tmp/slab.2)
	u2=$1 s2=$2
	# The first cycle may warm caches for good (the first module load of
	# the boot, a kmem_cache made once): what a load leaks, every load
	# leaks again, so the second cycle is the one held to the tolerance.
	du=$((u2 - u1))
	ds=$((s2 - s1))
	[ ${du#-} -le $TOL ] && [ ${ds#-} -le $TOL ]
	tap_is "$m: slab back to its level after a load/unload cycle (second cycle: SUnreclaim ${du} kB, Slab ${ds} kB; tolerance $TOL kB)" $? 0
	tap_diag "$m: first cycle: SUnreclaim $((u1 - u0)) kB, Slab $((s1 - s0)) kB (grew: $(grew /tmp/slab.0 /tmp/slab.1))" \
		"second: grew: $(grew /tmp/slab.1 /tmp/slab.2)" "two cycles $(($(now_ms) - t0)) ms"
done

if [ -n "$kp" ]; then
	echo 0 >$TR/events/dsnic/enable
	echo "-:dsnic/release" >>$TR/kprobe_events
	echo "-:dsnic/show" >>$TR/kprobe_events
fi
# A library of the driver's domain loaded plainly: the driver is refused
# (exit 14), and nothing of it is loaded.
for lib in $domain_libs; do
	for p in $accepted; do
		m=$(mod_name "$p")
		chain=$(deb_chain "$m" 2>/dev/null) || continue
		case "$chain" in */"$lib".ko*) ;; *) continue ;; esac
		[ "$m" = "$lib" ] && continue
		for d in $(echo "$chain" | sed '$d'); do loaded "$(mod_name "$d")" || insmod "$d"; done
		drvsup load "$p" >/tmp/load.out 2>&1
		rc=$?
		tap_is "$m: refused while its library $lib runs outside drvsup (exit 14, $m not loaded)" \
			"$rc $(loaded "$m" && echo loaded)" "14 "
		tap_diag "$(tail -n 1 /tmp/load.out)"
		deps=$(echo "$chain" | sed '$d')
		libs_out
		break
	done
done
rmmod drvsup
tap_diag "$A accepted modules in $(($(cut -d. -f1 /proc/uptime) - start))s"
