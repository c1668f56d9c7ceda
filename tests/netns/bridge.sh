#!/bin/sh
# brkit bridge/port object commands on the host kernel, read back through
# iproute2 (`ip -j -d link show`, `bridge -j -d link show`) and sysfs.
. "$(dirname "$0")/../lib.sh"
t_netns_new NS br
N="-n $NS"
ip -n "$NS" link add p-a type veth peer name p-a1
ip -n "$NS" link add p-b type veth peer name p-b1

# brl NS DEV JQ: jq -r over `bridge -j -d link show dev DEV`.
brl() { bridge -n "$1" -j -d link show dev "$2" | jq -r ".[0]$3"; }
sysfs() { ip netns exec "$NS" cat "/sys/class/net/$1/$2"; }

# ---- create with attributes, in one RTM_NEWLINK ----
t_run "bridge add with attributes" 0 strace -f -o "$T_TMP/trace" -e trace=sendto,sendmsg \
	$BRKIT $N bridge add br-a forward_delay 400 hello_time 150 max_age 1200 \
	ageing_time 1234 priority 4096 stp_state 1 group_fwd_mask 0x8 mcast_snooping 0
t_eq "forward_delay" "$(t_ipj "$NS" br-a .linkinfo.info_data.forward_delay)" 400
t_eq "hello_time" "$(t_ipj "$NS" br-a .linkinfo.info_data.hello_time)" 150
t_eq "max_age" "$(t_ipj "$NS" br-a .linkinfo.info_data.max_age)" 1200
t_eq "ageing_time" "$(t_ipj "$NS" br-a .linkinfo.info_data.ageing_time)" 1234
t_eq "priority" "$(t_ipj "$NS" br-a .linkinfo.info_data.priority)" 4096
t_eq "stp_state" "$(t_ipj "$NS" br-a .linkinfo.info_data.stp_state)" 1
t_eq "group_fwd_mask" "$(t_ipj "$NS" br-a .linkinfo.info_data.group_fwd_mask)" 0x8
t_eq "mcast_snooping" "$(t_ipj "$NS" br-a .linkinfo.info_data.mcast_snooping)" 0
t_eq "creation is one netlink request" "$(grep -cE 'nlmsg_type=(RTM_NEWLINK|0x10 )' "$T_TMP/trace")" 1
t_eq "libnl-route-3 reads the same attributes" \
	"$(t_nlget "$NS" bridge br-a forward_delay hello_time max_age ageing_time priority stp_state group_fwd_mask mcast_snooping)" \
	"400 150 1200 1234 4096 1 8 0"

t_run "bridge add, defaults" 0 $BRKIT $N bridge add br-b
t_eq "br-b is a bridge" "$(t_ipj "$NS" br-b .linkinfo.info_kind)" bridge
t_eq "br-b default stp off" "$(t_ipj "$NS" br-b .linkinfo.info_data.stp_state)" 0

# ---- change, one request ----
t_run "bridge set" 0 strace -f -o "$T_TMP/trace" -e trace=sendto,sendmsg \
	$BRKIT $N bridge set br-a ageing_time 9000 priority 32768 stp_state 0 hello_time 300
t_eq "set ageing_time" "$(t_ipj "$NS" br-a .linkinfo.info_data.ageing_time)" 9000
t_eq "set priority" "$(t_ipj "$NS" br-a .linkinfo.info_data.priority)" 32768
t_eq "set stp_state" "$(t_ipj "$NS" br-a .linkinfo.info_data.stp_state)" 0
t_eq "set hello_time" "$(t_ipj "$NS" br-a .linkinfo.info_data.hello_time)" 300
t_eq "untouched forward_delay" "$(t_ipj "$NS" br-a .linkinfo.info_data.forward_delay)" 400
t_eq "set is one change request" "$(grep -cE 'nlmsg_type=(RTM_NEWLINK|0x10 )' "$T_TMP/trace")" 1
t_eq "libnl-route-3 reads the change" \
	"$(t_nlget "$NS" bridge br-a ageing_time priority stp_state hello_time forward_delay)" \
	"9000 32768 0 300 400"

