# SPDX-License-Identifier: GPL-2.0
# The gate's cost, broken down (faultinj/selftest.c: bench_run()): five
# runs of 2,000,000 empty calls each, every figure of each run.
. /drvsup/tests/lib.sh
insmod $MODDIR/drvsup.ko || exit 1
GB=/sys/kernel/debug/drvsup/gatebench
for i in 1 2 3 4 5; do
	echo 2000000 >$GB
	cat $GB
done
