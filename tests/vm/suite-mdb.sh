#!/bin/sh
# Multicast on a VLAN-filtering bridge (runs inside the VM: sh tests/vm/run.sh
# tests/vm/suite-mdb.sh; the host kernel has no VLAN filtering): per-VLAN
# snooping and querier (`brkit vlan global set`, read back with iproute2's
# `bridge -j -d vlan global show`), MDB entries in VLANs compared byte for byte
# with `bridge mdb show`, an IGMP join in a VLAN, and `mdb get` on a kernel
# that predates RTM_GETMDB get (Debian 12's 6.1).
. "$(dirname "$0")/../lib.sh"
t_netns_new NS br
t_netns_new H ha
bk() { "$BRKIT" -n "$NS" "$@"; }
ipn() { ip -n "$NS" "$@"; }
# gopt VID KEY: the per-VLAN option KEY of br0's VLAN VID, from iproute2's JSON
gopt() {
	bridge -n "$NS" -j -d vlan global show dev br0 |
		jq -r --argjson v "$1" --arg k "$2" '.[0].vlans[] | select(.vlan == $v or (.vlan <= $v and (.vlanEnd // .vlan) >= $v)) | .[$k]'
}
same() {
	_d=$1
	shift
	bridge -n "$NS" "$@" mdb show >"$T_TMP/ip.out" 2>&1
	bk "$@" mdb show >"$T_TMP/bk.out" 2>&1
	if cmp -s "$T_TMP/ip.out" "$T_TMP/bk.out"; then
		t_ok "$_d: byte-identical ($(wc -l <"$T_TMP/ip.out") lines)"
	else
		t_fail "$_d: differs"
		diff "$T_TMP/ip.out" "$T_TMP/bk.out" | head -10
	fi
}

ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
t_run "bridge add: vlan_filtering, snooping" 0 bk bridge add br0 vlan_filtering 1 mcast_snooping 1
t_run "bridge set mcast_vlan_snooping 1" 0 bk bridge set br0 mcast_vlan_snooping 1
t_eq "  ip -d link: mcast_vlan_snooping 1" \
	"$(t_ipj "$NS" br0 '.linkinfo.info_data.mcast_vlan_snooping')" 1
ipn link add p-a type veth peer name eth0 netns "$H"
ipn link set p-a master br0
ipn link set br0 up
ipn link set p-a up
ip -n "$H" link set eth0 up
t_run "p-a: access port of VLAN 10" 0 bk vlan set dev p-a vids 10 pvid 10
t_run "br0 itself in VLANs 10 and 20-21" 0 bk vlan set dev br0 vids 10,20-21

# ---- per-VLAN options ----
t_eq "VLAN 10 snoops by default" "$(gopt 10 mcast_snooping)" 1
t_run "vlan global set vid 20-21 mcast_snooping 0" 0 bk vlan global set dev br0 vid 20-21 \
	mcast_snooping 0
t_eq "  bridge -d vlan global: VLAN 20 mcast_snooping 0" "$(gopt 20 mcast_snooping)" 0
t_eq "  VLAN 21 too" "$(gopt 21 mcast_snooping)" 0
t_eq "  VLAN 10 unchanged" "$(gopt 10 mcast_snooping)" 1
t_run "vlan global set vid 10 mcast_querier 1 mcast_igmp_version 3 mcast_mld_version 2" 0 \
	bk vlan global set dev br0 vid 10 mcast_querier 1 mcast_igmp_version 3 mcast_mld_version 2
t_eq "  VLAN 10: querier, IGMPv3, MLDv2" \
	"$(gopt 10 mcast_querier) $(gopt 10 mcast_igmp_version) $(gopt 10 mcast_mld_version)" "1 3 2"
t_eq "  VLAN 20: no querier" "$(gopt 20 mcast_querier)" 0
_before=$(bridge -n "$NS" -j -d vlan global show)
t_run "a VLAN the bridge lacks: refused" 1 bk vlan global set dev br0 vid 99 mcast_querier 1
t_errmatch "  says which VLAN" "VLAN 99 on br0"
t_run "on a port: refused" 1 bk vlan global set dev p-a vid 10 mcast_querier 1
t_errmatch "  says it is not a bridge" "p-a: not a bridge"
t_run "a bad value: usage" 2 bk vlan global set dev br0 vid 10 mcast_querier 2
t_errmatch "  names the option" "mcast_querier: 2 is out of range"
t_run "a bad VLAN: usage" 2 bk vlan global set dev br0 vid 4095 mcast_querier 1
t_errmatch "  names the vid" "bad vid '4095'"
t_eq "refusals changed nothing" "$(bridge -n "$NS" -j -d vlan global show)" "$_before"

# ---- MDB entries in VLANs ----
t_run "mdb add vid 10" 0 bk mdb add dev br0 port p-a grp 233.252.0.1 permanent vid 10
t_eq "  bridge sees vid 10" \
	"$(bridge -n "$NS" -j mdb show | jq -r '.[0].mdb[] | select(.grp == "233.252.0.1") | .vid')" 10
t_run "mdb add for the host in VLAN 10" 0 bk mdb add dev br0 port br0 grp 233.252.0.2 vid 10
t_run "mdb add in VLAN 20 (snooping off there): refused" 1 bk mdb add dev br0 port br0 grp 233.252.0.3 vid 20
t_errmatch "  with the kernel's reason" "233.252.0.3 vid 20 on br0 of br0: .*multicast processing is disabled"
# an IGMP join from the host on the access port (untagged: VLAN 10)
ip -n "$H" addr add 192.0.2.11/24 dev eth0
ip -n "$H" addr add 233.252.0.10/32 dev eth0 autojoin
_i=0
while [ $_i -lt 600 ]; do
	bridge -n "$NS" -j mdb show | jq -e 'any(.[0].mdb[]; .grp == "233.252.0.10" and .vid == 10)' \
		>/dev/null && break
	sleep 0.1
	_i=$((_i + 1))
done
[ $_i -lt 600 ] && t_ok "IGMP join learnt in VLAN 10" || t_fail "no join in VLAN 10: $(bridge -n "$NS" -j mdb show)"
same "text"
same "JSON" -j
same "-d" -d
same "-d JSON" -d -j
t_run "mdb show vid 10" 0 bk mdb show vid 10
t_eq "  VLAN 10's entries, as bridge mdb show vid 10" "$T_OUT" "$(bridge -n "$NS" mdb show vid 10)"
t_eq "  only VLAN 10's" "$(printf '%s\n' "$T_OUT" | grep -vc ' vid 10$')" 0
t_eq "  the three groups among them" "$(printf '%s\n' "$T_OUT" | grep -c ' grp 233\.252\.0\.')" 3
t_run "mdb del vid 10" 0 bk mdb del dev br0 port p-a grp 233.252.0.1 vid 10
t_eq "  gone" "$(bridge -n "$NS" -j mdb show | jq '[.[0].mdb[] | select(.grp == "233.252.0.1")] | length')" 0

# ---- get needs RTM_GETMDB get (Linux 6.7); this kernel has none ----
kver=$(uname -r | awk -F. '{print $1 * 1000 + $2}')
if [ "$kver" -lt 6007 ]; then
	t_run "mdb get on Linux $(uname -r): refused" 1 bk mdb get dev br0 grp 233.252.0.2 vid 10
	t_errmatch "  says the kernel cannot, and what to use" "needs Linux 6.7 or later.*mdb show"
else
	t_run "mdb get" 0 bk mdb get dev br0 grp 233.252.0.2 vid 10
fi

t_end
