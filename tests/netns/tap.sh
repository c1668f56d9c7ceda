#!/bin/sh
# brkit tap add|del|show|flush in throwaway namespaces, every effect read back
# through iproute2 (`ip -j -d link show` + jq), bad input checked for exit
# status, message and an unchanged kernel state.
. "$(dirname "$0")/../lib.sh"

t_netns_new NS
t_netns_new CALLER caller
ip -n "$NS" link add br-a type bridge
ip -n "$NS" link set br-a mtu 1400 up
# A port whose address is below any tap's, set so the bridge id is known.
ip -n "$NS" link add p-a type veth peer name p-b
ip -n "$NS" link set p-a address 02:00:00:00:00:0a master br-a up
BR_MAC=$(t_ipj "$NS" br-a .address)
t_eq "setup: br-a has p-a's address" "$BR_MAC" "02:00:00:00:00:0a"

# Run brkit from another namespace: -n must put the taps in $NS, not in the caller's.
bk() { ip netns exec "$CALLER" "$BRKIT" -n "$NS" "$@"; }
ipd() { t_ipj "$NS" "$@"; }

# ---- add with every option ----
t_run "tap add vm-1 with every option" 0 bk tap add vm-1 bridge br-a user daemon group bin \
	vnet_hdr multi_queue devgroup 7
t_eq "tap add prints the name" "$T_OUT" "vm-1"
t_eq "vm-1 is a tun of type tap" "$(ipd vm-1 '.linkinfo | .info_kind + "/" + .info_data.type')" "tun/tap"
t_eq "vm-1 persist" "$(ipd vm-1 .linkinfo.info_data.persist)" "true"
t_eq "vm-1 no packet info" "$(ipd vm-1 .linkinfo.info_data.pi)" "false"
t_eq "vm-1 owner daemon" "$(ipd vm-1 .linkinfo.info_data.user)" "daemon"
t_eq "vm-1 group bin" "$(ipd vm-1 .linkinfo.info_data.group)" "bin"
t_eq "vm-1 vnet_hdr" "$(ipd vm-1 .linkinfo.info_data.vnet_hdr)" "true"
t_eq "vm-1 multi_queue" "$(ipd vm-1 .linkinfo.info_data.multi_queue)" "true"
t_eq "vm-1 master br-a" "$(ipd vm-1 .master)" "br-a"
t_eq "vm-1 up" "$(ipd vm-1 '.flags | index("UP") != null')" "true"
t_eq "vm-1 netdev group 7" "$(ipd vm-1 .group)" "7"
t_eq "vm-1 mtu defaults to the bridge's (1400)" "$(ipd vm-1 .mtu)" "1400"
MAC1=$(ipd vm-1 .address)
case $MAC1 in
fe:??:??:??:??:??) t_ok "vm-1 default mac fe:xx:xx:xx:xx:xx ($MAC1)" ;;
*) t_fail "vm-1 default mac $MAC1 does not start with fe" ;;
esac
t_eq "br-a keeps its address (never adopts a tap's)" "$(ipd br-a .address)" "$BR_MAC"
t_eq "br-a mtu unchanged" "$(ipd br-a .mtu)" "1400"
t_eq "vm-1 is in \$NS, not in the caller's namespace" \
	"$(ip -n "$CALLER" link show vm-1 >/dev/null 2>&1 && echo present || echo absent)" "absent"
t_eq "the port is disabled until a VM attaches (no carrier)" \
	"$(bridge -n "$NS" -j link show dev vm-1 | jq -r '.[0].state')" "disabled"

# ---- explicit mtu and mac, numeric ids, no devgroup ----
t_run "tap add vm-2 mtu 1300 mac user 4321 group 4322" 0 bk tap add vm-2 bridge br-a mtu 1300 \
	mac 52:54:00:12:34:56 user 4321 group 4322
t_eq "vm-2 mtu 1300" "$(ipd vm-2 .mtu)" "1300"
t_eq "vm-2 mac as given" "$(ipd vm-2 .address)" "52:54:00:12:34:56"
t_eq "vm-2 numeric owner" "$(ipd vm-2 .linkinfo.info_data.user)" "4321"
t_eq "vm-2 numeric group" "$(ipd vm-2 .linkinfo.info_data.group)" "4322"
t_eq "vm-2 default netdev group" "$(ipd vm-2 .group)" "default"
t_eq "vm-2 no vnet_hdr" "$(ipd vm-2 .linkinfo.info_data.vnet_hdr)" "false"
t_eq "vm-2 no multi_queue" "$(ipd vm-2 .linkinfo.info_data.multi_queue)" "false"

