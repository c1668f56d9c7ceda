#!/bin/sh
# vm-port's VLAN paths on a kernel with bridge VLAN filtering (runs inside the
# VM: sh tests/vm/run.sh tests/vm/suite-vmport.sh): access ports, trunks with
# and without a native VLAN, through `vlan set`'s diff (VLAN 1 removed), lock
# pinned on every VLAN of the port, down restoring a port's VLANs as found.
# Every effect read back with `bridge -j vlan show` / `bridge -j fdb show`.
. "$(dirname "$0")/../lib.sh"

t_netns_new NS
export BRKIT_STATE_DIR="$T_TMP/state"
# state is kept per network namespace: BRKIT_STATE_DIR/net-INODE for $NS
SD="$BRKIT_STATE_DIR/net-$(stat -c %i "/run/netns/$NS")"
bk() { "$BRKIT" -n "$NS" "$@"; }
vids() {
	bridge -n "$NS" -j vlan show dev "$1" | jq -r '[.[0].vlans[]? |
		(.vlan | tostring) + (if .vlanEnd then "-" + (.vlanEnd | tostring) else "" end) +
		(if .flags then ":" + (.flags | map(if . == "PVID" then "P" else "U" end) | join("")) else "" end)] | join(" ")'
}
pins() {
	bridge -n "$NS" -j fdb show dev "$1" | jq -r '[.[] | select(.state == "static") |
		"\(.vlan // 0)"] | sort_by(tonumber) | join(" ")'
}
ip -n "$NS" link add br-v type bridge vlan_filtering 1
ip -n "$NS" link set br-v up
ip -n "$NS" link add br-nf type bridge
ip -n "$NS" link set br-nf up

t_run "access port: up t-a vlan 10 create" 0 bk vm-port up t-a bridge br-v vlan 10 create
t_eq "t-a: only 10, pvid untagged (VLAN 1 removed)" "$(vids t-a)" "10:PU"
t_run "the same again" 0 bk vm-port up t-a bridge br-v vlan 10 create
t_eq "the same again: nothing changed" "$T_OUT" "t-a: already up on br-v as asked, nothing changed"

t_run "trunk with native: up t-b trunks 20-22,30 vlan 5 create" 0 bk vm-port up t-b bridge br-v \
	trunks 20-22,30 vlan 5 create
t_eq "t-b: 5 pvid untagged, 20-22 and 30 tagged" "$(vids t-b)" "5:PU 20 21 22 30"
t_run "trunk without native: up t-c trunks 40 create" 0 bk vm-port up t-c bridge br-v trunks 40 create
t_eq "t-c: 40 tagged, no pvid" "$(vids t-c)" "40"

t_run "lock on a trunk pins the MAC on each VLAN" 0 bk vm-port up t-d bridge br-v trunks 50-51 \
	vlan 7 lock mac 52:54:00:00:00:0d create
t_eq "t-d pinned on 7, 50, 51" "$(pins t-d)" "7 50 51"
t_run "down t-d" 0 bk vm-port down t-d
t_eq "t-d gone" "$(ip -n "$NS" link show t-d 2>/dev/null | wc -l)" "0"

t_run "lock without vlan on a VLAN-filtering bridge pins on the port's VLAN (1)" 0 \
	bk vm-port up t-g bridge br-v lock mac 52:54:00:00:00:0e create
t_eq "t-g pinned on VLAN 1, its pvid" "$(pins t-g)" "1"
t_run "down t-g" 0 bk vm-port down t-g

# a port that was there before, with its own VLANs: down restores them
ip -n "$NS" tuntap add t-e mode tap
ip -n "$NS" link set t-e master br-v
bridge -n "$NS" vlan add dev t-e vid 99
t_eq "t-e before: 1 pvid untagged and 99" "$(vids t-e)" "1:PU 99"
t_run "up t-e vlan 10 (an existing port)" 0 bk vm-port up t-e bridge br-v vlan 10
t_eq "t-e: 10 only" "$(vids t-e)" "10:PU"
t_run "down t-e" 0 bk vm-port down t-e
t_eq "t-e after down: its VLANs as found" "$(vids t-e)" "1:PU 99"
t_eq "t-e still on br-v (brkit did not put it there)" "$(t_ipj "$NS" t-e .master)" "br-v"

# rollback of the VLAN step: a failure injected after it restores the port's VLANs
t_run "failure after the VLAN change: exit 1" 1 env BRKIT_VMPORT_FAIL_AFTER=1 "$BRKIT" -n "$NS" \
	vm-port up t-e bridge br-v trunks 60
t_eq "t-e's VLANs as found after the rollback" "$(vids t-e)" "1:PU 99"

ip -n "$NS" tuntap add t-f mode tap
t_bad "$NS" "vlan on a bridge with vlan_filtering off" 1 "vlan_filtering off" \
	bk vm-port up t-f bridge br-nf vlan 10
t_bad "$NS" "a bad VLAN list" 2 "trunks '5-'" bk vm-port up t-f bridge br-v trunks 5-

# concurrency: 20 VMs at once, each its own access VLAN and a pinned MAC
i=1
while [ $i -le 20 ]; do
	bk vm-port up "t-p$i" bridge br-v vlan $((100 + i)) lock mac "$(printf '02:00:00:00:20:%02x' $i)" \
		create >"$T_TMP/p$i.out" 2>&1 &
	i=$((i + 1))
done
wait
bad=0
i=1
while [ $i -le 20 ]; do
	if [ "$(vids "t-p$i")" != "$((100 + i)):PU" ] || [ "$(pins "t-p$i")" != "$((100 + i))" ]; then
		bad=$((bad + 1))
		echo "t-p$i: vids [$(vids "t-p$i")] pins [$(pins "t-p$i")] $(cat "$T_TMP/p$i.out")"
	fi
	i=$((i + 1))
done
t_eq "20 parallel ups: each tap has exactly its VLAN and its pin" "$bad" "0"
i=1
while [ $i -le 20 ]; do
	bk vm-port down "t-p$i" >/dev/null &
	i=$((i + 1))
done
wait

bk vm-port down t-a >/dev/null
bk vm-port down t-b >/dev/null
bk vm-port down t-c >/dev/null
t_eq "no state left" "$(ls "$SD")" ""
t_end
