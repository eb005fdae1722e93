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
# gets its prototype and a suggested import-table line (8139too: Debian's
# binary, whose imports drvsup does not cover yet).
drvsup check $MODDIR/8139too.ko >/tmp/check.out 2>&1
tap_is "check refuses 8139too (unknown imports)" "$?" 9
tap_run "check names the BTF it read" grep -q "^btf: */sys/kernel/btf/vmlinux" /tmp/check.out
tap_run "check prints an unknown import's prototype from BTF" \
	grep -qF "int pci_request_regions(struct pci_dev *" /tmp/check.out
tap_run "check suggests acquire/release for pci_request_regions" \
	grep -q "add: pci_request_regions acquire key=arg0 release=pci_release_regions" /tmp/check.out
tap_run "check never suggests pass-through for a struct with function pointers" \
	grep -q "add: netif_receive_skb callback arg=0 fields=destructor" /tmp/check.out
tap_run "check suggests data for an object without a prototype" \
	grep -q "add: byte_rev_table data" /tmp/check.out
# The guest has no /lib/modules: mii's exports have no prototype here.
tap_run "check says when it found no prototype" \
	grep -q "add: # mii_link_ok: no prototype" /tmp/check.out
drvsup --json check --no-btf $MODDIR/8139too.ko >/tmp/check.json 2>&1
tap_run "check --no-btf suggests nothing" sh -c '! grep -q "\"suggest\"" /tmp/check.json'
