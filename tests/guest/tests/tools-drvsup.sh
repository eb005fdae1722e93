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
