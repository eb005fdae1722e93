# SPDX-License-Identifier: GPL-2.0
# Write isolation: e1000 built from linux-source-6.1, unmodified, with
# drvsup's store instrumentation (mk/writeiso.mk), supervised with the
# write check enforced (isolation/owned.c).
#  - No false refusal: it loads, brings the link up, downloads 56 MB
#    byte-exact and answers ethtool's drvinfo and stats (a buffer the
#    kernel lends it for the call); every store checked, none refused.
#  - Wild writes: a bit flipped in the base register of one of
#    e1000_xmit_frame's stores (the sites scripts/sites listed)
#    sends the check and the store after it 1 MiB away (bit 20), to
#    memory that is not the driver's (which, if mapped, a plain build
#    would corrupt without a trace). The check refuses the store
#    before it is made, the call unwinds as a contained wild-write fault
#    naming the address, the net shadow restarts the driver, and the
#    interface answers. Three different stores.
#  - The crashes of the first write-isolated campaign
#    (docs/campaigns/e1000-wi-1207), replayed: the same mutation (type and
#    seed, pinned to its instruction) under a download. Trial 33 made
#    the driver store into the NAPI context embedded in its adapter, in
#    its write set then, and the kernel crashed walking it; a registered
#    NAPI context is out of the write set now, and the store is refused.
#    Trial 64 made e1000_alloc_rx_buffers map a bad buffer, and
#    dma_map_single()'s check, inlined into the driver, WARNed; a WARN on
#    the driver side is the domain's fault now. And trial 20 of the second
#    campaign (docs/campaigns/e1000-wi-1208): a bit flipped in e1000_intr
#    handed napi_schedule_prep() a non-canonical NAPI pointer, and the
#    kernel crashed in it; a NAPI context the driver passes must be one it
#    registered now (or, without a record, in its memory and of its
#    net_device); its trial 143 bent the NAPI pointer within the adapter,
#    and the kernel crashed in dev_gro_receive. Its trial 128: a flipped stack
#    word made the driver map a buffer for a device without a DMA mask,
#    and the kernel WARNed; the DMA wrapper refuses it first now. Its
#    trial 238: a flipped stack word in e1000_has_link sent the watchdog
#    work to address 0 with its stack pointer bent 31 KB down, off the
#    stack the call ran on and onto another of the domain's; a fault there
#    is the domain's now, and its recovery runs on the call's own stack
#    (not replayed here: what its flipped word does depends on the
#    callers' code, which the MMIO checks moved; isolation-selftest's
#    "farstack" raises that fault in every context).
#    And trial 20 of the third (docs/campaigns/e1000-wi-1213): bit 39 of
#    the length e1000_clean_rx_irq hands memcpy() for a copybroken frame;
#    the copy ran over the heap and the kernel crashed in kmalloc later.
#    A memcpy()'s destination is checked like the driver's own stores now
#    (wrappers/store.c), and the copy is refused before it starts.
#    Trial 49 of the fourth (docs/campaigns/e1000-wi-1214): the injector
#    flipped a bit of the sk_buff e1000_xmit_frame reads (its end), and
#    the kernel crashed freeing it. An sk_buff's end and head are out of
#    the driver's write set now, and in a driver whose stores are checked
#    a flipped word stands for its store: refused like one. Its trial
#    280: a bit flipped in the sk_buff pointer e1000_clean_rx_irq hands
#    skb_put(); the kernel's overflow report read the bent buffer's
#    fields and crashed. An sk_buff a wrapper is handed must be one the
#    driver holds now. Its trial 119: a bit flipped in the adapter's MMIO
#    base (hw_addr), and the driver's next register write (inline
#    assembly, not instrumented) landed in kernel memory; MMIO writes are
#    checked too now (wrappers/mmio_store.h): refused as a wild write.
#    And trial 249 of the fifth (e1000-wi-1215): the injector flipped the
#    adapter's pci_dev pointer, and the kernel crashed in
#    dma_sync_single_for_cpu() reading the DMA ops of the bent device; a
#    sync's device must be one the driver maps for now.
#    And two of the sixth (e1000-wi-1217). Trial 79: a high bit flipped
#    in the buffer length e1000_alloc_rx_buffers reads; the next poll
#    built sk_buffs with it around buffers of the old size, and the kernel
#    crashed writing their shared info far past them. build_skb()'s
#    buffer must fit the pages the driver holds now. Trial 112: bit 24
#    flipped in the "no CPU in particular" value the watchdog passes
#    schedule_delayed_work(); the kernel indexed per-CPU timer bases with
#    CPU 16785408 and crashed. A CPU a driver passes must be one now.
#    Each: contained as that kind, the driver restarted, the interface
#    answers.
# timeout: 420
E1000_KO=wi/e1000.ko
. /drvsup/tests/lib.sh
. /drvsup/tests/e1000.sh
FI=/sys/kernel/debug/drvsup/faultinj

insmod $MODDIR/drvsup.ko || { tap_fail "drvsup.ko loads"; exit 0; }
tap_is "the write check is enforced by default" "$(cut -d' ' -f1 $WC)" enforce
if ! supervised_load || ! net_up; then
	tap_fail "e1000 from source: supervised load, link up" "$(cat /tmp/load.log)"
	rmmod drvsup
	exit 0
