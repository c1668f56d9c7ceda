#!/bin/sh
# Two hosts stretched by VXLAN: namespaces H1 and H2 joined by a veth
# "underlay" (198.51.100.1/24, 198.51.100.2/24), in each a bridge and a VXLAN
# device made by brkit (vni 42, local = own underlay address, learning on), in
# each a VM-side veth whose far end is in a VM namespace (192.0.2.1/24,
# 192.0.2.2/24). Head-end replication entries are added with brkit fdb append.
# The VMs ping each other across; each VXLAN device learns the remote VM's MAC
# with the peer's underlay address as its dst (read through `bridge -j fdb show`).
. "$(dirname "$0")/../lib.sh"

# ping exits 1 when no reply came; without ping every "cannot reach" check
# would pass for the wrong reason, so its absence is a failure.
if ! command -v ping >/dev/null 2>&1; then
	t_fail "ping is not installed (iputils-ping, see scripts/deps.sh)"
	t_end
	exit 1
fi

t_netns_new H1 h1
t_netns_new H2 h2
t_netns_new VM1 vm1
t_netns_new VM2 vm2

# Underlay: a veth between the two hosts.
ip -n "$H1" link add u-1 type veth peer name u-2 netns "$H2"
ip -n "$H1" addr add 198.51.100.1/24 dev u-1
ip -n "$H2" addr add 198.51.100.2/24 dev u-2
ip -n "$H1" link set u-1 up
ip -n "$H2" link set u-2 up

# host NS N VMNS VMADDR: a bridge, a VM-side veth into VMNS.
host() {
	ip -n "$1" link add br-h type bridge
	ip -n "$1" link set br-h up
	ip -n "$1" link add vm-$2 type veth peer name vm-nic netns "$3"
	ip -n "$1" link set vm-$2 master br-h up
	ip -n "$3" addr add "$4"/24 dev vm-nic
	ip -n "$3" link set vm-nic up
}
host "$H1" 1 "$VM1" 192.0.2.1
host "$H2" 2 "$VM2" 192.0.2.2
MAC1=$(ip -n "$VM1" -j link show vm-nic | jq -r '.[0].address')
MAC2=$(ip -n "$VM2" -j link show vm-nic | jq -r '.[0].address')

t_run "H1: brkit vxlan add vx0" 0 \
	$BRKIT -n "$H1" vxlan add vx0 vni 42 local 198.51.100.1 learning on dev u-1 bridge br-h
t_run "H2: brkit vxlan add vx0" 0 \
	$BRKIT -n "$H2" vxlan add vx0 vni 42 local 198.51.100.2 learning on dev u-2 bridge br-h

# The device as iproute2 reads it.
for side in "$H1 198.51.100.1 u-1" "$H2 198.51.100.2 u-2"; do
	set -- $side
	ns=$1 local=$2 under=$3
	tag=$(echo "$ns" | sed 's/.*-//')
	t_eq "$tag: vx0 is vxlan" "$(t_ipj "$ns" vx0 .linkinfo.info_kind)" vxlan
	t_eq "$tag: vx0 id" "$(t_ipj "$ns" vx0 .linkinfo.info_data.id)" 42
	t_eq "$tag: vx0 local" "$(t_ipj "$ns" vx0 .linkinfo.info_data.local)" "$local"
	t_eq "$tag: vx0 port" "$(t_ipj "$ns" vx0 .linkinfo.info_data.port)" 4789
	t_eq "$tag: vx0 learning" "$(t_ipj "$ns" vx0 .linkinfo.info_data.learning)" true
	t_eq "$tag: vx0 underlay" "$(t_ipj "$ns" vx0 .linkinfo.info_data.link)" "$under"
	t_eq "$tag: vx0 master" "$(t_ipj "$ns" vx0 .master)" br-h
	t_eq "$tag: vx0 up" "$(t_ipj "$ns" vx0 '.flags | index("UP") != null')" true
