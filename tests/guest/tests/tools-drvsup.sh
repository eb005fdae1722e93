# SPDX-License-Identifier: GPL-2.0
# The static drvsup command runs in the guest and keeps its CLI contract.
# timeout: 30
. /drvsup/tests/lib.sh

tap_run "drvsup --help exits 0" drvsup --help
tap_run "drvsup version prints its version" sh -c 'drvsup version | grep -q "^drvsup "'
tap_run "drvsup --json version is JSON" sh -c 'drvsup --json version | grep -q "^{\"version\":\".*\"}$"'
drvsup no-such-verb 2>/tmp/err
tap_is "unknown command exits 2" "$?" 2
tap_run "unknown command explains itself on stderr" grep -q "unknown command 'no-such-verb'" /tmp/err

# drvsup check reads the running kernel's BTF: an import it does not cover
# gets its prototype and a suggested import-table line (ixgbevf: Debian's
# binary, whose XDP imports the import table does not cover yet).
drvsup check $MODDIR/ixgbevf.ko >/tmp/check.out 2>&1
tap_is "check refuses ixgbevf (unknown imports)" "$?" 9
tap_run "check names the BTF it read" grep -q "^btf: */sys/kernel/btf/vmlinux" /tmp/check.out
tap_run "check prints an unknown import's prototype from BTF" \
	grep -qF "int __xdp_rxq_info_reg(struct xdp_rxq_info *xdp_rxq, struct net_device *dev, u32 queue_index, unsigned int napi_id, u32 frag_size);" /tmp/check.out
tap_run "check suggests a release line of the pair BTF has for bpf_prog_put" \
	grep -q "add: bpf_prog_put release bpf_prog_get key=arg0" /tmp/check.out
tap_run "check never suggests pass-through for a struct with function pointers" \
	grep -q "add: __xdp_rxq_info_reg custom FILE.c  # callback" /tmp/check.out
# 8139too's imports are all in the table now (mii's helpers as 'within').
drvsup check $MODDIR/8139too.ko >/tmp/check2.out 2>&1
tap_is "check accepts 8139too by its table lines" "$?" 0
tap_run "check names the class of a table line" \
	grep -q "mii_link_ok  (within)" /tmp/check2.out
drvsup --json check --no-btf $MODDIR/ixgbevf.ko >/tmp/check.json 2>&1
tap_run "check --no-btf suggests nothing" sh -c '! grep -q "\"suggest\"" /tmp/check.json'
