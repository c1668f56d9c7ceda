#!/bin/sh
# brkit vlan on the host kernel, which lacks bridge VLAN filtering
# (CONFIG_BRIDGE_VLAN_FILTERING): every command fails with exit 1 and a
# message naming the option, and nothing changes. Bad input is refused
# before the kernel is asked (exit 2), also here.
. "$(dirname "$0")/../lib.sh"

t_netns_new NS
ip -n "$NS" link add br-v type bridge || exit 1
ip -n "$NS" link add p-a type veth peer name p-b || exit 1
ip -n "$NS" link set p-a master br-v || exit 1
ip -n "$NS" link set br-v up
ip -n "$NS" link set p-a up

if ip -n "$NS" -j -d link show br-v | jq -e '.[0].linkinfo.info_data.vlan_protocol' >/dev/null; then
	t_fail "this kernel has bridge VLAN filtering: run tests/vm/suite-vlan.sh instead"
	t_end
	exit 1
fi
# The independent reader sees the same: iproute2 cannot turn filtering on.
ip -n "$NS" link set br-v type bridge vlan_filtering 1 2>/dev/null
t_eq "iproute2 confirms: vlan_filtering stays off" "$(t_ipj "$NS" br-v .linkinfo.info_data.vlan_filtering)" 0

before=$(t_kstate "$NS")
bv_before=$(bridge -n "$NS" -j vlan show)
K=CONFIG_BRIDGE_VLAN_FILTERING

kernel_refuses() { # DESC ARGS...: exit 1, message names the option and the device
	_d=$1
	shift
	t_run "$_d: exit 1" 1 "$BRKIT" -n "$NS" "$@"
	t_errmatch "$_d: names $K" "$K"
}
kernel_refuses "vlan add to a port" vlan add dev p-a vid 10 pvid untagged
t_errmatch "vlan add: names the port" "p-a"
kernel_refuses "vlan add a range" vlan add dev p-a vid 20-30
kernel_refuses "vlan del" vlan del dev p-a vid 1
kernel_refuses "vlan add self on the bridge" vlan add dev br-v vid 5 self
t_errmatch "vlan add self: names the bridge" "br-v"
kernel_refuses "vlan set" vlan set dev p-a vids 1,10,20-30 pvid 10
kernel_refuses "vlan set 1-4094" vlan set dev p-a vids 1-4094
kernel_refuses "vlan show" vlan show
kernel_refuses "vlan show -j" -j vlan show
kernel_refuses "vlan show dev" vlan show dev p-a
kernel_refuses "vlan show vid" vlan show vid 10
t_eq "vlan show: nothing on stdout" "$T_OUT" ""
t_run "vlan show (RTM_GETLINK path): exit 1" 1 env BRKIT_VLAN_GETLINK=1 "$BRKIT" -n "$NS" vlan show
t_errmatch "vlan show (RTM_GETLINK path): names $K" "$K"

# Bad input: exit 2 before any request.
bad() { # DESC REGEX ARGS...
	_d=$1 _re=$2
	shift 2
	t_bad "$NS" "$_d" 2 "$_re" "$BRKIT" -n "$NS" "$@"
}
bad "vid 0" "'0'.*0 is reserved" vlan add dev p-a vid 0
bad "vid 4095" "'4095'.*4095 is reserved" vlan add dev p-a vid 4095
bad "vid 4096" "'4096'.*out of range" vlan add dev p-a vid 4096
bad "vid -1" "'-1'.*no sign" vlan add dev p-a vid -1
bad "vid abc" "'abc'.*number" vlan add dev p-a vid abc
bad "vid 10-5" "'10-5'.*below its start" vlan del dev p-a vid 10-5
bad "vids 1,,2" "'1,,2'.*empty element" vlan set dev p-a vids 1,,2
bad "pvid on a range" "p-a vid 10-20: pvid cannot be set on a range" vlan add dev p-a vid 10-20 pvid
bad "set pvid not in the list" "pvid 5 is not in vids 10" vlan set dev p-a vids 10 pvid 5
bad "set pvid 0" "bad pvid '0'" vlan set dev p-a vids 10 pvid 0
bad "show vid 4095" "4095 is reserved" vlan show vid 4095
bad "missing vid" "missing 'vid VID'" vlan add dev p-a
bad "bad interface name" "device" vlan add dev a/b vid 3
bad "unknown word" "unknown argument 'tagged'" vlan add dev p-a vid 3 tagged

# A device that is not a bridge port (exit 1, says so) and one that does not exist.
t_run "not a bridge port: exit 1" 1 "$BRKIT" -n "$NS" vlan add dev p-b vid 10
t_errmatch "not a bridge port: says so" "p-b is not a bridge port"
t_run "no such device: exit 1" 1 "$BRKIT" -n "$NS" vlan add dev p-zz vid 10
t_errmatch "no such device: says so" "p-zz: no such device"

t_eq "nothing changed (links, fdb)" "$(t_kstate "$NS")" "$before"
t_eq "nothing changed (bridge -j vlan show)" "$(bridge -n "$NS" -j vlan show)" "$bv_before"
t_end
