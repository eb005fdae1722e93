# SPDX-License-Identifier: GPL-2.0
# drvsup.ko as DKMS built it from the package `make install` lays out
# (tests/dkms-test on the host: /drvsup/modules/dkms/, with its sha256)
# loads, supervises the RTC driver with the loader's installed data
# (Module.symvers of the tree's build: the same CRCs), and unloads. The
# other tests' drvsup.ko (/drvsup/modules/drvsup.ko, the tree's build) is
# loaded again afterwards if it was loaded before.
# timeout: 60
. /drvsup/tests/lib.sh

D=/drvsup/modules/dkms
S=/sys/kernel/drvsup/rtctest
if [ ! -r $D/drvsup.ko ] || [ ! -r $D/drvsup.ko.sha256 ]; then
	tap_fail "the DKMS-built drvsup.ko is in the guest" \
		"no $D/drvsup.ko(.sha256): tests/dkms-test makes them on the host"
	exit 0
fi
tap_run "the DKMS-built drvsup.ko is the one tests/dkms-test took from DKMS (sha256)" \
	sh -c "cd $D && sha256sum -c drvsup.ko.sha256"
a=$(sha256sum <$D/drvsup.ko)
b=$(sha256sum <$MODDIR/drvsup.ko)
[ "$a" != "$b" ]
tap_is "it is not the tree's build (DKMS strips and signs its modules)" "$?" 0

if [ -e /sys/module/rtctest ]; then
	tap_fail "rtctest is not loaded before the test" "$(grep '^rtctest ' /proc/modules)"
	exit 0
fi
was_loaded=
if [ -e /sys/module/drvsup ]; then
	was_loaded=1
	if ! out=$(rmmod drvsup 2>&1); then
		tap_fail "the tree's drvsup.ko unloads to make room" "$out"
		exit 0
	fi
fi

if out=$(insmod $D/drvsup.ko 2>&1) && [ -d /sys/kernel/drvsup ]; then
	tap_ok "insmod the DKMS-built drvsup.ko"
	tap_run "drvsup load rtctest.ko under it" drvsup load $MODDIR/rtctest.ko
	tap_is "rtctest is supervised: domain running" "$(cat $S/state 2>&1)" running
	t=$(rtcctl -d /dev/rtctest time 2>&1)
	echo "$t" | grep -qE '^[0-9]{4}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]$'
	tap_is "RTC_RD_TIME through /dev/rtctest: $t" "$?" 0
	in=$(sed -n 's/^in //p' $S/crossings 2>/dev/null)
	out=$(sed -n 's/^out //p' $S/crossings 2>/dev/null)
	[ "${in:-0}" -gt 0 ] && [ "${out:-0}" -gt 0 ]
	tap_is "calls crossed its gates both ways (in ${in:-none}, out ${out:-none})" "$?" 0
	tap_run "rtctest unloads" rmmod rtctest
	tap_run "the DKMS-built drvsup.ko unloads" rmmod drvsup
else
	tap_fail "insmod the DKMS-built drvsup.ko" "$out" "$(dmesg | tail -n 5)"
	rmmod drvsup 2>/dev/null
fi

if [ -n "$was_loaded" ]; then
	tap_run "the tree's drvsup.ko is loaded again, as before the test" insmod $MODDIR/drvsup.ko
fi