# ---- VLAN options: the host kernel lacks CONFIG_BRIDGE_VLAN_FILTERING ----
BEFORE=$(t_kstate "$NS")
t_run "set vlan_filtering on fails" 1 $BRKIT $N bridge set br-a priority 100 vlan_filtering on
t_errmatch "  names the kernel option" "br-a.*CONFIG_BRIDGE_VLAN_FILTERING"
t_eq "  nothing changed (priority kept)" "$(t_kstate "$NS")" "$BEFORE"
t_run "add with vlan_protocol fails" 1 $BRKIT $N bridge add br-v vlan_protocol 802.1ad
t_errmatch "  names the kernel option" "br-v.*CONFIG_BRIDGE_VLAN_FILTERING"
t_eq "  no half-created bridge" "$(t_kstate "$NS")" "$BEFORE"
t_run "add with vlan_filtering fails" 1 $BRKIT $N bridge add br-v priority 5 vlan_filtering 1 \
	default_pvid 5 vlan_stats on
t_errmatch "  names the kernel option" "br-v.*CONFIG_BRIDGE_VLAN_FILTERING"
t_eq "  no half-created bridge" "$(t_kstate "$NS")" "$BEFORE"

# ---- enslave / release ----
t_run "addif p-a" 0 $BRKIT $N addif br-a p-a
t_eq "p-a master" "$(t_ipj "$NS" p-a .master)" br-a
t_run "addif p-b" 0 $BRKIT $N addif br-a p-b
t_eq "p-b master" "$(t_ipj "$NS" p-b .master)" br-a

# ---- port flags, cost, priority in one request ----
t_run "port set flags off + cost + priority" 0 strace -f -o "$T_TMP/trace" -e trace=sendto,sendmsg \
	$BRKIT $N port set br-a p-a learning off flood off mcast_flood off bcast_flood off \
	hairpin on isolated on neigh_suppress on locked on guard on root_block on cost 77 priority 9
for kv in learning=false flood=false mcast_flood=false bcast_flood=false hairpin=true \
	isolated=true neigh_suppress=true locked=true guard=true root_block=true cost=77 priority=9; do
	t_eq "p-a ${kv%%=*}" "$(brl "$NS" p-a ".${kv%%=*}")" "${kv#*=}"
done
t_eq "port set is one change request" "$(grep -cE 'nlmsg_type=(RTM_NEWLINK|0x10 )' "$T_TMP/trace")" 1
t_eq "libnl-route-3 (rtnl_link_bridge_*) reads p-a's flags, cost, priority" \
	"$(t_nlget "$NS" port p-a master learning flood hairpin cost priority)" "br-a off off on 77 9"
t_eq "  and p-b's" "$(t_nlget "$NS" port p-b master learning flood hairpin)" "br-a on on off"
t_eq "p-b untouched (learning)" "$(brl "$NS" p-b .learning)" true
t_run "port set flags back on" 0 $BRKIT $N port set br-a p-a learning on flood on hairpin off \
	locked off isolated off guard off
for kv in learning=true flood=true hairpin=false locked=false isolated=false \
	neigh_suppress=true mcast_flood=false guard=false root_block=true; do
	t_eq "p-a ${kv%%=*} again" "$(brl "$NS" p-a ".${kv%%=*}")" "${kv#*=}"
done
t_eq "libnl-route-3 reads them back on" "$(t_nlget "$NS" port p-a learning flood hairpin)" "on on off"
t_run "port set on a device of another bridge" 1 $BRKIT $N port set br-b p-a learning off
t_errmatch "  names port and bridge" "p-a.*not a port of br-b"
t_eq "  learning unchanged" "$(brl "$NS" p-a .learning)" true
# port states, as brkit and libnl-route-3 read them: a port of a bridge that is
# down is disabled; one of an up bridge without STP, with carrier, forwards
t_eq "p-a (br-a is down): brkit and libnl agree it is disabled" \
	"$($BRKIT $N -j port show br-a | jq -r '.[] | select(.ifname == "p-a") | .state') $(t_nlget "$NS" port p-a state)" \
	"disabled disabled"
$BRKIT $N bridge add br-f up stp_state 0
ip -n "$NS" link add p-f0 type veth peer name p-f1
ip -n "$NS" link set p-f0 master br-f up
ip -n "$NS" link set p-f1 up
i=0
while [ $i -lt 100 ] && [ "$(brl "$NS" p-f0 .state)" != forwarding ]; do
	sleep 0.1
	i=$((i + 1))
done
t_eq "p-f0 forwards (iproute2)" "$(brl "$NS" p-f0 .state)" forwarding
t_eq "  brkit and libnl agree" \
	"$($BRKIT $N -j port show br-f | jq -r '.[0].state') $(t_nlget "$NS" port p-f0 state)" \
	"forwarding forwarding"
