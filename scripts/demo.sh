#!/bin/sh
# make demo: a narrated tour of brkit in a throwaway network namespace.
# Everything is made inside the namespace and removed on the way out.
set -e
BUILD=${BUILD:-build}
B="$BUILD/brkit"
NS=brkit-demo-$$
say() { printf '\n\033[1m== %s\033[0m\n' "$*" 2>/dev/null || printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ "$(id -u)" != 0 ]; then
	echo "demo: needs root (it makes a network namespace)" >&2
	exit 1
fi
ip netns add "$NS"
ip -n "$NS" link set lo up

say "A throwaway namespace '$NS'; every brkit command below runs in it with -n"
say "Create two bridges with their attributes in one request each"
run "$B" -n "$NS" bridge add br-lan stp_state 0 ageing_time 60000 forward_delay 400
run "$B" -n "$NS" bridge add br-dmz stp_state 1 priority 4096 hello_time 100

say "Plug three VMs in, as qemu-ifup would: tap created, attached and up in one call"
run "$B" -n "$NS" tap add vm1-eth0 bridge br-lan devgroup 42
run "$B" -n "$NS" tap add vm2-eth0 bridge br-lan devgroup 42 vnet_hdr
run "$B" -n "$NS" tap add 'vnet%d' bridge br-dmz devgroup 42 multi_queue

say "Tune the ports: no flooding of unknown unicast to vm2, a higher cost on vm1"
run "$B" -n "$NS" port set br-lan vm2-eth0 flood off learning on cost 200

say "The brctl view (byte-identical to bridge-utils 1.7)"
run "$B" -n "$NS" show
run "$B" -n "$NS" showstp br-dmz

say "The object view, and JSON for scripts"
run "$B" -n "$NS" bridge show
run "$B" -n "$NS" tap show
run "$B" -n "$NS" -j -p bridge show br-lan

say "Pin a VM's MAC to its port in the forwarding table"
run "$B" -n "$NS" fdb add 02:00:00:00:00:01 dev vm1-eth0 master static
run "$B" -n "$NS" fdb show br br-lan
run "$B" -n "$NS" showmacs br-lan

say "A VM stops: one call removes every tap of the VM host's netdev group"
run "$B" -n "$NS" tap flush devgroup 42
run "$B" -n "$NS" show

say "The same binary is a drop-in brctl"
run ip netns exec "$NS" "$BUILD/brctl" delbr br-lan || true
run ip -n "$NS" link set br-lan down
run ip netns exec "$NS" "$BUILD/brctl" delbr br-lan
run ip netns exec "$NS" "$BUILD/brctl" show

say "Done; the namespace is removed"
