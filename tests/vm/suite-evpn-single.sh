#!/bin/sh
# FRR's single-VXLAN-device EVPN layout, built by brkit alone and read back
# with iproute2's JSON (runs inside the VM, whose kernel has bridge VLAN
# filtering: sh tests/vm/run.sh tests/vm/suite-evpn-single.sh). The layout:
#   br0: vlan_filtering 1, vlan_default_pvid 0
#   vx0: vxlan external vnifilter local VTEP dstport 4789 nolearning, a port of br0
#        with neigh_suppress on, learning off, vlan_tunnel on
#   vx0's VLANs 10, 20, 30-32 mapped to VNIs 1010, 1020, 1030-1032 (tunnel_info)
#   vx0's VNI filter: the same VNIs
# and the refusals of a tunnel id on a VLAN the port lacks, on a port without
# vlan_tunnel, on a bridge with vlan_filtering off, on the bridge itself.
. "$(dirname "$0")/../lib.sh"

A=""
t_netns_new A evpnk
bk() { "$BRKIT" -n "$A" "$@"; }
bad() {
	_bd=$1 _bs=$2 _br=$3
	shift 3
	_tb=$(bridge -n "$A" -j vlan tunnelshow)
	t_bad "$A" "$_bd" "$_bs" "$_br" $BRKIT -n "$A" "$@"
	t_eq "$_bd: tunnel ids unchanged" "$(bridge -n "$A" -j vlan tunnelshow)" "$_tb"
}
ip -n "$A" addr add 192.0.2.1/32 dev lo

if ! ip -n "$A" link add vx-probe type vxlan external vnifilter dstport 4799 2>"$T_TMP/probe.err"; then
	echo "not run - this kernel cannot make a vnifilter vxlan device: $(cat "$T_TMP/probe.err")"
	t_fail "vxlan external vnifilter unavailable (module vxlan loaded? tests/vm/run.sh VM_MODULES)"
	t_end
	exit 1
fi
ip -n "$A" link del vx-probe

# ---- the layout, through brkit ----
t_run "bridge add br0 vlan_filtering on vlan_default_pvid 0" 0 \
	bk bridge add br0 vlan_filtering 1 vlan_default_pvid 0 up
t_eq "br0 vlan_filtering (ip -d)" "$(t_ipj "$A" br0 .linkinfo.info_data.vlan_filtering)" 1
t_eq "br0 vlan_default_pvid 0" "$(t_ipj "$A" br0 .linkinfo.info_data.vlan_default_pvid)" 0
t_run "vxlan add vx0 external vnifilter local, learning off, bridge br0" 0 \
	bk vxlan add vx0 external vnifilter local 192.0.2.1 dstport 4789 learning off bridge br0
t_eq "vx0 external vnifilter learning off, master br0" \
	"$(t_ipj "$A" vx0 ' | "\(.linkinfo.info_data.external) \(.linkinfo.info_data.vnifilter) \(.linkinfo.info_data.learning) \(.master)"')" \
	"true true false br0"
t_eq "vx0 has no VLAN (vlan_default_pvid 0)" \
	"$(bridge -n "$A" -j vlan show dev vx0 | jq '[.[0].vlans[]?] | length')" 0
t_run "port set vx0 neigh_suppress on learning off vlan_tunnel on" 0 \
	bk port set br0 vx0 neigh_suppress on learning off vlan_tunnel on
brl() { bridge -n "$A" -j -d link show dev "$1" | jq -r ".[0]$2"; }
t_eq "vx0 port flags (bridge -d link)" "$(brl vx0 ' | "\(.neigh_suppress) \(.learning) \(.vlan_tunnel)"')" \
	"true false true"
t_run "vlan add vx0 vid 10" 0 bk vlan add dev vx0 vid 10
t_run "vlan add vx0 vid 20" 0 bk vlan add dev vx0 vid 20
t_run "vlan add vx0 vid 30-32" 0 bk vlan add dev vx0 vid 30-32
t_run "tunnel_info vid 10 id 1010" 0 bk vlan add dev vx0 vid 10 tunnel_info id 1010
t_run "tunnel_info vid 20 id 1020" 0 bk vlan add dev vx0 vid 20 tunnel_info id 1020
t_run "tunnel_info vid 30-32 id 1030-1032" 0 bk vlan add dev vx0 vid 30-32 tunnel_info id 1030-1032
bridge -n "$A" -j vlan tunnelshow dev vx0 >"$T_TMP/tun.json"
t_eq "mappings (bridge -j vlan tunnelshow)" \
	"$(jq -r '[.[0].tunnels[] | "\(.vlan)\(if .vlanEnd then "-\(.vlanEnd)" else "" end)=\(.tunid)\(if .tunidEnd then "-\(.tunidEnd)" else "" end)"] | join(" ")' "$T_TMP/tun.json")" \
	"10=1010 20=1020 30-32=1030-1032"
