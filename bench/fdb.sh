#!/bin/sh
# FDB benchmark: brkit against iproute2's bridge and bridge-utils' brctl on a
# table of 100k static entries, in one run, in a throwaway namespace.
# Usage: BUILD=build sh bench/fdb.sh   (root; RUNS=5 N=100000 to change)
# Prints each tool's median wall time over RUNS runs and brkit's ratio. With
# build/bench/fdb_dump built (make bench-bins) it also prints the floor: the
# kernel's dump walked through libbrkit with nothing formatted.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BRKIT=$BUILD/brkit
RUNS=${RUNS:-5}
N=${N:-100000}
NS=bk-fdbbench-$$
TMP=$(mktemp -d /tmp/brkit-fdbbench.XXXXXX)
cleanup() { ip netns del "$NS" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "fdb bench: needs root" >&2; exit 1; }
[ -x "$BRKIT" ] || { echo "fdb bench: $BRKIT not built (make)" >&2; exit 1; }

ip netns add "$NS" || exit 1
ip -n "$NS" link add br0 type bridge
for i in 1 2 3 4; do
	ip -n "$NS" link add p-$i type veth peer name q-$i
	ip -n "$NS" link set p-$i master br0
	ip -n "$NS" link set p-$i up
done
ip -n "$NS" link set br0 up

# The same N adds for both tools, spread over 4 ports.
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) {
	mac = sprintf("02:%02x:%02x:%02x:00:01", int(i / 65536), int(i / 256) % 256, i % 256)
	p = i % 4 + 1
	printf "fdb add %s dev p-%d master static\n", mac, p > "'"$TMP"'/iproute2.batch"
	printf "add %s dev p-%d static\n", mac, p > "'"$TMP"'/brkit.load"
} }'

now() { date +%s%N; }
# t CMD...: wall time of CMD in ms, output to /dev/null
t() {
	s=$(now)
	"$@" >/dev/null 2>"$TMP/err" || { echo "fdb bench: failed: $*" >&2; cat "$TMP/err" >&2; exit 1; }
	e=$(now)
	echo $(((e - s) / 1000000))
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
count() { bridge -n "$NS" fdb show br br0 state static | wc -l; }
empty() { bridge -n "$NS" fdb flush dev br0 static; }

fill() { "$BRKIT" -n "$NS" fdb load "$TMP/brkit.load" >/dev/null && sleep 0.2; }
L_IP="" L_BK="" F_IP="" F_BK=""
for r in $(seq "$RUNS"); do
	# load: the same N adds into an empty table, the two tools alternating first
	empty
	sleep 0.2
	if [ $((r % 2)) = 1 ]; then
		L_IP="$L_IP $(t bridge -n "$NS" -batch "$TMP/iproute2.batch")"
		empty; sleep 0.2
		L_BK="$L_BK $(t "$BRKIT" -n "$NS" fdb load "$TMP/brkit.load")"
		[ "$(count)" = "$N" ] || { echo "fdb bench: brkit fdb load made $(count) entries" >&2; exit 1; }
	else
		L_BK="$L_BK $(t "$BRKIT" -n "$NS" fdb load "$TMP/brkit.load")"
		[ "$(count)" = "$N" ] || { echo "fdb bench: brkit fdb load made $(count) entries" >&2; exit 1; }
		empty; sleep 0.2
		L_IP="$L_IP $(t bridge -n "$NS" -batch "$TMP/iproute2.batch")"
	fi
	# flush: each tool empties the same full table, the two alternating first
	# (a flush frees 100k entries through RCU: the one that runs second pays for it)
	empty
	for who in $(if [ $((r % 2)) = 1 ]; then echo ip brkit; else echo brkit ip; fi); do
		fill
		if [ "$who" = ip ]; then
			F_IP="$F_IP $(t bridge -n "$NS" fdb flush dev br0 static)"
		else
			F_BK="$F_BK $(t "$BRKIT" -n "$NS" fdb flush br br0 static)"
		fi
		[ "$(count)" = 0 ] || { echo "fdb bench: $who's fdb flush left entries" >&2; exit 1; }
	done
done

"$BRKIT" -n "$NS" fdb load "$TMP/brkit.load" >/dev/null || exit 1
S_IP="" S_BK="" J_IP="" J_BK="" M_BC="" M_BK="" FLOOR=""
for r in $(seq "$RUNS"); do
	[ -x "$BUILD/bench/fdb_dump" ] && FLOOR="$FLOOR $(t "$BUILD/bench/fdb_dump" "$NS")"
	S_IP="$S_IP $(t bridge -n "$NS" fdb show)"
	S_BK="$S_BK $(t "$BRKIT" -n "$NS" fdb show)"
	J_IP="$J_IP $(t bridge -n "$NS" -j fdb show)"
	J_BK="$J_BK $(t "$BRKIT" -n "$NS" -j fdb show)"
	M_BC="$M_BC $(t ip netns exec "$NS" brctl showmacs br0)"
	M_BK="$M_BK $(t "$BRKIT" -n "$NS" showmacs br0)"
done

row() { # WHAT BASELINE-TOOL BASE-TIMES BRKIT-TIMES GOAL
	b=$(echo "$3" | median)
	k=$(echo "$4" | median)
	awk -v w="$1" -v tool="$2" -v b="$b" -v k="$k" -v g="$5" 'BEGIN {
		printf "%-28s %-22s %6d ms   brkit %6d ms   ratio %.2fx  (goal <= %s)\n",
			w, tool, b, k, (b > 0 ? k / b : 0), g }'
}
echo "fdb bench: $N static entries on 4 ports, median of $RUNS runs, output to /dev/null"
[ -n "$FLOOR" ] && row "dump floor (walk, no output)" "bridge fdb show" "$S_IP" "$FLOOR" "-"
row "dump, text" "bridge fdb show" "$S_IP" "$S_BK" 0.6
row "dump, JSON" "bridge -j fdb show" "$J_IP" "$J_BK" 0.6
row "showmacs" "brctl showmacs" "$M_BC" "$M_BK" 0.5
row "load $N adds" "bridge -batch" "$L_IP" "$L_BK" 0.5
row "flush static" "bridge fdb flush" "$F_IP" "$F_BK" 1.0
