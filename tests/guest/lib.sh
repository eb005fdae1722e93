# SPDX-License-Identifier: GPL-2.0
# lib.sh - helpers for guest test scripts (sourced, busybox sh).
#
# Results go to $TAP_OUT as "ok - DESC" / "not ok - DESC" / "# diag" lines;
# the host numbers them and adds the totals. Paths in the guest:
#   /drvsup/modules/*.ko   project modules and Debian's e1000.ko
#   /drvsup/bin/           static test programs and tools (on PATH)
#   /drvsup/tests/         test scripts, this file
#   /drvsup/debian/        Debian's modules a test declared (tests/guest/run:
#                          "# nics:", "# debian-modules:") with their
#                          modules.dep: deb_chain gives the load order
# A script may declare its own time limit with a line "# timeout: SECONDS".
#
# SUPERVISE="mod1 mod2" makes mod_load load those modules under drvsup
# (`drvsup load`), so the same tests run with and without supervision;
# TAP_PREFIX is put in front of every test description.

: "${TAP_OUT:=/dev/stdout}"
: "${TAP_PREFIX:=}"
MODDIR=/drvsup/modules

tap_line() {
	case "$*" in
	"ok - "* | "not ok - "*) printf '%s\n' "$*" | tap_forward ;;
	*) printf '%s\n' "$*" >>"$TAP_OUT" ;;
	esac
}
tap_diag() { printf '%s\n' "$@" | sed 's/^/# /' >>"$TAP_OUT"; }
# Forward TAP lines read from stdin, with $TAP_PREFIX applied.
tap_forward() {
	sed "s/^\(ok\|not ok\) - /\1 - $TAP_PREFIX/" >>"$TAP_OUT"
}

tap_ok() { tap_line "ok - $1"; }
tap_fail() {
	tap_line "not ok - $1"
	shift
	[ $# -gt 0 ] && tap_diag "$@"
	return 0
}
# A case that may take the kernel down (a fresh guest, "# boot: own"):
# if the guest dies after this line, the host counts DESC as passed.
# tap_expect_death DESC [REGEX]: from here on, the guest going down is the
# outcome DESC (tests/guest/run says "ok" if it does), and with REGEX only
# if its console log matches it (grep -E).
tap_expect_death() {
	tap_line "# expect-console: ${2:-}"
	tap_line "# expect-death: $1"
}
tap_expect_death_cancel() { tap_line "# expect-death: "; }

tap_skip() { tap_line "ok - $1 # SKIP $2"; }

# tap_is DESC GOT WANT
tap_is() {
	if [ "$2" = "$3" ]; then tap_ok "$1"; else tap_fail "$1" "got '$2', want '$3'"; fi
}

# tap_like DESC GOT PART: ok if GOT contains PART.
tap_like() {
	case "$2" in
	*"$3"*) tap_ok "$1" ;;
	*) tap_fail "$1" "got '$2', want it to contain '$3'" ;;
	esac
}

# tap_run DESC CMD...: ok when CMD exits 0; its output becomes the diagnostic.
tap_run() {
	_d=$1
	shift
	if _out=$("$@" 2>&1); then
		tap_ok "$_d"
	else
		tap_fail "$_d" "command failed ($?): $*" "$_out"
	fi
}

# tap_prog CMD...: run a test program that prints TAP lines itself (tap.h);
# a non-zero exit with no "not ok" line of its own is reported as a failure.
tap_prog() {
	_log=/tmp/tap_prog.$$
	"$@" >"$_log" 2>&1
	_rc=$?
	grep -E '^(ok|not ok|#)' "$_log" | tap_forward
	grep -vE '^(ok|not ok|#)' "$_log" | sed 's/^/# /' >>"$TAP_OUT"
	if [ $_rc -ne 0 ] && ! grep -q '^not ok' "$_log"; then
		tap_fail "$1: exited with status $_rc"
	fi
	rm -f "$_log"
	return $_rc
}

