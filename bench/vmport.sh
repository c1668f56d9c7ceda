#!/bin/sh
# VM hook latency as QEMU pays it (fork + exec of the hook, tap name as the
# only argument) for N VMs: brkit's qemu-ifup (the lean program brkit-hook:
# bridge, guards, lock with a static FDB pin, state file, under the state
# lock) against a shell script doing the same with `ip` and `bridge`, and the
# fork+exec floor (/bin/true), all three interleaved in one run, in a fresh
# namespace; the taps exist beforehand, as QEMU makes them. Prints median and
# p99 of each, the ratios, and the hook over the floor. A second run does the
# same with the whole brkit CLI as qemu-ifup, for comparison. Root.
# Usage: sh bench/vmport.sh [N] (default 200)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BRKIT=${BRKIT:-$BUILD/brkit}
HOOK=${HOOK:-$BUILD/brkit-hook}
LAT=$BUILD/bench/vmport_lat
N=${1:-200}
TMP=$(mktemp -d /tmp/brkit-bench-vmport.XXXXXX)
NS=bk-bench-vmport-$$
cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for f in "$BRKIT" "$HOOK" "$LAT"; do
	[ -x "$f" ] || { echo "vmport.sh: $f is missing: run make all bench-bins" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "vmport.sh: needs root" >&2; exit 1; }

ip netns add "$NS" || exit 1
ip -n "$NS" link set lo up
ip -n "$NS" link add br0 type bridge
ip -n "$NS" link set br0 up
i=0
while [ $i -lt "$N" ]; do
	printf 'tuntap add vb%d mode tap\ntuntap add vs%d mode tap\n' $i $i
	printf 'tuntap add vc%d mode tap\ntuntap add vt%d mode tap\n' $i $i
	i=$((i + 1))
done >"$TMP/mk"
ip -n "$NS" -batch "$TMP/mk" || exit 1

# lock pins the guest's MAC, which QEMU does not give qemu-ifup: BRKIT_MAC names
# each tap's (the script pins the tap's own address: the same work, one FDB entry)
GMAC=$(i=0; while [ $i -lt "$N" ]; do
	printf 'vb%d=52:54:00:01:%02x:%02x,vc%d=52:54:00:02:%02x:%02x,' \
		$i $((i / 256)) $((i % 256)) $i $((i / 256)) $((i % 256))
	i=$((i + 1))
done)
ln -s "$HOOK" "$TMP/qemu-ifup"
mkdir "$TMP/cli"
ln -s "$BRKIT" "$TMP/cli/qemu-ifup"
cat >"$TMP/script-ifup" <<'SH'
#!/bin/sh
# What brkit's qemu-ifup does, as a VM host writes it with iproute2.
read -r mac </sys/class/net/"$1"/address
ip link set "$1" master br0 up || exit 1
bridge link set dev "$1" guard on root_block on locked on || exit 1
bridge fdb replace "$mac" dev "$1" master static || exit 1
SH
chmod +x "$TMP/script-ifup"

echo "vm-port hook latency, $N VMs each, fork+exec as QEMU does (median, p99):"
echo "A: brkit-hook as qemu-ifup, B: the shell script, F: the floor, /bin/true:"
ip netns exec "$NS" env BRKIT_BRIDGE=br0 BRKIT_LOCK=1 BRKIT_MAC="$GMAC" BRKIT_STATE_DIR="$TMP/state" \
	"$LAT" "$N" "$TMP/qemu-ifup" vb "$TMP/script-ifup" vs /bin/true || exit 1
echo "for comparison, A: the whole brkit CLI as qemu-ifup, B: the same script:"
ip netns exec "$NS" env BRKIT_BRIDGE=br0 BRKIT_LOCK=1 BRKIT_MAC="$GMAC" BRKIT_STATE_DIR="$TMP/state" \
	"$LAT" "$N" "$TMP/cli/qemu-ifup" vc "$TMP/script-ifup" vt /bin/true || exit 1
# the effects are the same: every tap on br0, locked, pinned
got=$(ip -n "$NS" -j -d link show | jq '[.[] | select(.master == "br0" and
	.linkinfo.info_slave_data.locked == true and .linkinfo.info_slave_data.guard == true)] | length')
pins=$(bridge -n "$NS" -j fdb show br br0 | jq '[.[] | select(.state == "static")] | length')
echo "check: $got of $((4 * N)) taps on br0 locked and guarded, $pins static pins"
[ "$got" = $((4 * N)) ] && [ "$pins" = $((4 * N)) ]