done

# Without a remote endpoint the tunnel has nowhere to send: the VMs are cut off.
t_run "no endpoint yet: VM1 gets no reply from VM2 (ping exits 1)" 1 \
	ip netns exec "$VM1" ping -c 1 -W 1 192.0.2.2

# Head-end replication: all-zeros entries toward the peer (the FDB module's command).
t_run "H1: brkit fdb append 00:00:00:00:00:00 dev vx0 dst 198.51.100.2 self" 0 \
	$BRKIT -n "$H1" fdb append 00:00:00:00:00:00 dev vx0 dst 198.51.100.2 self
t_run "H2: brkit fdb append 00:00:00:00:00:00 dev vx0 dst 198.51.100.1 self" 0 \
	$BRKIT -n "$H2" fdb append 00:00:00:00:00:00 dev vx0 dst 198.51.100.1 self
t_eq "H1: the all-zeros entry points at H2" \
	"$(bridge -n "$H1" -j fdb show dev vx0 | jq -r '[.[] | select(.mac == "00:00:00:00:00:00") | .dst] | join(",")')" \
	198.51.100.2
t_eq "H2: the all-zeros entry points at H1" \
	"$(bridge -n "$H2" -j fdb show dev vx0 | jq -r '[.[] | select(.mac == "00:00:00:00:00:00") | .dst] | join(",")')" \
	198.51.100.1

t_run "VM1 pings VM2 across the tunnel" 0 ip netns exec "$VM1" ping -c 3 -W 2 192.0.2.2
t_run "VM2 pings VM1 across the tunnel" 0 ip netns exec "$VM2" ping -c 3 -W 2 192.0.2.1

# Learned remote MACs, with the peer's underlay address as dst.
t_eq "H1: vx0 learned VM2's MAC with dst 198.51.100.2" \
	"$(bridge -n "$H1" -j fdb show dev vx0 | jq -r --arg m "$MAC2" '[.[] | select(.mac == $m and .dst == "198.51.100.2")] | length > 0')" \
	true
t_eq "H2: vx0 learned VM1's MAC with dst 198.51.100.1" \
	"$(bridge -n "$H2" -j fdb show dev vx0 | jq -r --arg m "$MAC1" '[.[] | select(.mac == $m and .dst == "198.51.100.1")] | length > 0')" \
	true
t_eq "H1: the bridge learned VM2's MAC behind vx0" \
	"$(bridge -n "$H1" -j fdb show br br-h | jq -r --arg m "$MAC2" '[.[] | select(.mac == $m and .ifname == "vx0")] | length > 0')" \
	true
t_eq "H1: traffic left through vx0" \
	"$(ip -n "$H1" -s -j link show vx0 | jq '.[0].stats64.tx.packets > 0')" true

# brkit's own read-back agrees with iproute2's.
t_run "H1: brkit -j vxlan show vx0" 0 $BRKIT -n "$H1" -j vxlan show vx0
t_eq "H1: brkit reads vx0 as ip does" "$(printf '%s' "$T_OUT" | jq -c '.[0] | [.vni, .local, .dstport, .learning, .dev, .master, .up]')" \
	"$(ip -n "$H1" -j -d link show vx0 | jq -c '.[0] | [.linkinfo.info_data.id, .linkinfo.info_data.local, .linkinfo.info_data.port, .linkinfo.info_data.learning, .linkinfo.info_data.link, .master, (.flags | index("UP") != null)]')"

# Tear down one side with brkit: the VMs are cut off again.
t_run "H2: brkit vxlan del vx0" 0 $BRKIT -n "$H2" vxlan del vx0
t_eq "H2: vx0 is gone" "$(ip -n "$H2" -j link show type vxlan | jq length)" 0
t_run "after del: VM1 gets no reply from VM2 (ping exits 1)" 1 \
	ip netns exec "$VM1" ping -c 1 -W 1 192.0.2.2

t_end