ip -n "$NS" link del br-f
ip -n "$NS" link del p-f0

# ---- read-back: brkit's JSON against iproute2 and sysfs ----
ip -n "$NS" link set br-a up
t_run "bridge show -j" 0 $BRKIT $N -j bridge show br-a
printf '%s' "$T_OUT" >"$T_TMP/br.json"
jqb() { jq -r ".[0]$1" "$T_TMP/br.json"; }
t_eq "json is one bridge" "$(jq length "$T_TMP/br.json")" 1
t_eq "json ifname" "$(jqb .ifname)" br-a
t_eq "json bridge_id = sysfs" "$(jqb .bridge_id)" "$(sysfs br-a bridge/bridge_id)"
t_eq "json root_id = sysfs" "$(jqb .root_id)" "$(sysfs br-a bridge/root_id)"
for k in ageing_time forward_delay hello_time max_age priority stp_state mcast_snooping \
	root_port root_path_cost topology_change; do
	t_eq "json $k = ip" "$(jqb ".$k")" "$(t_ipj "$NS" br-a ".linkinfo.info_data.$k")"
done
t_eq "json group_fwd_mask" "$(jqb .group_fwd_mask)" 8
t_eq "json ports" "$(jqb '.ports | join(",")')" "p-a,p-b"
t_eq "json has no vlan keys (no VLAN kernel)" "$(jqb ' | has("vlan_protocol")')" false
t_run "bridge show -j (all)" 0 $BRKIT $N -j bridge show
t_eq "json all bridges" "$(printf '%s' "$T_OUT" | jq -r 'map(.ifname) | join(",")')" "br-a,br-b"
t_run "bridge show (text)" 0 $BRKIT $N bridge show br-a
t_eq "text names bridge and ports" "$(printf '%s\n' "$T_OUT" | grep -c -e '^br-a: bridge_id' -e 'ports: p-a p-b')" 2

t_run "port show -j" 0 $BRKIT $N -j port show br-a
printf '%s' "$T_OUT" >"$T_TMP/port.json"
jqp() { jq -r ".[] | select(.ifname == \"$1\") | .$2" "$T_TMP/port.json"; }
t_eq "port json count" "$(jq length "$T_TMP/port.json")" 2
for k in cost priority state learning flood mcast_flood bcast_flood hairpin isolated \
	neigh_suppress locked guard root_block; do
	t_eq "port json p-a $k = bridge link" "$(jqp p-a "$k")" "$(brl "$NS" p-a ".$k")"
done
t_eq "port json master" "$(jqp p-b master)" br-a
t_eq "port json no = sysfs" "$(jqp p-a no)" "$(($(sysfs p-a brport/port_no)))"
t_eq "port json id = sysfs" "$(printf '0x%x' "$(jqp p-a id)")" "$(sysfs p-a brport/port_id)"
t_eq "port json designated root = sysfs" "$(jqp p-a root_id)" "$(sysfs p-a brport/designated_root)"
t_run "port show (text)" 0 $BRKIT $N port show br-a
t_eq "port text" "$(printf '%s\n' "$T_OUT" | grep -c '^p-[ab]: master br-a')" 2

# ---- STP: the elected root as sysfs reports it (iproute2 6.1 prints the own id) ----
t_netns_new NS2 stp
ip -n "$NS2" link add r-1 type veth peer name r-2
$BRKIT -n "$NS2" bridge add br-r priority 4096 stp_state 1 forward_delay 200 hello_time 100
$BRKIT -n "$NS2" bridge add br-s priority 8192 stp_state 1 forward_delay 200 hello_time 100
$BRKIT -n "$NS2" addif br-r r-1
$BRKIT -n "$NS2" addif br-s r-2
for d in r-1 r-2 br-r br-s; do ip -n "$NS2" link set "$d" up; done
i=0
want=$(ip netns exec "$NS2" cat /sys/class/net/br-r/bridge/bridge_id)
while [ $i -lt 100 ] && [ "$(ip netns exec "$NS2" cat /sys/class/net/br-s/bridge/root_id)" != "$want" ]; do
	sleep 0.1
	i=$((i + 1))
done
t_eq "br-s elected br-r as root (sysfs)" "$(ip netns exec "$NS2" cat /sys/class/net/br-s/bridge/root_id)" "$want"
t_run "bridge show -j br-s" 0 $BRKIT -n "$NS2" -j bridge show br-s
t_eq "brkit root_id = sysfs root_id" "$(printf '%s' "$T_OUT" | jq -r '.[0].root_id')" \
	"$(ip netns exec "$NS2" cat /sys/class/net/br-s/bridge/root_id)"
