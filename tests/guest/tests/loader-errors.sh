# SPDX-License-Identifier: GPL-2.0
# Bad input to the loader gets one clear line, its own exit code, and
# changes nothing: no module left loaded.
# timeout: 60
. /drvsup/tests/lib.sh

mods() { cut -d' ' -f1 /proc/modules | sort | tr '\n' ' '; }

# expect DESC CODE CMD...: CMD exits CODE, prints one line on stderr, and
# the set of loaded modules is unchanged.
expect() {
	desc=$1 code=$2
	shift 2
	before=$(mods)
	"$@" >/tmp/out 2>/tmp/err
	rc=$?
	if [ $rc -eq "$code" ] && [ "$(mods)" = "$before" ] && [ -s /tmp/err ]; then
		tap_ok "$desc: exit $code, nothing loaded ($(head -n 1 /tmp/err))"
	else
		tap_fail "$desc: exit $code, nothing loaded" "exit $rc" \
			"stderr: $(cat /tmp/err)" "modules before: $before" "after: $(mods)"
	fi
}

expect "core module not loaded" 15 drvsup load $MODDIR/rtctest.ko
insmod $MODDIR/drvsup.ko || { tap_fail "drvsup.ko loads"; exit 0; }
expect "not an ELF file" 4 drvsup load /drvsup/tests/lib.sh
expect "missing file" 3 drvsup load /nonexistent.ko
head -c 3000 $MODDIR/rtctest.ko >/tmp/trunc.ko
expect "truncated module" 5 drvsup load /tmp/trunc.ko
expect "imports drvsup cannot cover (listed)" 9 drvsup load $MODDIR/ixgbevf.ko
tap_run "the refusal lists the uncovered imports" grep -q 'kvfree_call_rcu' /tmp/out /tmp/err
# 8139too is covered, but needs the library mii, which this guest lacks
# (Debian's modules are not installed here): named, nothing loaded.
expect "a library module that cannot be found" 3 drvsup load $MODDIR/8139too.ko
tap_run "the refusal names the library" grep -q 'library module mii' /tmp/err
expect "not root" 13 su -s /bin/sh nobody -c "drvsup load $MODDIR/rtctest.ko"
expect "unknown module parameter" 2 drvsup load $MODDIR/rtctest.ko nosuch=1
tap_run "a good load still works" drvsup load $MODDIR/rtctest.ko
expect "already loaded" 14 drvsup load $MODDIR/rtctest.ko
tap_run "unload" drvsup unload rtctest
expect "unload of a module that is not loaded" 17 drvsup unload rtctest
rmmod drvsup