t_run "vlan -j tunnelshow dev vx0" 0 bk -j vlan tunnelshow dev vx0
t_eq "brkit's JSON as iproute2's (keys sorted)" "$(printf '%s' "$T_OUT" | jq -cS .)" "$(jq -cS . "$T_TMP/tun.json")"
t_run "vlan -j tunnelshow (all)" 0 bk -j vlan tunnelshow
t_eq "  the same, all ports" "$(printf '%s' "$T_OUT" | jq -cS .)" \
	"$(bridge -n "$A" -j vlan tunnelshow | jq -cS .)"
t_eq "tunnelshow text as bridge vlan tunnelshow" "$(bk vlan tunnelshow)" "$(bridge -n "$A" vlan tunnelshow)"
t_eq "tunnelshow dev vx0 text as bridge's" "$(bk vlan tunnelshow dev vx0)" \
	"$(bridge -n "$A" vlan tunnelshow dev vx0)"
t_run "vni add 1010,1020,1030-1032" 0 bk vxlan vni add dev vx0 vni 1010,1020,1030-1032
t_eq "VNI filter (bridge -j vni)" \
	"$(bridge -n "$A" -j vni show dev vx0 | jq -r '[.[0].vnis[] | "\(.vni)\(if .vniEnd then "-\(.vniEnd)" else "" end)"] | join(" ")')" \
	"1010 1020 1030-1032"
t_eq "vni show -j identical to bridge -j vni show" "$(bk -j vxlan vni show)" "$(bridge -n "$A" -j vni show)"

# ---- changes and refusals ----
t_run "tunnel_info del vid 20 (no id)" 0 bk vlan del dev vx0 vid 20 tunnel_info
t_eq "  20 unmapped, 20 still a VLAN" \
	"$(bridge -n "$A" -j vlan tunnelshow dev vx0 | jq -c '[.[0].tunnels[].vlan]') $(bridge -n "$A" -j vlan show dev vx0 | jq '[.[0].vlans[] | select(.vlan == 20)] | length')" \
	"[10,30] 1"
bad "tunnel_info del with the wrong id" 1 "vlan 10 maps to 1010, not 1011" vlan del dev vx0 vid 10 tunnel_info id 1011
bad "tunnel_info del of an unmapped VLAN" 1 "vlan 20 has no tunnel id" vlan del dev vx0 vid 20 tunnel_info
t_run "tunnel_info del vid 10 id 1010" 0 bk vlan del dev vx0 vid 10 tunnel_info id 1010
t_run "tunnel_info add vid 10 id 1010 again" 0 bk vlan add dev vx0 vid 10 tunnel_info id 1010
bad "tunnel_info on a VLAN the port lacks" 1 "vlan 40 is not on vx0 \(add it first" \
	vlan add dev vx0 vid 40 tunnel_info id 1040
ip -n "$A" link add p-a type veth peer name p-b
ip -n "$A" link set p-a master br0 up
bk vlan add dev p-a vid 10
bad "tunnel_info on a port without vlan_tunnel" 1 "port p-a has vlan_tunnel off \(turn it on first: brkit port set br0 p-a vlan_tunnel on\)" \
	vlan add dev p-a vid 10 tunnel_info id 1010
bad "tunnel_info on the bridge itself" 1 "br0 is the bridge itself" vlan add dev br0 vid 10 tunnel_info id 1010
ip -n "$A" link add br1 type bridge vlan_filtering 0
ip -n "$A" link add vx1 type vxlan external dstport 4790
ip -n "$A" link set vx1 master br1
bad "tunnel_info on a bridge with vlan_filtering off" 1 "bridge br1 has vlan_filtering off" \
	vlan add dev vx1 vid 10 tunnel_info id 1010
bad "tunnel id another VLAN of the port has" 1 "setting the tunnel id of vlan 30 on vx0: tunnel id 1010 is vlan 10's already" \
	vlan add dev vx0 vid 30 tunnel_info id 1010
t_run "tunnel_info vid 10 id 1010 again: no change" 0 bk vlan add dev vx0 vid 10 tunnel_info id 1010
t_eq "  still 10 -> 1010" "$(bridge -n "$A" -j vlan tunnelshow dev vx0 | jq -c '[.[0].tunnels[] | select(.vlan == 10) | .tunid]')" "[1010]"
bad "tunnel_info vid 10 id 1011 while it maps to 1010" 1 "vlan 10 maps to 1010 already \(remove it first: brkit vlan del dev vx0 vid 10 tunnel_info\)" \
	vlan add dev vx0 vid 10 tunnel_info id 1011
t_run "tunnel_info del vid 10, then add id 1011 (remapped)" 0 sh -c "$BRKIT -n $A vlan del dev vx0 vid 10 tunnel_info && $BRKIT -n $A vlan add dev vx0 vid 10 tunnel_info id 1011"
t_eq "  10 maps to 1011" "$(bridge -n "$A" -j vlan tunnelshow dev vx0 | jq -c '[.[0].tunnels[] | select(.vlan == 10) | .tunid]')" "[1011]"

t_end