# ---- no bridge: kernel default mtu, no master, still up ----
t_run "tap add vm-3 without a bridge" 0 bk tap add vm-3
t_eq "vm-3 no master" "$(ipd vm-3 '.master // "none"')" "none"
t_eq "vm-3 mtu 1500" "$(ipd vm-3 .mtu)" "1500"
t_eq "vm-3 up" "$(ipd vm-3 '.flags | index("UP") != null')" "true"
t_eq "vm-3 no owner" "$(ipd vm-3 '.linkinfo.info_data.user // "none"')" "none"
t_eq "vm-3 persist" "$(ipd vm-3 .linkinfo.info_data.persist)" "true"

# ---- name templates: the kernel picks the number ----
t_run "tap add vm-t%d" 0 bk tap add 'vm-t%d' bridge br-a
t_eq "first template name" "$T_OUT" "vm-t0"
t_run "tap add vm-t%d again" 0 bk tap add 'vm-t%d' bridge br-a
t_eq "second template name" "$T_OUT" "vm-t1"
t_eq "vm-t1 exists, attached" "$(ipd vm-t1 .master)" "br-a"
t_run "tap add vm-t%d -j" 0 bk -j tap add 'vm-t%d'
t_eq "-j tap add prints the name and address" "$(echo "$T_OUT" | jq -r .ifname)" "vm-t2"
t_eq "-j address is what ip reads" "$(echo "$T_OUT" | jq -r .address)" "$(ipd vm-t2 .address)"

# ---- show: text and JSON agree with iproute2 ----
t_run "tap show" 0 bk tap show
t_eq "tap show lists the 6 taps" "$(echo "$T_OUT" | grep -c '^vm-')" "6"
t_eq "tap show vm-1 line" "$(echo "$T_OUT" | grep '^vm-1:' | grep -c "tap vnet_hdr multi_queue .*persist user 1 group 2 mtu 1400 master br-a up .*address $MAC1 devgroup 7")" "1"
t_run "tap -j show" 0 bk -j tap show
t_eq "JSON lists the 6 taps" "$(echo "$T_OUT" | jq length)" "6"
t_eq "JSON vm-1 fields" "$(echo "$T_OUT" | jq -c '.[] | select(.ifname == "vm-1") | [.master, .mtu, .group, .address, .info_data.user, .info_data.group, .info_data.vnet_hdr, .info_data.multi_queue, .info_data.persist]')" \
	"[\"br-a\",1400,7,\"$MAC1\",1,2,true,true,true]"
t_eq "JSON ifindex is iproute2's" "$(echo "$T_OUT" | jq '.[] | select(.ifname == "vm-2") | .ifindex')" "$(ipd vm-2 .ifindex)"
t_run "tap show vm-2" 0 bk tap show vm-2
t_eq "tap show NAME shows one" "$(echo "$T_OUT" | wc -l)" "1"
t_run "tap show of a missing tap" 1 bk tap show vm-none
t_errmatch "tap show missing names it" "tap vm-none: no such tap"

# ---- del ----
t_run "tap del vm-3" 0 bk tap del vm-3
t_eq "vm-3 is gone" "$(ip -n "$NS" link show vm-3 >/dev/null 2>&1 && echo present || echo absent)" "absent"

# ---- rollback: a step after the creation fails, nothing is left ----
S0=$(t_kstate "$NS")
IDX0=$(ip -n "$NS" -j link show | jq '[.[].ifindex] | max')
t_run "tap add with an mtu over the tap's maximum fails" 1 bk tap add vm-r1 bridge br-a mtu 65535
t_errmatch "the failure names the tap, the bridge and the kernel's reason" \
	"attaching tap vm-r1 to bridge br-a .*mtu 65535.*: mtu greater than device maximum"
