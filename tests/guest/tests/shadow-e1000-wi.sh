# SPDX-License-Identifier: GPL-2.0
# shadow-e1000.sh, on e1000 built from linux-source-6.1 (unmodified) with
# drvsup's store instrumentation (mk/writeiso.mk): the same faults, the
# same transparent recoveries under the same transfer, every store the
# driver makes checked against its write set (writecheck enforce), and
# none refused.
# timeout: 720
E1000_KO=wi/e1000.ko
. /drvsup/tests/shadow-e1000.sh