t_eq "brkit root_port = sysfs" "$(printf '%s' "$T_OUT" | jq -r '.[0].root_port')" \
	"$(($(ip netns exec "$NS2" cat /sys/class/net/br-s/bridge/root_port)))"
t_eq "brkit root_path_cost = sysfs" "$(printf '%s' "$T_OUT" | jq -r '.[0].root_path_cost')" \
	"$(ip netns exec "$NS2" cat /sys/class/net/br-s/bridge/root_path_cost)"
t_eq "root_id differs from own id" \
	"$(printf '%s' "$T_OUT" | jq -r '.[0].root_id == .[0].bridge_id')" false

# ---- release, delete ----
t_run "delif p-b" 0 $BRKIT $N delif br-a p-b
t_eq "p-b released" "$(t_ipj "$NS" p-b '.master // "none"')" none
t_run "bridge del (up, with a port) is refused, as brctl refuses" 1 $BRKIT $N bridge del br-a
t_errmatch "  and says so, naming the bridge and the way on" "bridge br-a is still up with 1 port.*force"
t_eq "  br-a is still there" "$(t_ipj "$NS" br-a .ifname)" br-a
t_run "bridge del br-a force" 0 $BRKIT $N bridge del br-a force
t_eq "br-a gone" "$(ip -n "$NS" -j link show | jq -r 'map(select(.ifname == "br-a")) | length')" 0
t_eq "p-a released by the delete" "$(t_ipj "$NS" p-a '.master // "none"')" none
t_run "bridge del br-b" 0 $BRKIT $N bridge del br-b
t_run "bridge show -j with no bridges" 0 $BRKIT $N -j bridge show
t_eq "empty array" "$T_OUT" "[]"
# ---- up/down and a fixed address in the same request ----
t_run "bridge add br-u up address 02:00:5e:00:53:01" 0 $BRKIT $N bridge add br-u up address 02:00:5e:00:53:01 stp_state 1
t_eq "  br-u is up" "$(t_ipj "$NS" br-u '.flags | index("UP") != null')" true
t_eq "  br-u has the address" "$(t_ipj "$NS" br-u .address)" 02:00:5e:00:53:01
t_eq "  and stp_state in the same request" "$(t_ipj "$NS" br-u .linkinfo.info_data.stp_state)" 1
ip -n "$NS" link add p-u0 address 00:00:5e:00:53:00 type veth peer name p-u1
ip -n "$NS" link set p-u0 master br-u
t_eq "  a port with a lower MAC does not take over the bridge id" \
	"$(ip netns exec "$NS" cat /sys/class/net/br-u/bridge/bridge_id)" 8000.02005e005301
t_run "bridge set br-u down" 0 $BRKIT $N bridge set br-u down
t_eq "  br-u is down" "$(t_ipj "$NS" br-u '.flags | index("UP") != null')" false
BEFORE=$(t_kstate "$NS")
t_run "bridge add with a multicast address is refused" 2 $BRKIT $N bridge add br-m address 01:00:5e:00:00:01
t_errmatch "  names the option and the reason" "br-m.*address must be a unicast"
t_run "bridge set with a malformed address is refused" 2 $BRKIT $N bridge set br-u address 02:00:5e
t_errmatch "  names the option and the value" "address: '02:00:5e' is not a MAC address"
t_eq "  nothing changed" "$(t_kstate "$NS")" "$BEFORE"
# ---- -j on the brctl show verbs: JSON, checked against iproute2 ----
ip -n "$NS" link add p-j0 type veth peer name p-j1
ip -n "$NS" link set p-j0 master br-u
t_run "-j show" 0 $BRKIT $N -j show
t_eq "  every bridge iproute2 knows, by name" "$(printf '%s' "$T_OUT" | jq -c '[.[].ifname] | sort')" \
	"$(ip -n "$NS" -j -d link show type bridge | jq -c '[.[].ifname] | sort')"
t_eq "  br-u's ports as iproute2 sees them" "$(printf '%s' "$T_OUT" | jq -c '.[] | select(.ifname == "br-u") | .ports | sort')" \
	"$(ip -n "$NS" -j link show master br-u | jq -c '[.[].ifname] | sort')"
