#!/bin/sh
# Bad input to the bridge, port and brctl commands: each case exits 2 (usage:
# bad name, bad or out-of-range number) or 1 (the operation failed), prints a
# message naming the object and the reason, and changes nothing in the kernel
# (t_kstate through iproute2, before and after each case).
. "$(dirname "$0")/../lib.sh"
t_netns_new NS bad
N="-n $NS"
ip -n "$NS" link add br-a type bridge stp_state 1
ip -n "$NS" link add br-b type bridge
ip -n "$NS" link add p-a0 type veth peer name p-a1
ip -n "$NS" link add p-b0 type veth peer name p-b1
ip -n "$NS" link set p-a0 master br-a
ip -n "$NS" link set p-b0 master br-b
ip -n "$NS" link set br-a up
ip -n "$NS" link set p-a0 up

# bad STATUS REGEX CMD...
bad() { # STATUS REGEX CMD...
	_st=$1 _re=$2
	shift 2
	t_bad "$NS" "$*" "$_st" "$_re" "$@"
}
BR="$BUILD/brctl"
X="ip netns exec $NS"

# ---- names: over 15 bytes, empty, '/', spaces ----
LONG=abcdefghijklmnop
for name in "$LONG" "" "a/b" "a b"; do
	case $name in "$LONG") re="'$LONG'.*longer than 15" ;; "") re="''.*empty" ;;
	*) re="'$name'.*contains '/'" ;; esac
	bad 2 "$re" $BRKIT $N addbr "$name"
	bad 2 "$re" $X $BR addbr "$name"
	bad 2 "$re" $BRKIT $N delbr "$name"
	bad 2 "$re" $BRKIT $N addif br-a "$name"
	bad 2 "$re" $BRKIT $N addif "$name" p-b1
	bad 2 "$re" $BRKIT $N showstp "$name"
	bad 2 "$re" $BRKIT $N show "$name"
	bad 2 "$re" $BRKIT $N bridge add "$name"
	bad 2 "$re" $BRKIT $N bridge set "$name" priority 1
	bad 2 "$re" $BRKIT $N bridge del "$name"
	bad 2 "$re" $BRKIT $N port set br-a "$name" learning off
	bad 2 "$re" $BRKIT $N setpathcost br-a "$name" 10
done

# ---- devices that do not exist ----
bad 1 "interface nosuch does not exist" $BRKIT $N addif br-a nosuch
bad 1 "bridge nosuch does not exist" $BRKIT $N addif nosuch p-b1
bad 1 "bridge nosuch doesn't exist; can't delete it" $BRKIT $N delbr nosuch
bad 1 "interface nosuch does not exist" $BRKIT $N delif br-a nosuch
bad 1 "set ageing time failed: bridge nosuch does not exist" $BRKIT $N setageing nosuch 10
bad 1 "set stp status failed: bridge nosuch does not exist" $BRKIT $N stp nosuch on
bad 1 "interface nosuch does not exist" $BRKIT $N setportprio br-a nosuch 3
bad 1 "bridge nosuch does not exist" $BRKIT $N showstp nosuch
bad 1 "bridge nosuch does not exist" $BRKIT $N bridge del nosuch
bad 1 "bridge nosuch does not exist" $BRKIT $N bridge set nosuch priority 1
bad 1 "bridge nosuch does not exist" $BRKIT $N bridge show nosuch
bad 1 "port nosuch of br-a: nosuch does not exist" $BRKIT $N port set br-a nosuch learning off
bad 1 "device p-a1 is not a bridge" $BRKIT $N bridge set p-a1 priority 1
bad 1 "device p-a1 is not a bridge" $BRKIT $N setageing p-a1 10

# ---- enslaving a bridge to itself, to a bridge; a port of another bridge ----
bad 1 "device br-a is a bridge device itself" $BRKIT $N addif br-a br-a
bad 1 "device br-b is a bridge device itself" $X $BR addif br-a br-b
bad 1 "device p-b0 is already a member of a bridge; can't add it to bridge br-a" \
	$BRKIT $N addif br-a p-b0
bad 1 "device p-a0 is already a member of a bridge; can't add it to bridge br-a" \
	$BRKIT $N addif br-a p-a0
bad 1 "device p-b0 is not a port of br-a" $BRKIT $N delif br-a p-b0
bad 1 "device p-b0 is not a port of br-a" $BRKIT $N hairpin br-a p-b0 on
bad 1 "device p-b0 is not a port of br-a" $BRKIT $N setpathcost br-a p-b0 10
bad 1 "p-b0 is not a port of br-a" $BRKIT $N port set br-a p-b0 learning off

