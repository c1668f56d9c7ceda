#!/bin/sh
# Labs: bring-up and teardown of a 100-node ring (100 bridge nodes under
# kernel STP, 100 links) and of a tree of 50 switches and 200 hosts (hosts
# with an address each), by `brkit lab up/down` against a shell script doing
# the same with `ip netns add`, `ip -n A link add P type veth peer name Q netns
# B`, `ip -n ... link set` and `ip netns del`, in the same run; beside them the
# kernel's floor (making and removing the namespaces alone, bench/lab_floor).
# Median of RUNS runs (default 3). Root. Usage: sh bench/lab.sh [RUNS]
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BRKIT=${BRKIT:-$BUILD/brkit}
FLOOR=$BUILD/bench/lab_floor
RUNS=${1:-${LAB_RUNS:-3}}
TMP=$(mktemp -d /tmp/brkit-bench-lab.XXXXXX)
P=bkb$$
LABS=""

cleanup() {
	for l in $LABS; do $BRKIT lab down "$l" >/dev/null 2>&1; done
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$P"); do ip netns del "$ns"; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for f in "$BRKIT" "$FLOOR"; do
	[ -x "$f" ] || { echo "lab.sh: $f is missing: run make all bench-bins" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "lab.sh: needs root (namespaces)" >&2; exit 1; }

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{printf "%.3f", $2 - $1}'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# ---- the topologies, as a lab file and as a shell script of ip commands ----
ring_yml() {
	echo "name: ring"
	echo "topology:"
	echo "  defaults: {kind: bridge, stp: kernel}"
	echo "  nodes:"
	for i in $(seq 1 100); do echo "    s$i: {}"; done
	echo "  links:"
	for i in $(seq 1 100); do echo "    - endpoints: [\"s$i:p1\", \"s$((i % 100 + 1)):p2\"]"; done
}
ring_sh() { # LAB
	for i in $(seq 1 100); do
		echo "ip netns add $1-s$i"
		echo "ip -n $1-s$i link set lo up"
		echo "ip -n $1-s$i link add br0 type bridge stp_state 1"
		echo "ip -n $1-s$i link set br0 up"
	done
	for i in $(seq 1 100); do
		j=$((i % 100 + 1))
		echo "ip -n $1-s$i link add p1 type veth peer name p2 netns $1-s$j"
		echo "ip -n $1-s$i link set p1 master br0 up"
		echo "ip -n $1-s$j link set p2 master br0 up"
	done
}
# tree: switch i's parent is i/2 (49 links), four hosts on each switch.
tree_yml() {
	echo "name: tree"
	echo "topology:"
	echo "  nodes:"
	for i in $(seq 1 50); do echo "    w$i: {kind: bridge}"; done
	for h in $(seq 1 200); do echo "    h$h: {kind: host, addresses: [198.51.100.$h/24]}"; done
	echo "  links:"
	for i in $(seq 2 50); do echo "    - endpoints: [\"w$((i / 2)):d$i\", \"w$i:up\"]"; done
	for h in $(seq 1 200); do echo "    - endpoints: [\"h$h:eth0\", \"w$(((h - 1) / 4 + 1)):h$h\"]"; done
}
tree_sh() { # LAB
	for i in $(seq 1 50); do
		echo "ip netns add $1-w$i"
		echo "ip -n $1-w$i link set lo up"
		echo "ip -n $1-w$i link add br0 type bridge"
		echo "ip -n $1-w$i link set br0 up"
	done
	for h in $(seq 1 200); do
		echo "ip netns add $1-h$h"
		echo "ip -n $1-h$h link set lo up"
	done
	for i in $(seq 2 50); do
		echo "ip -n $1-w$((i / 2)) link add d$i type veth peer name u$i netns $1-w$i"
		echo "ip -n $1-w$((i / 2)) link set d$i master br0 up"
		echo "ip -n $1-w$i link set u$i master br0 up"
	done
	for h in $(seq 1 200); do
		w=$(((h - 1) / 4 + 1))
		echo "ip -n $1-h$h link add eth0 type veth peer name h$h netns $1-w$w"
		echo "ip -n $1-h$h addr add 198.51.100.$h/24 dev eth0"
		echo "ip -n $1-h$h link set eth0 up"
		echo "ip -n $1-w$w link set h$h master br0 up"
	done
}
# The kernel frees removed namespaces in the background, under locks that a
# new namespace also needs; let it finish before the next measurement
# (making one namespace takes under 20 ms again), so no tool pays for the
# teardown of the one before.
settle() {
	_i=0
	while [ $_i -lt 120 ]; do
		_t=$("$FLOOR" 1 "$P-settle" | awk '{print $1}')
		awk -v t="$_t" 'BEGIN {exit !(t < 0.02)}' && return
		sleep 0.5
		_i=$((_i + 1))
	done
}
down_sh() { # NODES... with the lab prefix
	for n in "$@"; do echo "ip netns del $n"; done
}

bench() { # NAME NNODES
	name=$1
	nn=$2
	${name}_yml >"$TMP/$name.yml"
	bu="" bd="" su="" sd="" fu="" fd=""
	for r in $(seq 1 "$RUNS"); do
		L=$P-$name-$r
		LABS="$LABS $L"
		settle
		set -- $("$FLOOR" "$nn" "$P-f$name$r") || exit 1
		fu="$fu $1"
		fd="$fd $2"
		settle
		t0=$(now)
		$BRKIT lab up "$TMP/$name.yml" name "$L" || exit 1
		t1=$(now)
		got=$(ip netns list 2>/dev/null | grep -c "^$L-")
		[ "$got" = "$nn" ] || { echo "lab.sh: $L made $got namespaces, want $nn" >&2; exit 1; }
		$BRKIT lab down "$L" || exit 1
		t2=$(now)
		bu="$bu $(elapsed "$t0" "$t1")"
		bd="$bd $(elapsed "$t1" "$t2")"
		settle

		S=$P-s$name$r
		${name}_sh "$S" >"$TMP/up.sh"
		t0=$(now)
		sh -e "$TMP/up.sh" || { echo "lab.sh: the ip script failed" >&2; exit 1; }
		t1=$(now)
		su="$su $(elapsed "$t0" "$t1")"
		got=$(ip netns list 2>/dev/null | grep -c "^$S-")
		[ "$got" = "$nn" ] || { echo "lab.sh: the script made $got namespaces, want $nn" >&2; exit 1; }
		down_sh $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$S-") >"$TMP/down.sh"
		t0=$(now)
		sh -e "$TMP/down.sh" || exit 1
		t1=$(now)
		sd="$sd $(elapsed "$t0" "$t1")"
	done
	bu=$(echo "$bu" | median) bd=$(echo "$bd" | median)
	su=$(echo "$su" | median) sd=$(echo "$sd" | median)
	fu=$(echo "$fu" | median) fd=$(echo "$fd" | median)
	echo "$name ($nn namespaces), median of $RUNS:"
	echo "$bu $su $fu" | awk '{printf "  up:   brkit %.3f s  ip script %.3f s  ratio %.2fx (goal <= 0.30)  floor %.3f s\n", $1, $2, $1 / $2, $3}'
	echo "$bd $sd $fd" | awk '{printf "  down: brkit %.3f s  ip script %.3f s  ratio %.2fx (goal <= 0.50)  floor %.3f s\n", $1, $2, $1 / $2, $3}'
}

bench ring 100
bench tree 250
