# SPDX-License-Identifier: GPL-2.0
# The unsupervised baseline of the NICs drvsup is to supervise (issue 14),
# all attached to one guest, each on a user-mode netdev of its own: for
# each QEMU model, Debian's modules load with insmod in modprobe's order
# (modules.dep), the driver's interface appears (the cold probe time, from
# inserting the driver to its interface, is printed), the interface alone
# comes up (every netdev is 10.0.2.0/24: one interface up at a time) and
# moves real traffic: a TCP download of 8 MiB from the host's test server
# (tests/guest/httpserve), sha256 checked, and a UDP request/response
# transfer from QEMU's own TFTP server (lockstep DATA/ACK, 256 KiB, sha256
# checked); no CRC, frame or length errors and no failed transmits (generic
# rx errors and receive overruns, which TCP makes good, are reported); then
# it goes down and the modules unload.
# nics: e1000,e1000e,pcnet,i82559er,tulip,vmxnet3,virtio-net-pci
# boot: own
# timeout: 600
. /drvsup/tests/lib.sh

URL=http://10.0.2.2:$(sed -n 's/^HTTP_PORT=//p' /drvsup/guest.conf)
MB=8

tap_diag "guest up $(cut -d' ' -f1 /proc/uptime)s after boot (kernel, initramfs $(du -skx / 2>/dev/null | cut -f1) kB unpacked)"
all=$(nics)
tap_is "all seven NIC models attached" "$(echo $all | wc -w)" 7
probes=

# counters DIR: an interface's counters of CRC, frame and length errors
# and of failed transmits, which must not move; overruns DIR: the generic
# rx_errors and the frames the receiver had no room for (an emulated NIC
# under TCG with its ring full: pcnet's "missed frames"; TCP sends them
# again), which are reported. (pcnet32 counts a bad-length frame in
# rx_errors alone: under TCG one in 8 MiB, beside 13-15 missed frames.)
counters() {
	for _c in rx_crc_errors rx_frame_errors rx_length_errors tx_errors tx_dropped \
		tx_aborted_errors tx_fifo_errors tx_carrier_errors; do
		printf '%s=%s ' $_c "$(cat $1/$_c)"
	done
}
overruns() {
	for _c in rx_errors rx_dropped rx_over_errors rx_fifo_errors rx_missed_errors; do
		printf '%s=%s ' $_c "$(cat $1/$_c)"
	done
}
# rate BYTES MS: "N.N MB/s"
rate() { _r=$(($1 * 10 / ($2 > 0 ? $2 : 1) / 1049)); echo "$((_r / 10)).$((_r % 10)) MB/s"; }

