#!/bin/sh
# A lab bridge's per-VLAN multicast options (vlan_multicast:, issue 19) on a
# kernel with VLAN filtering (runs inside the VM: sh tests/vm/run.sh
# tests/vm/suite-lab-vlan-mcast.sh): lab up sets them once the ports have
# their VLANs, read back with iproute2's `bridge -j -d vlan global show`.
. "$(dirname "$0")/../lib.sh"
L=t$$-vm
trap '$BRKIT lab down "$L" >/dev/null 2>&1; t_cleanup' EXIT
cat >"$T_TMP/vm.yml" <<'YML'
name: vmc
topology:
  nodes:
    h1: {kind: host}
    h2: {kind: host}
    sw:
      kind: bridge
      mcast_vlan_snooping: 1
      vlan_multicast:
        10: {mcast_querier: 1, mcast_igmp_version: 3}
        20-21: {mcast_snooping: 0}
      ports:
        p1: {vlans: "10,20-21", pvid: 10}
        p2: {vlans: "10"}
  links:
    - endpoints: ["h1:eth0", "sw:p1"]
    - endpoints: ["h2:eth0", "sw:p2"]
YML
# gopt VID KEY: the per-VLAN option KEY of sw's br0, VLAN VID, from iproute2's JSON
gopt() {
	bridge -n "$L-sw" -j -d vlan global show dev br0 |
		jq -r --argjson v "$1" --arg k "$2" '.[0].vlans[] | select(.vlan == $v or (.vlan <= $v and (.vlanEnd // .vlan) >= $v)) | .[$k]'
}
t_run "lab up with vlan_multicast" 0 $BRKIT lab up "$T_TMP/vm.yml" name "$L"
t_eq "br0: mcast_vlan_snooping 1 (ip -d link)" \
	"$(t_ipj "$L-sw" br0 '.linkinfo.info_data.mcast_vlan_snooping')" 1
t_eq "vlan 10: mcast_querier 1" "$(gopt 10 mcast_querier)" 1
t_eq "vlan 10: mcast_igmp_version 3" "$(gopt 10 mcast_igmp_version)" 3
t_eq "vlan 10: snooping still on" "$(gopt 10 mcast_snooping)" 1
t_eq "vlan 20: mcast_snooping 0" "$(gopt 20 mcast_snooping)" 0
t_eq "vlan 21: mcast_snooping 0" "$(gopt 21 mcast_snooping)" 0
t_run "lab down" 0 $BRKIT lab down "$L"
t_eq "nothing left" "$(ip netns list | grep -c "^$L-")" 0
# a VLAN no port has: the kernel refuses it, the lab is rolled back
sed 's/20-21: {mcast_snooping: 0}/30: {mcast_snooping: 0}/' "$T_TMP/vm.yml" >"$T_TMP/bad.yml"
t_run "a VLAN no port has: up fails" 1 $BRKIT lab up "$T_TMP/bad.yml" name "$L"
t_errmatch "  the message names the node and the VLANs, at the file's line" "bad.yml:[0-9]+:[0-9]+: .*node sw: vlan_multicast 30-30"
t_eq "  rolled back: nothing left" "$(ip netns list | grep -c "^$L-")" 0
t_end
