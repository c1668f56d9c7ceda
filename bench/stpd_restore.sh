#!/bin/sh
# brkit-stpd puts back what iproute2 changes behind its back (as root): on a
# triangle run by brkit-stpd (tests/lab/stpd_triangle.yml, mode c), node c's
# forward_delay is set to 1500 cs and its stp_state to 1 with `ip link set`,
# RUNS times each, and the time from the ip command's start to the first read
# (`ip -j -d link show | jq`, in a loop) that shows the daemon's value again
# is printed, beside the floor: one `ip` plus one read, which the figure
# includes. At the end, the ports blocked (one is the tree).
# Usage: sh bench/stpd_restore.sh (RUNS=10)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BRKIT=$BUILD/brkit
RUNS=${RUNS:-10}
L=brs$$
$BRKIT lab up "$TOP/tests/lab/stpd_triangle.yml" name $L >/dev/null || exit 1
trap '$BRKIT lab down $L >/dev/null 2>&1' EXIT INT TERM
sleep 5
C=$L-c
now() { date +%s%N; }
ms() { echo $((($(now) - $1) / 1000000)); }
read_key() { ip -n $C -j -d link show br0 | jq ".[0].linkinfo.info_data.$1"; }
for what in "forward_delay 1500" "stp_state 1"; do
	key=${what% *}
	out=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(now)
		ip -n $C link set br0 type bridge $what
		n=0
		while [ "$(read_key "$key")" != 0 ] && [ $n -lt 500 ]; do n=$((n + 1)); done
		out="$out $(ms "$t0")"
		sleep 1
		i=$((i + 1))
	done
	echo "$what: back to 0 after (ms):$out"
done
t0=$(now)
ip -n $C link set br0 type bridge ageing_time 30000
read_key ageing_time >/dev/null
echo "floor, one ip and one read: $(ms "$t0") ms"
blk=0
for n in a b c; do
	k=$(bridge -n $L-$n -j link show | jq '[.[] | select(.state != "forwarding" and .state != "disabled")] | length')
	blk=$((blk + k))
done
echo "ports blocked at the end: $blk"