t_eq "rollback: nothing changed" "$(t_kstate "$NS")" "$S0"
t_eq "rollback: vm-r1 is gone" "$(ip -n "$NS" link show vm-r1 >/dev/null 2>&1 && echo present || echo absent)" "absent"
t_run "the same with a template" 1 bk tap add 'vm-r%d' bridge br-a devgroup 7 mtu 65535
t_errmatch "template rollback names the tap the kernel made" "attaching tap vm-r0 to bridge br-a"
t_eq "template rollback: nothing changed" "$(t_kstate "$NS")" "$S0"
# Proof that the taps were created, then removed: two ifindexes were used up.
ip -n "$NS" link add p-c type veth peer name p-d
IDX1=$(ip -n "$NS" -j link show p-c | jq '.[0].ifindex')
if [ "$IDX1" -gt $((IDX0 + 2)) ]; then
	t_ok "rollback removed taps that did exist (ifindex $IDX0 -> $IDX1)"
else
	t_fail "rollback: no tap was created before the failure (ifindex $IDX0 -> $IDX1)"
fi
ip -n "$NS" link del p-c

# ---- flush by netdev group ----
# grp G: the devices of netdev group G, sorted (iproute2 6.1's `show group` JSON is unreliable).
grp() { ip -n "$NS" -j link show | jq -r --arg g "$1" '[.[] | select(.group == $g) | .ifname] | sort | join(" ")'; }
for n in 1 2 3; do bk tap add "vm-f$n" bridge br-a devgroup 5 >/dev/null || t_fail "add vm-f$n"; done
bk tap add vm-g1 bridge br-a devgroup 6 >/dev/null || t_fail "add vm-g1"
t_eq "group 5 holds 3 taps" "$(grp 5)" "vm-f1 vm-f2 vm-f3"
t_run "tap flush devgroup 5" 0 bk tap flush devgroup 5
t_eq "group 5 is empty" "$(grp 5)" ""
t_eq "group 6 is left alone" "$(grp 6)" "vm-g1"
t_eq "group 7 is left alone" "$(grp 7)" "vm-1"
t_eq "the default group is left alone" "$(grp default)" \
	"br-a lo p-a p-b vm-2 vm-t0 vm-t1 vm-t2"
t_run "tap flush of an empty group" 0 bk tap flush devgroup 44
# a group holding something else than taps is refused
ip -n "$NS" link set p-b group 6
S0=$(t_kstate "$NS")
t_run "tap flush refuses a group holding a veth" 1 bk tap flush devgroup 6
t_errmatch "flush refusal names the group and the device" \
	"netdev group 6 holds 1 device\(s\) that are not taps \(p-b\): refusing to flush it"
t_eq "flush refusal: nothing changed" "$(t_kstate "$NS")" "$S0"

# ---- the library's bulk add (bench/taps_up.c): chunks of 128, all or nothing ----
TAPS_UP=$BUILD/bench/taps_up
if [ -x "$TAPS_UP" ]; then
	t_netns_new NB bulk
	ip -n "$NB" link add br-b type bridge
	ip -n "$NB" link set br-b mtu 1450 up
	# A bridge that had ports changes its own address and GSO limits when they
	# go, so "nothing left" here is: the same devices, and no port on br-b.
	devs() { ip -n "$NB" -j -d link show | jq -c '[.[] | [.ifname, .linkinfo.info_kind]]'; }
	S0=$(devs)
	t_run "bulk add of 300 taps where tap 290 fails" 1 "$TAPS_UP" "$NB" br-b 300 4 vm- 290
	t_errmatch "bulk failure names the tap" "attaching tap vm-290 to bridge br-b .*mtu greater than device maximum"
	t_eq "bulk failure: every tap is removed, also the earlier chunks'" "$(devs)" "$S0"
	t_eq "bulk failure: no port left on br-b" "$(ip -n "$NB" -j link show master br-b | jq length)" "0"
	t_run "bulk add of 300 taps" 0 "$TAPS_UP" "$NB" br-b 300 4 vm-
	t_eq "bulk: 300 ports on br-b" "$(ip -n "$NB" -j link show master br-b | jq length)" "300"
	t_eq "bulk: all in netdev group 4, mtu 1450, up, fe:, vnet_hdr, persist" \
		"$(ip -n "$NB" -j -d link show | jq -c '[.[] | select(.ifname | startswith("vm-")) | [.group, .mtu, (.flags | index("UP") != null), (.address | startswith("fe:")), .linkinfo.info_data.vnet_hdr, .linkinfo.info_data.persist]] | unique')" \
		'[["4",1450,true,true,true,true]]'
	t_eq "bulk: 300 distinct addresses" "$(ip -n "$NB" -j link show | jq '[.[] | select(.ifname | startswith("vm-")) | .address] | unique | length')" "300"
	t_run "flush the 300" 0 "$BRKIT" -n "$NB" tap flush devgroup 4
	t_eq "bulk: flushed" "$(devs)" "$S0"
