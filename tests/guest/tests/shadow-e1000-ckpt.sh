# SPDX-License-Identifier: GPL-2.0
# shadow-e1000.sh with recovery from the checkpoint (recovery_mode
# checkpoint, isolation/checkpoint.c): the same faults under the same
# transfer, byte-exact, interface unchanged, no adapter reset, but no
# re-probe: the driver goes back to its state after probe and the shadow
# replays the log (address, MTU, open). Every recovery but each ninth is
# from the checkpoint; a fault in the replayed open fails that attempt and
# a restart follows.
# timeout: 600
E1000_RECOVERY=checkpoint
. /drvsup/tests/shadow-e1000.sh
