#!/bin/sh
# Benchmark: brkit's VLAN commands against iproute2's, in one run, on a
# kernel with bridge VLAN filtering (the host's has none, so on the host
# this script boots the test VM with itself: sh tests/vm/run.sh bench/vlan.sh).
#   1. brkit vlan set dev P vids 1-4094, then vids 10
#      vs bridge vlan add dev P vid 1-4094, then bridge -batch (del 1-9, del 11-4094)
#   2. brkit vlan show vs bridge vlan show (and -j), 100 ports each carrying 1-4094
# Prints each time and the ratio brkit / iproute2 (goal: at most 0.8).
# Settings: ROUNDS (set/back rounds, default 20), SHOWS (show repetitions, default 5),
# PORTS (default 100).
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${BRKIT_VM:-}" ]; then
	cd "$TOP" || exit 1
	# coreutils date for nanoseconds; more memory for 409,400 port VLANs.
	env=""
	for v in ROUNDS SHOWS PORTS; do
		eval "[ -n \"\${$v:-}\" ] && env=\"\$env $v=\$$v\""
	done
	VM_ENV="$env ${VM_ENV:-}" VM_BINS="date ${VM_BINS:-}" VM_MEM=${VM_MEM:-1024} \
		exec sh tests/vm/run.sh bench/vlan.sh
fi
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BRKIT=$BUILD/brkit
ROUNDS=${ROUNDS:-20}
SHOWS=${SHOWS:-5}
PORTS=${PORTS:-100}
NS=bk-bench-vlan-$$
TMP=$(mktemp -d)
trap 'ip netns del $NS 2>/dev/null; rm -rf "$TMP"' EXIT