fi
tap_ok "e1000 from source: supervised load, link up ($(cat /tmp/load.log))"
health_mark
download "e1000 from source, every store checked"
tap_diag "ethtool: $(ethq eth0 drvinfo); $(ethq eth0 stats)"
ethq eth0 stats | grep -q 'n_stats=[1-9]'
tap_is "ethtool stats filled into the buffer the kernel lent" $? 0
tap_diag "writecheck: $(cat $WC)"
[ "$(wc_count checked)" -gt 100000 ]
tap_is "over 100,000 stores checked ($(wc_count checked))" $? 0
tap_is "no store refused, no fault" "$(wc_count outside) $(recovered e1000)" "0 0"

# wild SITE REG: flip bit 20 of REG before SITE's check; 0 if it fired.
wild() {
	r=$(recovered e1000)
	echo "e1000 $1 src reg=$2 bit=20" >$FI/inject ||
		{ tap_diag "$1: mutation refused: $(cat $FI/error)"; return 1; }
	ping -c 3 -W 1 10.0.2.2 >/dev/null 2>&1
	fired=$(sed -n 's/.* fired=\([0-9]*\) .*/\1/p' $FI/inject)
	[ "${fired:-0}" -gt 0 ] && wait_recovered e1000 $((r + 1))
	echo clear >$FI/inject
	[ "${fired:-0}" -gt 0 ] || return 1
	contained_once "$1" wild-write "$r"
}

tried=0 hit=0
while read -r site reg size; do
	[ $hit -lt 3 ] && [ $tried -lt 12 ] || break
	case $site in e1000_xmit_frame+*) ;; *) continue ;; esac
	tried=$((tried + 1))
	wild "$site" "$reg" </dev/null && hit=$((hit + 1))
done <$MODDIR/wi/e1000.stores
tap_is "three stores sent astray, each refused ($tried tried)" $hit 3
tap_is "each refusal counted" "$(wc_count outside)" 3
since_mark() { dmesg | sed -n "/$(cat /tmp/health.mark)/,\$p"; }
why=$(since_mark | grep -c "store of [0-9]* bytes at .*: outside the domain's write set")
tap_is "each refusal logged with its address" "$why" 3
since_mark | grep "outside the domain's write set" | head -n 3 | while read -r l; do tap_diag "$l"; done

# replay TRIAL TYPE SEED KIND AT [BIT]: the campaign's mutation, pinned to
# its instruction AT in this build (a seed alone picks among every
# candidate of the campaign's functions, which any change to the
# instrumentation reshuffles; `drvsup inject --dry-run` on the campaign's
# build names AT, and at AT the seed still picks the register and bit),
# and to BIT where the campaign's bit was drawn at its firing
replay() {
	echo 1 >$S/reset	# each case its own restart budget
	r=$(recovered e1000)
	drvsup inject e1000 --ko $E1000 --type $2 --seed $3 --at $5 ${6:+--bit $6} >/tmp/inj.log 2>&1 ||
		{ tap_fail "trial $1: mutation armed" "$(cat /tmp/inj.log)"; return; }
	at=$(sed -n 's/.* at \([^ ]*\) .*/\1/p' /tmp/inj.log | head -1)
	timeout 60 wget -q -O /dev/null $URL/blob
	wait_recovered e1000 $((r + 1))
	echo clear >$FI/inject
	n=$(($(recovered e1000) - r))
	tap_is "trial $1 ($2 at $at): contained as $4, restarted" \
		"$(cut -d' ' -f1 $S/last_fault) $([ $n -ge 1 ] && echo yes || echo no)" "$4 yes"
	tap_diag "trial $1: $(cat $S/last_fault); $n restarts"
	[ "$(cat $S/state)" = dead ] && echo 1 >$S/reset
	_n=0
	until ping -c 1 -W 1 10.0.2.2 >/dev/null 2>&1 || [ $_n -ge 15 ]; do _n=$((_n + 1)); done
	[ $_n -lt 15 ]
	tap_is "trial $1: the interface answers after the restart" $? 0
}
replay 33 src 3285833568 wild-write e1000_clean+0x196
replay 64 branch 3035035113 warning e1000_alloc_rx_buffers+0x106
replay 1208-20 text 4056524444 bad-argument e1000_intr+0x70
replay 1208-128 stack 4145379537 bad-argument e1000_alloc_rx_buffers+0xa9
replay 1208-143 src 1533662390 bad-argument e1000_clean_rx_irq+0x219
replay 1213-20 text 194642082 wild-write e1000_clean_rx_irq+0x2f6
replay 1214-49 heap 203675361 wild-write e1000_xmit_frame+0x4eb
replay 1214-280 text 3917421927 bad-argument e1000_clean_rx_irq+0x2ba
# 119's bit is not in its record (the guest died first): bit 40 takes
# hw_addr out of the BAR's mapping, as the campaign's bit did
replay 1214-119 heap 3197598442 wild-write e1000_clean+0x628 40
replay 1215-249 heap 3561389600 bad-argument e1000_clean_rx_irq+0x2c6
# 79's bit is not in its record either: bit 28 sends the shared info
# hundreds of MB away, as the crash's address says the campaign's did
replay 1217-79 heap 4245407886 bad-argument e1000_alloc_rx_buffers+0x181 28
replay 1217-112 dst 4053372444 bad-argument e1000_watchdog+0x35c 24
since_mark | grep "into a registered napi_struct" | head -n 1 | while read -r l; do tap_diag "$l"; done
health_check 3 "kernel healthy after the wild writes and the replayed trials"
tap_run "rmmod e1000" rmmod e1000
rmmod drvsup
