#!/bin/sh
# The two-host VXLAN test over an IPv6 underlay (2001:db8:1::1/64, ::2/64),
# vni 4242 on a non-default port (4790): brkit vxlan add with an IPv6 local,
# head-end replication with brkit fdb append ... dst IPv6, VMs ping across,
# learned MACs carry the peer's IPv6 address as dst.
. "$(dirname "$0")/../lib.sh"

if ! command -v ping >/dev/null 2>&1; then
	t_fail "ping is not installed (iputils-ping, see scripts/deps.sh)"
	t_end
	exit 1
fi

t_netns_new H1 h1
t_netns_new H2 h2
t_netns_new VM1 vm1
t_netns_new VM2 vm2

ip -n "$H1" link add u-1 type veth peer name u-2 netns "$H2"
ip -n "$H1" addr add 2001:db8:1::1/64 dev u-1 nodad
ip -n "$H2" addr add 2001:db8:1::2/64 dev u-2 nodad
ip -n "$H1" link set u-1 up
ip -n "$H2" link set u-2 up

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

t_run "H1: vxlan add with an IPv6 local" 0 \
	$BRKIT -n "$H1" vxlan add vx6 vni 4242 local 2001:db8:1::1 dstport 4790 learning on bridge br-h
t_run "H2: vxlan add with an IPv6 local" 0 \
	$BRKIT -n "$H2" vxlan add vx6 vni 4242 local 2001:db8:1::2 dstport 4790 learning on bridge br-h
t_eq "H1: vx6 local6" "$(t_ipj "$H1" vx6 .linkinfo.info_data.local6)" 2001:db8:1::1
t_eq "H1: vx6 id" "$(t_ipj "$H1" vx6 .linkinfo.info_data.id)" 4242
t_eq "H1: vx6 port" "$(t_ipj "$H1" vx6 .linkinfo.info_data.port)" 4790
t_eq "H1: vx6 master" "$(t_ipj "$H1" vx6 .master)" br-h
t_eq "H2: vx6 local6" "$(t_ipj "$H2" vx6 .linkinfo.info_data.local6)" 2001:db8:1::2

t_run "no endpoint yet: VM1 gets no reply from VM2 (ping exits 1)" 1 \
	ip netns exec "$VM1" ping -c 1 -W 1 192.0.2.2

t_run "H1: brkit fdb append 00:00:00:00:00:00 dev vx6 dst 2001:db8:1::2 self" 0 \
	$BRKIT -n "$H1" fdb append 00:00:00:00:00:00 dev vx6 dst 2001:db8:1::2 self
t_run "H2: brkit fdb append 00:00:00:00:00:00 dev vx6 dst 2001:db8:1::1 self" 0 \
	$BRKIT -n "$H2" fdb append 00:00:00:00:00:00 dev vx6 dst 2001:db8:1::1 self

t_run "VM1 pings VM2 across the IPv6 tunnel" 0 ip netns exec "$VM1" ping -c 3 -W 2 192.0.2.2
t_run "VM2 pings VM1 across the IPv6 tunnel" 0 ip netns exec "$VM2" ping -c 3 -W 2 192.0.2.1
t_eq "H1: vx6 learned VM2's MAC with dst 2001:db8:1::2" \
	"$(bridge -n "$H1" -j fdb show dev vx6 | jq -r --arg m "$MAC2" '[.[] | select(.mac == $m and .dst == "2001:db8:1::2")] | length > 0')" \
	true
t_eq "H2: vx6 learned VM1's MAC with dst 2001:db8:1::1" \
	"$(bridge -n "$H2" -j fdb show dev vx6 | jq -r --arg m "$MAC1" '[.[] | select(.mac == $m and .dst == "2001:db8:1::1")] | length > 0')" \
	true
t_run "H1: brkit -j vxlan show vx6" 0 $BRKIT -n "$H1" -j vxlan show vx6
t_eq "H1: brkit reads the IPv6 local" "$(printf '%s' "$T_OUT" | jq -r '.[0].local')" 2001:db8:1::1

t_end