now() { date +%s%N; }
ms() { echo "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

ip netns add $NS || exit 1
ip -n $NS link set lo up
ip -n $NS link add br0 type bridge vlan_filtering 1 || exit 1
ip -n $NS link add p-0 type veth peer name q-0
ip -n $NS link set p-0 master br0
ip -n $NS link set br0 up
printf 'vlan del dev p-0 vid 1-9\nvlan del dev p-0 vid 11-4094\n' >"$TMP/down.batch"

# ---- 1. set 1-4094 and back to 10 ----
"$BRKIT" -n $NS vlan set dev p-0 vids 10 || exit 1
tb=0
ti=0
r=0
while [ $r -lt "$ROUNDS" ]; do
	t0=$(now)
	"$BRKIT" -n $NS vlan set dev p-0 vids 1-4094
	"$BRKIT" -n $NS vlan set dev p-0 vids 10
	t1=$(now)
	bridge -n $NS vlan add dev p-0 vid 1-4094
	bridge -n $NS -batch "$TMP/down.batch"
	t2=$(now)
	bridge -n $NS vlan add dev p-0 vid 1-4094
	bridge -n $NS vlan del dev p-0 vid 1-9
	bridge -n $NS vlan del dev p-0 vid 11-4094
	t3=$(now)
	tb=$((tb + t1 - t0))
	ti=$((ti + t2 - t1))
	ti3=$((${ti3:-0} + t3 - t2))
	r=$((r + 1))
done
n=$(bridge -n $NS -j vlan show dev p-0 | jq -c '[.[0].vlans[].vlan]')
[ "$n" = "[10]" ] || echo "bench: p-0 ended with $n, not [10]" >&2
echo "vlan set 1-4094 and back to 10, $ROUNDS rounds:"
echo "  brkit vlan set (2 commands a round):           $(ms $tb) ms"
echo "  bridge vlan add + bridge -batch (2 dels):      $(ms $ti) ms"
echo "  ratio brkit/iproute2: $(ratio $tb $ti)"
echo "  bridge vlan add + 2 bridge vlan del (3 commands): $(ms $ti3) ms   ratio $(ratio $tb $ti3)"
if [ -x "$BUILD/bench/vlan_floor" ]; then
	tf=$("$BUILD/bench/vlan_floor" $NS p-0 "$ROUNDS")
	echo "  the same vlan sets from one process (no program start): $(ms $tf) ms"
	echo "  (the kernel's share; above it brkit spends $(ms $((tb - tf))) ms, iproute2 $(ms $((ti - tf))) ms:"
	echo "   ratio of the time above the kernel's share $(ratio $((tb - tf)) $((ti - tf))))"
fi

# ---- 1b. a VM hook's change: default port (1 pvid untagged) to a trunk 10,20,30 with native 10 ----
printf 'vlan del dev p-0 vid 1\nvlan add dev p-0 vid 10 pvid untagged\nvlan add dev p-0 vid 20\nvlan add dev p-0 vid 30\n' >"$TMP/hook.batch"
tb=0
ti=0
r=0
while [ $r -lt "$ROUNDS" ]; do
	"$BRKIT" -n $NS vlan set dev p-0 vids 1 pvid 1
	t0=$(now)
	"$BRKIT" -n $NS vlan set dev p-0 vids 10,20,30 pvid 10
	t1=$(now)
	"$BRKIT" -n $NS vlan set dev p-0 vids 1 pvid 1
	t2=$(now)
	bridge -n $NS vlan del dev p-0 vid 1
	bridge -n $NS vlan add dev p-0 vid 10 pvid untagged
	bridge -n $NS vlan add dev p-0 vid 20
	bridge -n $NS vlan add dev p-0 vid 30
	t3=$(now)
	"$BRKIT" -n $NS vlan set dev p-0 vids 1 pvid 1
	t4=$(now)
	bridge -n $NS -batch "$TMP/hook.batch"
	t5=$(now)
	tb=$((tb + t1 - t0))
	ti=$((ti + t3 - t2))
	tib=$((${tib:-0} + t5 - t4))
	r=$((r + 1))
done
echo "port 1 (pvid untagged) -> trunk 10,20,30 native 10, $ROUNDS rounds:"
echo "  brkit vlan set (1 command):              $(ms $tb) ms"
echo "  4 bridge vlan del/add commands:          $(ms $ti) ms   ratio $(ratio $tb $ti)"
echo "  the same 4 in one bridge -batch:         $(ms $tib) ms   ratio $(ratio $tb $tib)"
"$BRKIT" -n $NS vlan set dev p-0 vids 10

# ---- 2. show, PORTS ports x 1-4094 ----
i=1
: >"$TMP/links.batch"
while [ $i -le "$PORTS" ]; do
	echo "link add p-$i type veth peer name q-$i" >>"$TMP/links.batch"
	echo "link set p-$i master br0" >>"$TMP/links.batch"
	i=$((i + 1))
done
ip -n $NS -batch "$TMP/links.batch" || exit 1
i=1
while [ $i -le "$PORTS" ]; do
	"$BRKIT" -n $NS vlan set dev p-$i vids 1-4094 || exit 1
	i=$((i + 1))
done
lines=$(bridge -n $NS vlan show | wc -l)
same=no
"$BRKIT" -n $NS vlan show >"$TMP/a"
bridge -n $NS vlan show >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" && same=yes
tb=0
ti=0
tbj=0
tij=0
r=0
while [ $r -lt "$SHOWS" ]; do
	t0=$(now)
	"$BRKIT" -n $NS vlan show >/dev/null
	t1=$(now)
	bridge -n $NS vlan show >/dev/null
	t2=$(now)
	"$BRKIT" -n $NS -j vlan show >/dev/null
	t3=$(now)
	bridge -n $NS -j vlan show >/dev/null
	t4=$(now)
	tb=$((tb + t1 - t0))
	ti=$((ti + t2 - t1))
	tbj=$((tbj + t3 - t2))
	tij=$((tij + t4 - t3))
	r=$((r + 1))
done
echo "vlan show, $PORTS ports x 1-4094 ($lines lines, identical output: $same), $SHOWS runs:"
echo "  brkit vlan show:      $(ms $tb) ms"
echo "  bridge vlan show:     $(ms $ti) ms"
echo "  ratio brkit/iproute2: $(ratio $tb $ti)"
echo "  brkit -j vlan show:   $(ms $tbj) ms"
echo "  bridge -j vlan show:  $(ms $tij) ms"
echo "  ratio brkit/iproute2 (-j): $(ratio $tbj $tij)"