for model in $all; do
	mods=$(nic_modules "$model") || { tap_fail "$model: a model the test knows"; continue; }
	chain=$(deb_chain $mods) || { tap_fail "$model: modules in the guest" "$chain"; continue; }
	drv=$(mod_name "$(echo "$chain" | tail -n 1)")
	n=$model
	# --- load: the libraries, then the driver, timed to its interface
	t0=$(now_ms)
	bad=
	for p in $(echo "$chain" | sed '$d'); do
		insmod "$p" 2>/tmp/insmod.err || bad="$bad $(mod_name "$p")"
	done
	t1=$(now_ms)
	insmod "$(echo "$chain" | tail -n 1)" 2>>/tmp/insmod.err || bad="$bad $drv"
	ifc=
	while [ -z "$ifc" ] && [ $(($(now_ms) - t1)) -lt 20000 ] && [ -z "$bad" ]; do
		ifc=$(nic_if "$drv")
		[ -n "$ifc" ] || sleep 0.01
	done
	t2=$(now_ms)
	if [ -n "$bad" ] || [ -z "$ifc" ]; then
		tap_fail "$n: $(echo $mods | tr ' ' +) load with insmod and $drv's interface appears" \
			"failed:${bad:- none}, interface '${ifc}'" "$(cat /tmp/insmod.err)"
		for p in $(echo "$chain" | sed '1!G;h;$!d'); do rmmod "$(mod_name "$p")" 2>/dev/null; done
		continue
	fi
	tap_ok "$n: $(echo "$chain" | while read -r p; do mod_name "$p"; done | tr '\n' ' ')loaded with insmod; $drv's interface $ifc appears"
	tap_diag "$n: cold probe of $drv: $((t2 - t1)) ms from insmod to $ifc (libraries before it: $((t1 - t0)) ms)"
	probes="$probes $drv=$((t2 - t1))ms"
	others=$(ls /sys/class/net | grep -v -e '^lo$' -e "^$ifc\$" | tr '\n' ' ')
	tap_is "$n: $ifc is the only interface besides lo" "$others" ""
	# --- up, alone
	ip link set lo up
	ip link set "$ifc" up && ip addr add 10.0.2.15/24 dev "$ifc" &&
		ip route add default via 10.0.2.2 && carrier "$ifc"
	tap_is "$n: $ifc up with carrier" "$(cat /sys/class/net/$ifc/carrier 2>/dev/null)" 1
	s=/sys/class/net/$ifc/statistics
	c0=$(counters $s)
	o0=$(overruns $s)
	# --- UDP: QEMU's TFTP server, one 512-byte block per request/response
	t=$(now_ms)
	rm -f /tmp/tftp.blob
	timeout 120 tftp -g -r blob -l /tmp/tftp.blob 10.0.2.2 2>/tmp/tftp.err
	tt=$(($(now_ms) - t))
	got=$(sha256sum </tmp/tftp.blob 2>/dev/null | cut -d' ' -f1)
	want=$(timeout 20 tftp -g -r blob.sha256 -l - 10.0.2.2 2>/dev/null)
	size=$(stat -c %s /tmp/tftp.blob 2>/dev/null || echo 0)
	udp=0
	if [ -n "$want" ] && [ "$got" = "$want" ] && [ "$size" = 262144 ]; then
		udp=1
		tap_ok "$n: UDP request/response (TFTP, 512 blocks of 512 bytes), sha256 matches"
		tap_diag "$n: TFTP 256 KiB in $tt ms ($((tt * 1000 / 512)) us per request/response)"
	else
		tap_fail "$n: UDP request/response (TFTP, 512 blocks of 512 bytes), sha256 matches" \
			"$size bytes, got '$got', want '$want'" "$(cat /tmp/tftp.err)"
	fi
	rm -f /tmp/tftp.blob
	# --- TCP: the host's test server
	want=$(timeout 20 wget -q -O - $URL/stream.sha256/$MB 2>/dev/null)
	if [ -z "$want" ] && [ $udp = 1 ]; then
		tap_skip "$n: TCP download" "no test server at $URL (tests/guest/httpserve) while UDP works"
	else
		t=$(now_ms)
		got=$(timeout 180 wget -q -O - $URL/stream/$MB/1048576 | sha256sum | cut -d' ' -f1)
		tt=$(($(now_ms) - t))
		if [ -n "$want" ] && [ "$got" = "$want" ]; then
			tap_ok "$n: TCP download of $MB MiB, sha256 matches"
			tap_diag "$n: TCP $MB MiB in $tt ms ($(rate $((MB << 20)) $tt), with sha256sum in the pipe)"
		else
			tap_fail "$n: TCP download of $MB MiB, sha256 matches" "got '$got', want '$want'"
		fi
	fi
	c1=$(counters $s)
	tap_diag "$n: $ifc rx_packets $(cat $s/rx_packets) tx_packets $(cat $s/tx_packets);" \
		"receive overruns before the traffic: $o0" "after it: $(overruns $s)"
	tap_is "$n: no CRC, frame or length errors, no failed transmits during the traffic" "$c1" "$c0"
	# --- down and unload, in reverse order
	ip link set "$ifc" down
	bad=
	for p in $(echo "$chain" | sed '1!G;h;$!d'); do
		rmmod "$(mod_name "$p")" 2>/dev/null || bad="$bad $(mod_name "$p")"
	done
	left=$(for p in $chain; do loaded "$(mod_name "$p")" && mod_name "$p"; done | tr '\n' ' ')
	tap_is "$n: modules unload, $ifc gone" "${bad}${left}$(ls /sys/class/net | grep -v '^lo$')" ""
done
tap_diag "cold probe times (insmod to interface):$probes"