# ---- timers and priorities out of range (brctl's and the kernel's) ----
bad 2 "set bridge priority failed: br-a: priority 65536 out of range" $BRKIT $N setbridgeprio br-a 65536
bad 2 "set forward delay failed: .*br-a.*forward_delay out of range with STP on" $BRKIT $N setfd br-a 1
bad 2 "set forward delay failed: .*br-a.*forward_delay out of range with STP on" $BRKIT $N setfd br-a 31
bad 2 "set hello timer failed: br-a: hello_time out of range" $BRKIT $N sethello br-a 0
bad 2 "set hello timer failed: br-a: hello_time out of range" $BRKIT $N sethello br-a 0.5
bad 2 "set hello timer failed: br-a: hello_time out of range" $BRKIT $N sethello br-a 11
bad 2 "set max age failed: br-a: max_age out of range" $BRKIT $N setmaxage br-a 41
bad 2 "set max age failed: br-a: max_age out of range" $BRKIT $N setmaxage br-a 5
bad 2 "set port priority failed: p-a0 of br-a: port priority 64 out of range" $BRKIT $N setportprio br-a p-a0 64
bad 2 "set path cost failed: p-a0 of br-a: path cost 0 out of range" $BRKIT $N setpathcost br-a p-a0 0
bad 2 "set path cost failed: p-a0 of br-a: path cost 65536 out of range" $BRKIT $N setpathcost br-a p-a0 65536
bad 2 "br-a: priority: 65536 is out of range" $BRKIT $N bridge set br-a priority 65536
bad 2 "br-a: hello_time out of range" $BRKIT $N bridge set br-a hello_time 50
bad 2 "br-a.*forward_delay out of range with STP on" $BRKIT $N bridge set br-a forward_delay 100
bad 2 "br-n: forward_delay out of range with STP on" $BRKIT $N bridge add br-n stp_state 1 forward_delay 100
bad 2 "br-n: max_age out of range" $BRKIT $N bridge add br-n max_age 4001
bad 2 "br-a: group_fwd_mask may not forward" $BRKIT $N bridge set br-a group_fwd_mask 1
bad 2 "br-a p-a0: cost 0 is out of range" $BRKIT $N port set br-a p-a0 cost 0
bad 2 "br-a p-a0: priority 64 is out of range" $BRKIT $N port set br-a p-a0 priority 64
# a later bad value stops the earlier good ones too
bad 2 "br-a: hello_time out of range" $BRKIT $N bridge set br-a priority 7 hello_time 2000
bad 2 "br-a p-a0: cost 0 is out of range" $BRKIT $N port set br-a p-a0 learning off cost 0

# ---- not numbers ----
bad 2 "^bad ageing time value: br-a: 'abc' is not a number of seconds$" $BRKIT $N setageing br-a abc
bad 2 "^bad priority: br-a: '12x' is not a whole number$" $BRKIT $N setbridgeprio br-a 12x
bad 2 "^bad forward delay value: br-a: '4s' is not a number of seconds$" $BRKIT $N setfd br-a 4s
bad 2 "^bad hello timer value: br-a: '' is not a number of seconds$" $BRKIT $N sethello br-a ""
bad 2 "^bad max age value: br-a: '-3' is not a number of seconds$" $BRKIT $N setmaxage br-a -3
bad 2 "^bad path cost value: p-a0 of br-a: '1e3' is not a whole number$" $BRKIT $N setpathcost br-a p-a0 1e3
bad 2 "^bad path priority value: p-a0 of br-a: 'x' is not a whole number$" $BRKIT $N setportprio br-a p-a0 x
bad 2 "br-a: ageing_time: '1e3' is not a number" $BRKIT $N bridge set br-a ageing_time 1e3
bad 2 "br-a p-a0: cost: 'abc' is not a number" $BRKIT $N port set br-a p-a0 cost abc
bad 2 "br-a p-a0: learning: 'maybe' is not on/off" $BRKIT $N port set br-a p-a0 learning maybe
bad 2 "unknown port option 'proxy_arp'" $BRKIT $N port set br-a p-a0 proxy_arp on
bad 2 "unknown bridge option 'stp'" $BRKIT $N bridge set br-a stp 1
bad 2 "^expect on/off for argument: br-a: 'maybe'$" $BRKIT $N stp br-a maybe

# ---- VLAN options on a kernel without CONFIG_BRIDGE_VLAN_FILTERING ----
bad 1 "br-a.*CONFIG_BRIDGE_VLAN_FILTERING" $BRKIT $N bridge set br-a vlan_filtering on
bad 1 "br-a.*CONFIG_BRIDGE_VLAN_FILTERING" $BRKIT $N bridge set br-a ageing_time 100 default_pvid 3
bad 1 "br-v.*CONFIG_BRIDGE_VLAN_FILTERING" $BRKIT $N bridge add br-v vlan_stats on

# ---- a namespace that does not exist ----
bad 1 "network namespace nosuch-ns: does not exist" $BRKIT -n nosuch-ns show
bad 1 "network namespace nosuch-ns: does not exist" $BRKIT -n nosuch-ns bridge show
bad 1 "network namespace nosuch-ns: does not exist" $BRKIT -n nosuch-ns addbr br-z

# ---- deleting a bridge that is up with ports: brctl refuses, so do we ----
bad 1 "^bridge br-a is still up; can't delete it$" $BRKIT $N delbr br-a
bad 1 "^bridge br-a is still up; can't delete it$" $X $BR delbr br-a
bad 1 "^device br-b already exists; can't create bridge with the same name$" $BRKIT $N addbr br-b
bad 1 "can't delete bridge p-a1: device p-a1 is not a bridge" $BRKIT $N delbr p-a1
bad 1 "creating bridge br-b: device br-b already exists" $BRKIT $N bridge add br-b priority 3
bad 1 "device p-a1 is not a bridge" $BRKIT $N bridge del p-a1
bad 2 "bridge set br-a: nothing to change" $BRKIT $N bridge set br-a
bad 2 "port set br-a p-a0: nothing to change" $BRKIT $N port set br-a p-a0
bad 2 "unknown command 'nosuchverb'" $BRKIT $N nosuchverb
bad 2 "never heard of command \[nosuchverb\]" $X $BR nosuchverb
t_end
