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
# gets its prototype and a suggested import-table line (ixgbevf and cxgb3:
# Debian's binaries, with imports the import table does not cover yet).
drvsup check $MODDIR/ixgbevf.ko >/tmp/check.out 2>&1
tap_is "check refuses ixgbevf (unknown imports)" "$?" 9
tap_run "check names the BTF it read" grep -q "^btf: */sys/kernel/btf/vmlinux" /tmp/check.out
tap_run "check prints an unknown import's prototype from BTF" \
	grep -qF "void kvfree_call_rcu(struct callback_head *head, rcu_callback_t func);" /tmp/check.out
tap_run "check never suggests pass-through for a function-pointer parameter" \
	grep -q "add: kvfree_call_rcu custom FILE.c  # callback: arg1 becomes a gate" /tmp/check.out
drvsup check $MODDIR/cxgb3.ko >/tmp/check3.out 2>&1
tap_is "check refuses cxgb3 (unknown imports)" "$?" 9
tap_run "check suggests a release line of the pair BTF has for unregister_netevent_notifier" \
	grep -q "add: unregister_netevent_notifier release register_netevent_notifier key=arg0" /tmp/check3.out
# 8139too's imports are all in the table now (mii's helpers as 'within').
drvsup check $MODDIR/8139too.ko >/tmp/check2.out 2>&1
tap_is "check accepts 8139too by its table lines" "$?" 0
tap_run "check names the class of a table line" \
	grep -q "mii_link_ok  (within)" /tmp/check2.out
drvsup --json check --no-btf $MODDIR/ixgbevf.ko >/tmp/check.json 2>&1
tap_run "check --no-btf suggests nothing" sh -c '! grep -q "\"suggest\"" /tmp/check.json'