# Kernel health, as ../shared/design/vm.md describes it: idle first so the
# hung-task, soft-lockup and RCU-stall detectors get their chance, then look
# at dmesg since the last health_mark (or boot) and at the taint flags.
HEALTH_BAD='WARNING:|BUG:|Oops|general protection|scheduling while atomic|detected stall|self-detected stall|blocked for more than|soft lockup|hard LOCKUP|list_add corruption|list_del corruption|Call Trace:|Kernel panic'
TAINT_BAD=$((128 | 512 | 16384)) # D (died), W (warning), L (soft lockup)
HEALTH_PLANTED=drvsup-planted     # lines the harness self-test plants on purpose

# A mark is a unique line written to the kernel log; scans start after it.
# (A line count would not do: a busy log ring wraps and shifts its lines.)
health_mark() {
	_m="drvsup-health-mark-$$-$(cut -d' ' -f1 /proc/uptime)"
	echo "$_m" >/dev/kmsg
	echo "$_m" >/tmp/health.mark
}

# log_since_mark: the kernel log after the last health_mark (all of it if
# there was none).
log_since_mark() {
	_m=$(cat /tmp/health.mark 2>/dev/null)
	if [ -n "$_m" ] && dmesg | grep -q "$_m"; then
		dmesg | sed -n "/$_m/,\$p"
	else
		dmesg
	fi
}

# health_scan: the suspicious kernel log lines after the last health_mark.
health_scan() {
	log_since_mark | grep -E "$HEALTH_BAD" | head -n 20
}

# health_check [IDLE_SECONDS] [DESC]
health_check() {
	_idle=${1:-${HEALTH_IDLE:-30}}
	_desc=${2:-kernel healthy after ${_idle}s idle}
	sleep "$_idle"
	_bad=$(health_scan | grep -v "$HEALTH_PLANTED")
	_t=$(cat /proc/sys/kernel/tainted)
	if [ -z "$_bad" ] && [ $((_t & TAINT_BAD)) -eq 0 ]; then
		tap_ok "$_desc"
	else
		tap_fail "$_desc" "tainted=$_t" "$_bad"
	fi
}

# fault_name KIND: the kind drvsup reports (sysfs last_fault) for a crash kind.
fault_name() {
	case "$1" in
	oops|farstack) echo page-fault ;;
	gpf|smash) echo general-protection ;;
	bug) echo invalid-opcode ;;
	div0) echo divide-error ;;
	while1|irqoff) echo hang ;;
	wild|frame|hole) echo wild-write ;;
	warn) echo warning ;;
	panic) echo hardening-check ;;
	wildrsp) echo double-fault ;;
	esac
}

# phase DRIVER PHASE: the last recovery's PHASE in us (sysfs "phases":
# total, restart, link, cold-init...).
phase() { awk -v p="$2" '$1 == p { print $2 }' /sys/kernel/drvsup/$1/phases; }

# pct Q: the Q-quantile (0.5: the median) of the numbers on stdin, by
# nearest rank.
pct() { sort -n | awk -v q="$1" '{ v[NR] = $1 } END { i = int(NR * q + 0.999); print v[i < 1 ? 1 : i] }'; }

# recovered DRIVER: restarts that brought a supervised DRIVER back (sysfs).
recovered() { sed -n 's/^recovered //p' /sys/kernel/drvsup/$1/recoveries; }
# from_ckpt DRIVER: its recoveries from the checkpoint so far
from_ckpt() { sed -n 's/^from-checkpoint //p' /sys/kernel/drvsup/$1/recoveries; }

# ckpt_share PREFIX DRIVER MODE FROM0 NF: of NF recoveries since from_ckpt
# read FROM0, recovery_mode checkpoint takes all but each ninth from the
# checkpoint (DRVSUP_WARM_RUN in a row, then a restart), restart none.
ckpt_share() {
	_n=$(($(from_ckpt $2) - $4))
	if [ "$3" = checkpoint ]; then
		tap_is "${1}recoveries from the checkpoint: all but each ninth" $_n $(($5 - $5 / 9))
	else
		tap_is "${1}no recovery from the checkpoint in restart mode" $_n 0
	fi
}