else
	t_fail "bulk add: $TAPS_UP is missing (make bench-bins)"
fi

# ---- bad input: exit status, message naming object and reason, nothing changed ----
ip -n "$NS" tuntap add tun-1 mode tun
bad() { # DESC STATUS REGEX ARGS...
	_d=$1 _s=$2 _r=$3
	shift 3
	t_bad "$NS" "$_d" "$_s" "$_r" bk "$@"
}
bad "name over 15 bytes" 2 "tap 'vm-1234567890abc': interface name is longer than 15 bytes" tap add vm-1234567890abc
bad "empty name" 2 "tap '': interface name is empty" tap add ""
bad "name with /" 2 "tap 'vm/1': interface name contains '/'" tap add vm/1
bad "name with a space" 2 "tap 'vm 1': interface name contains .*white space" tap add "vm 1"
bad "name with two %d" 2 "tap 'vm%d%d': a name template takes one '%d'" tap add "vm%d%d"
bad "bridge that does not exist" 1 "bridge br-nope: no such device" tap add vm-9 bridge br-nope
bad "bridge that is not a bridge" 1 "p-a is not a bridge \(kind veth\)" tap add vm-9 bridge p-a
bad "bridge name over 15 bytes" 2 "bridge 'br-1234567890abcd': interface name is longer" tap add vm-9 bridge br-1234567890abcd
bad "user that does not exist" 2 "tap vm-9: user 'no-such-user-x': no such user" tap add vm-9 user no-such-user-x
bad "group that does not exist" 2 "tap vm-9: group 'no-such-group-x': no such group" tap add vm-9 group no-such-group-x
bad "mtu below range" 2 "tap vm-9: mtu '67': out of range 68..65535" tap add vm-9 mtu 67
bad "mtu above range" 2 "tap vm-9: mtu '65536': out of range 68..65535" tap add vm-9 mtu 65536
bad "mtu non-numeric" 2 "tap vm-9: mtu '15x0': not a number" tap add vm-9 mtu 15x0
bad "bad mac" 2 "tap vm-9: mac '52:54:00:zz:00:01': not a MAC address" tap add vm-9 mac 52:54:00:zz:00:01
bad "multicast mac" 2 "tap vm-9: mac 01:00:5e:00:00:01: a multicast address cannot be a device address" tap add vm-9 mac 01:00:5e:00:00:01
bad "devgroup non-numeric" 2 "tap vm-9: devgroup 'seven': not a number" tap add vm-9 devgroup seven
bad "unknown argument" 2 "tap vm-9: unknown argument 'vnethdr'" tap add vm-9 vnethdr
bad "a name that exists" 1 "tap vm-2: a device of that name exists" tap add vm-2 bridge br-a
bad "del of a device that does not exist" 1 "tap vm-none: no such device" tap del vm-none
bad "del of a veth" 1 "p-a is not a tap \(kind veth\): refusing to delete it" tap del p-a
bad "del of a bridge" 1 "br-a is not a tap \(kind bridge\): refusing to delete it" tap del br-a
bad "del of a tun-mode device" 1 "tun-1 is not a tap \(kind tun in tun mode\)" tap del tun-1
bad "flush devgroup non-numeric" 2 "devgroup 'x': not a number" tap flush devgroup x
bad "flush devgroup 0" 2 "devgroup '0': out of range" tap flush devgroup 0
t_run "a namespace that does not exist: exit 1" 1 "$BRKIT" -n bk-no-such-ns-$$ tap add vm-9
t_errmatch "a namespace that does not exist: message" "network namespace bk-no-such-ns-$$: does not exist"

t_end