t_run "-j showstp br-u" 0 $BRKIT $N -j showstp br-u
t_eq "  port p-j0's state as bridge -j link shows it" \
	"$(printf '%s' "$T_OUT" | jq -r '.ports[] | select(.ifname == "p-j0") | .state')" \
	"$(bridge -n "$NS" -j link show dev p-j0 | jq -r '.[0].state')"
t_eq "  bridge_id as sysfs has it" "$(printf '%s' "$T_OUT" | jq -r .bridge_id)" \
	"$(ip netns exec "$NS" cat /sys/class/net/br-u/bridge/bridge_id)"
ip -n "$NS" link set br-u up
ip -n "$NS" link set p-j0 up
bridge -n "$NS" fdb add 02:00:5e:00:53:aa dev p-j0 master static
t_run "-j showmacs br-u" 0 $BRKIT $N -j showmacs br-u
t_eq "  the same entries as bridge -j fdb show br br-u" \
	"$(printf '%s' "$T_OUT" | jq -c '[.[] | .mac + " " + .ifname] | sort')" \
	"$(bridge -n "$NS" -j fdb show br br-u | jq -c '[.[] | .mac + " " + .ifname] | sort')"
t_run "-j show of a missing bridge" 1 $BRKIT $N -j show br-none
t_errmatch "  says so" "bridge br-none does not exist"
# ---- issue 19: the library says which name a template made ----
# tests/tools/addnamed calls brkit_bridge_add_named, brkit_vxlan_add_named and
# brkit_tap_add (its ->ifname) as a library caller would; each name it prints
# must be a device iproute2 sees, of that kind, and the lowest free number.
ADDNAMED=${ADDNAMED:-$BUILD/tests/tools/addnamed}
kind_of() { ip -n "$NS" -j -d link show dev "$1" 2>/dev/null | jq -r '.[0].linkinfo.info_kind'; }
ip -n "$NS" link add nu-api0 type bridge
ip -n "$NS" link add nu-api2 type bridge
t_run "library: brkit_bridge_add_named nu-api%d" 0 "$ADDNAMED" "$NS" bridge 'nu-api%d'
t_eq "  names nu-api1 (0 and 2 taken)" "$T_OUT" nu-api1
t_eq "  iproute2 sees nu-api1, a bridge" "$(kind_of nu-api1)" bridge
t_run "library: brkit_bridge_add_named nu-api%d again" 0 "$ADDNAMED" "$NS" bridge 'nu-api%d'
t_eq "  names nu-api3, which iproute2 sees as a bridge" "$T_OUT $(kind_of nu-api3)" "nu-api3 bridge"
t_run "library: a plain name" 0 "$ADDNAMED" "$NS" bridge nu-plain
t_eq "  gives the name back" "$T_OUT $(kind_of nu-plain)" "nu-plain bridge"
t_run "library: a template in the middle" 0 "$ADDNAMED" "$NS" bridge 'nu-%d-b'
t_eq "  nu-0-b" "$T_OUT $(kind_of nu-0-b)" "nu-0-b bridge"
BEFORE=$(t_kstate "$NS")
t_bad "$NS" "library: a bad template" 1 "a name template takes one '%d'" "$ADDNAMED" "$NS" bridge 'nu-%s'
t_bad "$NS" "library: a template longer than 15 bytes" 1 "longer than 15 bytes" \
	"$ADDNAMED" "$NS" bridge 'nu-abcdefghijk%d'
t_run "library: brkit_vxlan_add_named nv%d" 0 "$ADDNAMED" "$NS" vxlan 'nv%d'
t_eq "  names nv0, which iproute2 sees as a vxlan" "$T_OUT $(kind_of nv0)" "nv0 vxlan"
t_run "library: brkit_vxlan_add_named nv%d again (VNI 43)" 0 "$ADDNAMED" "$NS" vxlan 'nv%d' 43
t_eq "  names nv1, which iproute2 sees with VNI 43" "$T_OUT $(t_ipj "$NS" nv1 .linkinfo.info_data.id)" \
	"nv1 43"
t_bad "$NS" "library: VNI 43 again: the kernel's VNI clash, not a name to move on from" 1 \
	"VNI already exists" "$ADDNAMED" "$NS" vxlan 'nv%d' 43
ip -n "$NS" link add nt0 type bridge
t_run "library: brkit_tap_add nt%d" 0 "$ADDNAMED" "$NS" tap 'nt%d'
t_eq "  ->ifname nt1 (nt0 taken), which iproute2 sees as a tun" "$T_OUT $(kind_of nt1)" "nt1 tun"
t_end