# wait_recovered DRIVER N: until N recoveries completed (10 s at most).
wait_recovered() {
	_n=0
	while [ "$(recovered $1)" -lt "$2" ] && [ $_n -lt 100 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	[ "$(recovered $1)" -ge "$2" ]
}

supervised() {
	for _s in $SUPERVISE; do [ "$_s" = "$1" ] && return 0; done
	return 1
}

# Load a project module (under drvsup if $SUPERVISE names it), or unload it.
mod_load() {
	_m=$1
	shift
	if supervised "$_m"; then
		[ -d /sys/module/drvsup ] || insmod "$MODDIR/drvsup.ko" || return 1
		drvsup load "$MODDIR/$_m.ko" "$@"
	else
		insmod "$MODDIR/$_m.ko" "$@"
	fi
}
mod_unload() { rmmod "$1"; }

# --- Debian's modules and NICs (tests/guest/run: "# nics:", "# debian-modules:")
# /drvsup/debian/ holds Debian's modules at their paths under
# /lib/modules/$KVER, with their own modules.dep (only the modules present).
: "${DEBDIR:=/drvsup/debian}"

# deb_chain MODULE...: the paths of MODULEs and their dependencies, in load
# order: as modprobe does, a module's modules.dep list loaded from its end.
# ('-' and '_' are the same in names.) Status 1 if one is missing.
deb_chain() {
	awk -v want="$*" -v dir="$DEBDIR" '
	function norm(p, n) { n = p; sub(/.*\//, "", n); sub(/\.ko.*$/, "", n); gsub(/-/, "_", n); return n }
	function out(p) { if (!(p in done)) { done[p] = 1; print dir "/" p } }
	{
		p = $1; sub(/:$/, "", p)
		path[norm(p)] = p
		deps[p] = ""
		for (i = NF; i >= 2; i--) deps[p] = deps[p] " " $i
	}
	END {
		k = split(want, w, " ")
		for (i = 1; i <= k; i++) {
			x = norm(w[i])
			if (!(x in path)) { print "deb_chain: no module " w[i] >"/dev/stderr"; bad = 1; continue }
			m = split(deps[path[x]], d, " ")
			for (j = 1; j <= m; j++) out(d[j])
			out(path[x])
		}
		exit bad
	}' "$DEBDIR/modules.dep"
}
# mod_name PATH: the module's name as the kernel has it (/proc/modules).
mod_name() { basename "$1" | sed 's/\.ko.*$//; s/-/_/g'; }
# loaded NAME: is module NAME in the kernel?
loaded() { grep -q "^$1 " /proc/modules; }

# The guest's NICs, in slot order: QEMU models (tests/guest/run).
nics() { sed -n 's/.*dstest\.nics=\([^ ]*\).*/\1/p' /proc/cmdline | tr , ' '; }
# nic_modules MODEL: the modules that drive a QEMU NIC model, as
# tests/guest/run copies them; the last one is the network driver.
nic_modules() {
	case $1 in
	e1000) echo e1000 ;;
	e1000e) echo e1000e ;;
	pcnet) echo pcnet32 ;;
	i8255* | i82550 | i82551 | i82562 | i82801) echo e100 ;;
	tulip) echo tulip ;;
	vmxnet3) echo vmxnet3 ;;
	virtio-net-pci*) echo virtio_pci virtio_net ;;
	rtl8139) echo 8139cp ;;	# an 8139C+: 8139too leaves it to 8139cp
	ne2k_pci) echo ne2k_pci ;;
	*) return 1 ;;
	esac
}
# nic_if DRIVER: the network interface driver DRIVER (its name in sysfs:
# e1000e, pcnet32, virtio_net...) has registered ("" if none).
nic_if() {
	for _i in /sys/class/net/*; do
		[ "$(basename "$(readlink "$_i/device/driver" 2>/dev/null)")" = "$1" ] &&
			{ basename "$_i"; return; }
	done
}
# now_ms: uptime in milliseconds (10 ms resolution).
now_ms() { echo $(($(tr -d . </proc/uptime | cut -d' ' -f1) * 10)); }
# carrier IF: wait until IF has a carrier (10 s at most).
carrier() {
	_n=0
	while [ "$(cat /sys/class/net/$1/carrier 2>/dev/null)" != 1 ]; do
		_n=$((_n + 1))
		[ $_n -gt 100 ] && return 1
		sleep 0.1
	done
}
