#!/bin/sh
# Taps: bring-up of N VM taps (create + attach to a bridge + up) by brkit in one
# process against `ip -batch` doing the same, and teardown of N taps by netdev
# group (`brkit tap flush devgroup`) against one by one (`ip -batch` link del).
# Each run in its own fresh namespace; prints wall times and brkit/iproute2 ratios
# measured in this run. Root. Usage: sh bench/taps.sh [N]   (N defaults to 1000)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BRKIT=${BRKIT:-$BUILD/brkit}
TAPS_UP=$BUILD/bench/taps_up
N=${1:-${TAPS_N:-1000}}
GROUP=7
TMP=$(mktemp -d /tmp/brkit-bench-taps.XXXXXX)
NSS=""

cleanup() {
	for ns in $NSS; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for f in "$BRKIT" "$TAPS_UP"; do
	[ -x "$f" ] || { echo "taps.sh: $f is missing: run make all bench-bins" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "taps.sh: needs root (namespaces, taps)" >&2; exit 1; }

# fresh_ns VAR TAG: a new namespace holding an up bridge br0 with no ports,
# its name in VAR (not echoed: a $(...) subshell would lose it from NSS).
fresh_ns() {
	_ns=bk-bench-taps-$$-$2
	ip netns add "$_ns" || exit 1
	NSS="$NSS $_ns"
	ip -n "$_ns" link set lo up
	ip -n "$_ns" link add br0 type bridge || exit 1
	ip -n "$_ns" link set br0 up
	eval "$1=\$_ns"
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
ports() { ip -n "$1" -j link show master br0 | jq length; }
count() { ip -n "$1" -j link show | jq '[.[] | select(.ifname | startswith("vm-"))] | length'; }
check() { # WHAT GOT WANT: a run that did not do the work is no measurement
	if [ "$2" != "$3" ]; then
		echo "taps.sh: $1: $2, want $3" >&2
		exit 1
	fi
}

i=0
while [ $i -lt "$N" ]; do
	echo "tuntap add vm-$i mode tap vnet_hdr"
	echo "link set vm-$i master br0"
	echo "link set vm-$i up"
	i=$((i + 1))
done >"$TMP/ip-up"
i=0
while [ $i -lt "$N" ]; do
	echo "link del vm-$i"
	i=$((i + 1))
done >"$TMP/ip-del"

echo "== taps: $N VM taps (vnet_hdr, attached to an up bridge, up); $(uname -r), $(ip -V)"

# quick_clean NS: empty a namespace fast (into one netdev group, one delete), then drop it.
quick_clean() {
	ip -n "$1" -j link show | jq -r '.[] | select(.ifname | startswith("vm-")) | "link set \(.ifname) group 99"' |
		ip -n "$1" -batch - && ip -n "$1" link del group 99 2>/dev/null
	ip netns del "$1"
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
HAVE_BATCH=0
if "$BRKIT" -h 2>&1 | grep -q -- '-batch'; then
	HAVE_BATCH=1
	i=0
	while [ $i -lt "$N" ]; do
		echo "tap add vm-$i bridge br0 vnet_hdr devgroup $GROUP"
		i=$((i + 1))
	done >"$TMP/brkit-up"
fi

# Bring-up, ROUNDS rounds (the machine is shared: medians), each run in a fresh
# namespace. The last round's namespaces are kept for the teardown.
ROUNDS=${TAPS_ROUNDS:-3}
L_IP="" L_BK="" L_BB=""
r=1
while [ $r -le "$ROUNDS" ]; do
	sleep 2 # let the kernel finish tearing down the previous round's namespaces
	# iproute2: one ip process, three commands a tap.
	fresh_ns NS_IP "ip$r"
	t0=$(now)
	ip -n "$NS_IP" -batch "$TMP/ip-up" || exit 1
	t1=$(now)
	L_IP="$L_IP $(secs "$t0" "$t1")"
	check "ip -batch ports on br0" "$(ports "$NS_IP")" "$N"

	# brkit: one process on libbrkit (brkit_tap_add_many: TUNSETIFF one by one,
	# one RTM_SETLINK a tap with master, MTU, MAC, netdev group and up, pipelined).
	fresh_ns NS_BK "brkit$r"
	t0=$(now)
	"$TAPS_UP" "$NS_BK" br0 "$N" "$GROUP" vm- || exit 1
	t1=$(now)
	L_BK="$L_BK $(secs "$t0" "$t1")"
	check "brkit ports on br0" "$(ports "$NS_BK")" "$N"

	# brkit -batch: the command, one `tap add` a line.
	if [ $HAVE_BATCH = 1 ]; then
		fresh_ns NS_BB "bbatch$r"
		t0=$(now)
		"$BRKIT" -n "$NS_BB" -batch "$TMP/brkit-up" >/dev/null || exit 1
		t1=$(now)
		L_BB="$L_BB $(secs "$t0" "$t1")"
		check "brkit -batch ports on br0" "$(ports "$NS_BB")" "$N"
		"$BRKIT" -n "$NS_BB" tap flush devgroup "$GROUP" && ip netns del "$NS_BB"
		sleep 1
	fi
	if [ $r -lt "$ROUNDS" ]; then
		quick_clean "$NS_IP"
		"$BRKIT" -n "$NS_BK" tap flush devgroup "$GROUP" && ip netns del "$NS_BK"
	fi
	r=$((r + 1))
done
T_IP_UP=$(echo "$L_IP" | median)
T_BK_UP=$(echo "$L_BK" | median)
echo "bring-up   medians of $ROUNDS rounds (each:$L_IP |$L_BK${L_BB:+ |$L_BB})"
echo "bring-up   ip -batch (tuntap add; link set master; link set up)  ${T_IP_UP} s"
echo "bring-up   brkit, one process (bench/taps_up.c on libbrkit)      ${T_BK_UP} s   brkit/ip $(ratio "$T_BK_UP" "$T_IP_UP")"
if [ $HAVE_BATCH = 1 ]; then
	T_BB_UP=$(echo "$L_BB" | median)
	echo "bring-up   brkit -batch (tap add ... a line)                      ${T_BB_UP} s   brkit/ip $(ratio "$T_BB_UP" "$T_IP_UP")"
else
	echo "bring-up   brkit -batch: not in this brkit, not measured"
fi

# Teardown by netdev group: one RTM_DELLINK (after one dump checking that the
# group holds only taps).
t0=$(now)
"$BRKIT" -n "$NS_BK" tap flush devgroup "$GROUP" || exit 1
t1=$(now)
T_BK_DEL=$(secs "$t0" "$t1")
check "taps left after brkit tap flush" "$(count "$NS_BK")" 0

# Teardown one by one: each RTM_DELLINK waits for its own RCU grace periods.
t0=$(now)
ip -n "$NS_IP" -batch "$TMP/ip-del" || exit 1
t1=$(now)
T_IP_DEL=$(secs "$t0" "$t1")
check "taps left after ip -batch link del" "$(count "$NS_IP")" 0

echo "teardown   ip -batch (link del, one by one)                       ${T_IP_DEL} s"
echo "teardown   brkit tap flush devgroup $GROUP (one RTM_DELLINK)            ${T_BK_DEL} s   brkit/ip $(ratio "$T_BK_DEL" "$T_IP_DEL") ($(ratio "$T_IP_DEL" "$T_BK_DEL")x faster)"
echo "goals      bring-up brkit/ip <= 1: $(awk -v r="$(ratio "$T_BK_UP" "$T_IP_UP")" 'BEGIN { print (r <= 1 ? "met" : "NOT met") }');" \
	"teardown >= 20x faster: $(awk -v r="$(ratio "$T_IP_DEL" "$T_BK_DEL")" 'BEGIN { print (r >= 20 ? "met" : "NOT met") }')"
