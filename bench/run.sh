#!/bin/sh
# Run every benchmark under bench/ (each prints its own ratios against
# iproute2 / bridge-utils measured in the same run).
BUILD=${BUILD:-build}
export BUILD
st=0
for b in bench/*.sh; do
	[ "$b" = bench/run.sh ] && continue
	echo "== $b"
	sh "$b" || st=1
done
exit $st
