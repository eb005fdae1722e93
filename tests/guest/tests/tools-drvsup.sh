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
# binary, whose XDP and page allocations the import table does not cover
# yet).
drvsup check $MODDIR/ixgbevf.ko >/tmp/check.out 2>&1
tap_is "check refuses ixgbevf (unknown imports)" "$?" 9
tap_run "check names the BTF it read" grep -q "^btf: */sys/kernel/btf/vmlinux" /tmp/check.out
tap_run "check prints an unknown import's prototype from BTF" \
	grep -qF "struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid, nodemask_t *nodemask);" /tmp/check.out
tap_run "check suggests an acquire line and its type for __alloc_pages" \
	grep -q "add: __alloc_pages acquire __alloc_pages key=ret  # type __alloc_pages release=__free_pages(key)" /tmp/check.out
tap_run "check never suggests pass-through for a struct with function pointers" \
	grep -q "add: eth_get_headlen custom FILE.c  # callback" /tmp/check.out
# 8139too's imports are all in the table now (mii's helpers as 'within').
drvsup check $MODDIR/8139too.ko >/tmp/check2.out 2>&1
tap_is "check accepts 8139too by its table lines" "$?" 0
tap_run "check names the class of a table line" \
	grep -q "mii_link_ok  (within)" /tmp/check2.out
drvsup --json check --no-btf $MODDIR/ixgbevf.ko >/tmp/check.json 2>&1
tap_run "check --no-btf suggests nothing" sh -c '! grep -q "\"suggest\"" /tmp/check.json'
