#!/bin/sh
# brkit vm-port up|down|show and the qemu-ifup/qemu-ifdown hooks, in throwaway
# namespaces: attach, guards, lock (checked on the wire), idempotence, rollback
# of every step, bad input, and 50 VMs starting at once on one bridge. Effects
# are read back through iproute2's JSON (ip -j -d link show, bridge -j fdb show).
. "$(dirname "$0")/../lib.sh"

t_netns_new NS
export BRKIT_STATE_DIR="$T_TMP/state"
# state is kept per network namespace: BRKIT_STATE_DIR/net-INODE for $NS
SD="$BRKIT_STATE_DIR/net-$(stat -c %i "/run/netns/$NS")"
ip -n "$NS" link add br-v type bridge
ip -n "$NS" link set br-v up
bk() { "$BRKIT" -n "$NS" "$@"; }
# The wire tests plug veths (their peer plays the guest): vm-port refuses
# anything but a tap unless told this is such a test.
bkv() { env BRKIT_VMPORT_TEST_VETH=1 "$BRKIT" -n "$NS" "$@"; }
ipd() { t_ipj "$NS" "$@"; }
slave() { ipd "$1" ".linkinfo.info_slave_data.$2"; }
# The static (pinned) entries of a port, as "mac vlan" lines.
pins() {
	bridge -n "$NS" -j fdb show dev "$1" | jq -r '.[] | select(.state == "static") |
		"\(.mac) \(.vlan // 0)"' | sort
}
exists() { ip -n "$NS" link show "$1" >/dev/null 2>&1 && echo yes || echo no; }

# ---- create, with guards by default and lock ----
t_run "up t-a create lock mac" 0 bk vm-port up t-a bridge br-v create lock mac 52:54:00:00:00:0a
t_eq "no complaint" "$T_ERR" ""
case $T_OUT in "t-a: up on br-v"*) t_ok "says it brought t-a up" ;; *) t_fail "output [$T_OUT]" ;; esac
t_eq "t-a is a tap" "$(ipd t-a .linkinfo.info_data.type)" "tap"
t_eq "t-a on br-v" "$(ipd t-a .master)" "br-v"
t_eq "t-a up" "$(ipd t-a '.flags | index("UP") != null')" "true"
t_eq "t-a bpdu guard on" "$(slave t-a guard)" "true"
t_eq "t-a root block on" "$(slave t-a root_block)" "true"
t_eq "t-a locked" "$(slave t-a locked)" "true"
t_eq "t-a not isolated" "$(slave t-a isolated)" "false"
t_eq "t-a's MAC pinned by a static entry" "$(pins t-a)" "52:54:00:00:00:0a 0"
t_eq "a state file for t-a" "$(sed -n 's/^spec=//p' "$SD/t-a")" \
	"bridge br-v mac 52:54:00:00:00:0a lock create"

# ---- idempotence ----
before=$(t_kstate "$NS")
t_run "the same up again" 0 bk vm-port up t-a bridge br-v create lock mac 52:54:00:00:00:0a
t_eq "says nothing changed" "$T_OUT" "t-a: already up on br-v as asked, nothing changed"
t_eq "the kernel state is the same" "$(t_kstate "$NS")" "$before"
t_run "another spec for a managed tap is refused" 1 bk vm-port up t-a bridge br-v isolated
t_errmatch "names the recorded spec" "managed by brkit with another spec"

# ---- show ----
t_run "show" 0 bk vm-port show
t_eq "show lists t-a" "$T_OUT" \
	"t-a bridge br-v mac 52:54:00:00:00:0a lock create (created) pinned 52:54:00:00:00:0a"
t_run "-j show t-a" 0 bk -j vm-port show t-a
t_eq "-j show: bridge, created, pinned mac" \
	"$(printf '%s' "$T_OUT" | jq -r '.[0] | "\(.tap) \(.bridge) \(.created) \(.pinned_mac)"')" \
	"t-a br-v true 52:54:00:00:00:0a"

t_eq "-j show: not stale" "$(printf '%s' "$T_OUT" | jq -r '.[0].stale')" "false"

# ---- create with an owner, vnet_hdr, multi_queue ----
t_run "up t-o create user daemon vnet_hdr multi_queue" 0 bk vm-port up t-o bridge br-v create \
	user daemon vnet_hdr multi_queue
t_eq "t-o: owner daemon, vnet_hdr, multi_queue" \
	"$(ipd t-o '| .linkinfo.info_data | "\(.user) \(.vnet_hdr) \(.multi_queue)"')" "daemon true true"
t_bad "$NS" "an unknown user" 2 "user 'no-such-user-x': no such user" \
	bk vm-port up t-o2 bridge br-v create user no-such-user-x
# a tap that went away behind brkit's back: show says stale, down drops the state
ip -n "$NS" link del t-o
t_run "show after the tap went away" 0 bk -j vm-port show t-o
t_eq "show: stale" "$(printf '%s' "$T_OUT" | jq -r '.[0].stale')" "true"
t_run "down of a tap that went away" 0 bk vm-port down t-o
t_eq "its state file is gone" "$(ls "$SD" | grep -c t-o)" "0"

# ---- down ----
t_run "down t-a" 0 bk vm-port down t-a
t_eq "t-a deleted (brkit created it)" "$(exists t-a)" "no"
t_eq "its FDB pin is gone" "$(bridge -n "$NS" -j fdb show br br-v | jq -r '.[] | select(.mac == "52:54:00:00:00:0a") | .mac')" ""
t_eq "its state file is gone" "$(ls "$SD")" ""
t_run "down of an unmanaged tap" 0 bk vm-port down t-a
t_eq "no error text" "$T_ERR" ""
t_eq "says it is not managed" "$(echo "$T_OUT" | grep -c 'not managed by brkit')" "1"

# ---- a tap that exists (as QEMU makes it): down leaves it as found ----
ip -n "$NS" tuntap add t-b mode tap
ip -n "$NS" link set t-b mtu 1400
found=$(ipd t-b '| {mtu, flags, master}' | jq -c .)
t_run "up t-b (existing) isolated noguard mtu auto" 0 bk vm-port up t-b bridge br-v isolated noguard mtu auto
t_eq "t-b on br-v" "$(ipd t-b .master)" "br-v"
t_eq "t-b mtu auto: the bridge's 1500" "$(ipd t-b .mtu)" "1500"
t_eq "t-b isolated" "$(slave t-b isolated)" "true"
t_eq "t-b noguard: bpdu guard off" "$(slave t-b guard)" "false"
t_eq "t-b noguard: root block off" "$(slave t-b root_block)" "false"
t_eq "t-b not locked" "$(slave t-b locked)" "false"
t_run "down t-b" 0 bk vm-port down t-b
t_eq "t-b still exists" "$(exists t-b)" "yes"
t_eq "t-b as found (mtu 1400, down, no master)" "$(ipd t-b '| {mtu, flags, master}' | jq -c .)" "$found"

# ---- lock without mac never pins the tap's own address (the host's, never the guest's):
# on this kernel (MAB) it waits for the guest's first MAC (tests/netns/vmport_lock.sh) ----
t_run "up t-c create lock (no mac)" 0 bk vm-port up t-c bridge br-v create lock
t_eq "t-c locked, nothing pinned (not its own address)" "$(slave t-c locked) [$(pins t-c)]" "true []"
W=$(sed -n 's/^waiter=\([0-9]*\) .*/\1/p' "$SD/t-c")
t_eq "t-c: a waiter for the guest's MAC" "$([ -n "$W" ] && kill -0 "$W" && echo running)" "running"
t_run "down t-c" 0 bk vm-port down t-c
# (a zombie is gone: pid 1 here may not reap)
t_eq "t-c deleted, its waiter gone" \
	"$(exists t-c) $(awk '{ sub(/.*\) /, ""); if (substr($0, 1, 1) != "Z") print "running" }' \
		"/proc/$W/stat" 2>/dev/null)" "no "

# ---- the default state directory is /run/brkit/vm-ports ----
tn="t$$"
tn=$(echo "$tn" | cut -c1-15)
t_run "up $tn with the default state directory" 0 env -u BRKIT_STATE_DIR "$BRKIT" -n "$NS" \
	vm-port up "$tn" bridge br-v create
t_eq "state file /run/brkit/vm-ports/$tn" "$(sed -n 's/^bridge=//p' "/run/brkit/vm-ports/net-$(stat -c %i "/run/netns/$NS")/$tn")" "br-v"
t_run "down $tn" 0 env -u BRKIT_STATE_DIR "$BRKIT" -n "$NS" vm-port down "$tn"
t_eq "state file removed" "$(ls "/run/brkit/vm-ports/net-$(stat -c %i "/run/netns/$NS")/$tn" 2>/dev/null)" ""

# ---- tap names are per namespace, so is the state ----
t_netns_new NS2 two
ip -n "$NS2" link add br-v type bridge
ip -n "$NS2" link set br-v up
t_run "up t-s in \$NS" 0 bk vm-port up t-s bridge br-v create
t_run "up t-s in \$NS2 (same name, other namespace)" 0 "$BRKIT" -n "$NS2" vm-port up t-s bridge br-v \
	create isolated
t_run "down t-s in \$NS" 0 bk vm-port down t-s
t_eq "\$NS2's t-s untouched" "$(t_ipj "$NS2" t-s '| .master + " " + (.linkinfo.info_slave_data.isolated | tostring)')" \
	"br-v true"
t_run "show in \$NS2 still lists t-s" 0 "$BRKIT" -n "$NS2" vm-port show
t_eq "its spec" "$T_OUT" "t-s bridge br-v isolated create (created)"
t_run "the same seen from inside \$NS2 (ip netns exec, as QEMU's hooks run)" 0 \
	ip netns exec "$NS2" "$BRKIT" vm-port down t-s
t_eq "\$NS2's t-s deleted" "$(ip -n "$NS2" link show t-s 2>/dev/null | wc -l)" "0"

# ---- rollback: a failure injected after each step leaves the port as found ----
ip -n "$NS" link add p-rb type veth peer name p-rc
ip -n "$NS" link set p-rb mtu 1400
snap() {
	printf '%s|%s\n' "$(ipd p-rb '| {mtu, master, up: (.flags | index("UP") != null)}' | jq -c .)" \
		"$(bridge -n "$NS" -j fdb show br br-v | jq -c '[.[] | select(.state == "static")]')"
}
found=$(snap)
# create-less steps: mtu, enslave, pin, flags, up = 5 changes
k=1
while [ $k -le 5 ]; do
	t_run "failure after $k changes: exit 1" 1 env BRKIT_VMPORT_FAIL_AFTER=$k \
		BRKIT_VMPORT_TEST_VETH=1 "$BRKIT" -n "$NS" \
		vm-port up p-rb bridge br-v mtu 1300 lock mac 02:00:00:00:00:0b
	t_errmatch "failure after $k: says so" "failure injected after $k change"
	t_eq "failure after $k: p-rb as found" "$(snap)" "$found"
	t_eq "failure after $k: no state file" "$(ls "$SD")" ""
	k=$((k + 1))
done
t_run "without the injected failure it takes 5 changes" 0 bkv vm-port up p-rb bridge br-v mtu 1300 \
	lock mac 02:00:00:00:00:0b
t_eq "5 changes" "$(echo "$T_OUT" | sed -n 's/.*, \([0-9]*\) changes$/\1/p')" "5"
t_run "down p-rb" 0 bk vm-port down p-rb
t_eq "after down p-rb is as found" "$(snap)" "$found"
# a created tap is deleted again on failure
for k in 1 2 3 4; do
	t_run "create, failure after $k: exit 1" 1 env BRKIT_VMPORT_FAIL_AFTER=$k "$BRKIT" -n "$NS" \
		vm-port up t-rb bridge br-v create lock mac 02:00:00:00:00:0c
	t_eq "create, failure after $k: no tap left" "$(exists t-rb)" "no"
done

# ---- bad input: clear message, non-zero exit, nothing changed ----
ip -n "$NS" tuntap add t-bad mode tap
printf 'deny all\nallow br-v\n' >"$T_TMP/acl-deny"
printf 'allow br-v\n' >"$T_TMP/acl-allow"
t_bad "$NS" "unknown bridge" 1 "bridge br-zz: no such device" bk vm-port up t-bad bridge br-zz
t_bad "$NS" "a bridge the ACL denies" 1 "bridge br-v is not allowed by the ACL $T_TMP/acl-deny" \
	bk vm-port up t-bad bridge br-v acl "$T_TMP/acl-deny"
t_bad "$NS" "bad vlan 4095" 2 "vlan '4095'" bk vm-port up t-bad bridge br-v vlan 4095
t_bad "$NS" "bad trunks list" 2 "trunks '10,,20'" bk vm-port up t-bad bridge br-v trunks 10,,20
t_bad "$NS" "reversed trunks range" 2 "trunks '20-10'" bk vm-port up t-bad bridge br-v trunks 20-10
t_bad "$NS" "vlan without kernel VLAN filtering" 1 "CONFIG_BRIDGE_VLAN_FILTERING" \
	bk vm-port up t-bad bridge br-v vlan 10
t_bad "$NS" "trunks without kernel VLAN filtering" 1 "trunks asked.*CONFIG_BRIDGE_VLAN_FILTERING" \
	bk vm-port up t-bad bridge br-v trunks 10-20
t_bad "$NS" "mtu above the bridge's" 1 "mtu 9000 is above bridge br-v's MTU 1500" \
	bk vm-port up t-bad bridge br-v mtu 9000
# issue 19: the bridge's MTU is brkit's rule for a VM's port, not the port's maximum
t_errmatch "  says it is vm-port's rule, and how to go on" \
	"vm-port keeps a VM's port at or below its bridge's MTU.*raise the bridge's MTU first"
case $T_ERR in *maximum*) t_fail "  calls the bridge's MTU a maximum: $T_ERR" ;; *) t_ok "  no 'maximum'" ;; esac
# issue 19: a veth is no VM's tap
ip -n "$NS" link add p-vx type veth peer name p-vy
t_bad "$NS" "a veth as the tap" 1 "^brkit: p-vx is a veth device, not a tap: vm-port plugs a VM's tap" \
	bk vm-port up p-vx bridge br-v
t_bad "$NS" "a veth, with create" 1 "p-vy is a veth device, not a tap" \
	bk vm-port up p-vy bridge br-v create
# issue 19: the other master by name, not its ifindex
ip -n "$NS" link add br-o type bridge
ip -n "$NS" tuntap add t-om mode tap
ip -n "$NS" link set t-om master br-o
t_bad "$NS" "a tap with another master" 1 \
	"^brkit: t-om already has another master, br-o \\(not br-v\\); release it first" \
	bk vm-port up t-om bridge br-v
case $T_ERR in *ifindex*) t_fail "  names an ifindex: $T_ERR" ;; *) t_ok "  no ifindex in the message" ;; esac
ip -n "$NS" link del t-om
ip -n "$NS" link del br-o
ip -n "$NS" link del p-vx
t_bad "$NS" "mtu above 65535" 2 "mtu '70000'" bk vm-port up t-bad bridge br-v mtu 70000
t_bad "$NS" "a tap that does not exist, without create" 1 "tap t-none does not exist" \
	bk vm-port up t-none bridge br-v
t_bad "$NS" "a repeated keyword" 2 "'lock' given twice" bk vm-port up t-bad bridge br-v lock lock
t_bad "$NS" "no bridge" 2 "'bridge BR' is missing" bk vm-port up t-bad lock
t_bad "$NS" "mac without lock" 2 "give lock too" bk vm-port up t-bad bridge br-v mac 02:00:00:00:00:01
t_bad "$NS" "multicast mac" 2 "mac '01:00:00:00:00:01'" bk vm-port up t-bad bridge br-v lock \
	mac 01:00:00:00:00:01
t_bad "$NS" "the bridge as the tap" 1 "br-v is a bridge" bk vm-port up br-v bridge br-v
t_run "an ACL that allows br-v lets it through" 0 bk vm-port up t-bad bridge br-v acl "$T_TMP/acl-allow"
t_run "down t-bad" 0 bk vm-port down t-bad

# ---- issue 19: show tells a replaced tap from a gone one ----
t_run "up t-rp create" 0 bk vm-port up t-rp bridge br-v create
old_if=$(ipd t-rp .ifindex)
ip -n "$NS" link del t-rp
ip -n "$NS" tuntap add t-rp mode tap
new_if=$(ipd t-rp .ifindex)
t_eq "  a new t-rp is another device (iproute2)" "$([ "$new_if" != "$old_if" ] && echo yes)" yes
t_run "show t-rp: a new tap of that name" 0 bk vm-port show t-rp
case $T_OUT in
*"the tap is gone"*) t_fail "  says the tap is gone while iproute2 shows a t-rp: $T_OUT" ;;
*"stale: the state is of an older device, ifindex $old_if; t-rp is now another device, ifindex $new_if: the tap was replaced"*)
	t_ok "  says the tap was replaced, with both ifindexes" ;;
*) t_fail "  output [$T_OUT]" ;;
esac
t_run "show -j t-rp" 0 bk -j vm-port show t-rp
t_eq "  stale, why: replaced" "$(printf '%s' "$T_OUT" | jq -r '.[0] | "\(.stale) \(.stale_why)"')" "true replaced"
ip -n "$NS" link del t-rp
t_run "show t-rp once it is gone" 0 bk vm-port show t-rp
case $T_OUT in *"(stale: the tap is gone)") t_ok "  says the tap is gone" ;; *) t_fail "  output [$T_OUT]" ;; esac
t_eq "  -j: stale, why: gone" "$(bk -j vm-port show t-rp | jq -r '.[0] | "\(.stale) \(.stale_why)"')" "true gone"
t_run "down t-rp drops the stale state" 0 bk vm-port down t-rp

# ---- qemu-ifup / qemu-ifdown: the tap as the only argument ----
ln -sf "$BUILD/brkit-hook" "$T_TMP/qemu-ifup"
ln -sf "$BUILD/brkit-hook" "$T_TMP/qemu-ifdown"
qx() { ip netns exec "$NS" env -u BRKIT_BRIDGE -u BRKIT_NETWORK "$@"; }
ip -n "$NS" tuntap add t-q mode tap
cat >"$T_TMP/vm-ports.conf" <<EOF
# test config
acl $T_TMP/acl-allow
t-q* bridge br-v lock mac 52:54:00:00:00:1a
t-*  bridge br-v isolated
EOF
t_run "qemu-ifup t-q (spec from the config)" 0 qx BRKIT_CONFIG="$T_TMP/vm-ports.conf" "$T_TMP/qemu-ifup" t-q
t_eq "qemu-ifup is quiet on success (its stdout is QEMU's)" "$T_OUT$T_ERR" ""
t_eq "t-q on br-v" "$(ipd t-q .master)" "br-v"
t_eq "t-q locked (first matching line)" "$(slave t-q locked)" "true"
t_eq "t-q pinned" "$(pins t-q)" "52:54:00:00:00:1a 0"
t_eq "the config's acl line recorded" "$(sed -n 's/^spec=.* acl //p' "$SD/t-q")" \
	"$T_TMP/acl-allow"
t_run "qemu-ifdown t-q" 0 qx "$T_TMP/qemu-ifdown" t-q
t_eq "t-q released" "$(ipd t-q .master)" "null"
t_run "qemu-ifup t-q (spec from the environment)" 0 qx BRKIT_CONFIG=/nonexistent \
	BRKIT_BRIDGE=br-v BRKIT_LOCK=no BRKIT_MTU=1400 "$T_TMP/qemu-ifup" t-q
t_eq "t-q on br-v with mtu 1400" "$(ipd t-q '| .master + " " + (.mtu | tostring)')" "br-v 1400"
t_eq "t-q not locked (BRKIT_LOCK=no)" "$(slave t-q locked)" "false"
t_run "qemu-ifdown t-q" 0 qx "$T_TMP/qemu-ifdown" t-q
printf 'nomatch* bridge br-v\n' >"$T_TMP/nomatch.conf"
t_bad "$NS" "qemu-ifup without a spec names both places" 1 \
	"neither BRKIT_BRIDGE nor BRKIT_NETWORK is set in the environment and $T_TMP/nomatch.conf has no line matching it" \
	qx BRKIT_CONFIG="$T_TMP/nomatch.conf" "$T_TMP/qemu-ifup" t-q
printf '# ok\nt-q bridge br-v\nt-* bridge br-v vlan 0\n' >"$T_TMP/bad.conf"
t_bad "$NS" "a malformed config line names file and line" 1 "$T_TMP/bad.conf:3: vlan '0'" \
	qx BRKIT_CONFIG="$T_TMP/bad.conf" "$T_TMP/qemu-ifup" t-q
t_bad "$NS" "a bad BRKIT_VLAN" 2 "environment: vlan 'x'" qx BRKIT_CONFIG=/nonexistent \
	BRKIT_BRIDGE=br-v BRKIT_VLAN=x "$T_TMP/qemu-ifup" t-q

# ---- lock on the wire: a frame from a spoofed MAC is not forwarded ----
t_netns_new G guest
t_netns_new P peer
for n in "$NS" "$G" "$P"; do ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1; done
ip -n "$NS" link add p-vm type veth peer name g-vm netns "$G"
ip -n "$NS" link add p-pr type veth peer name g-pr netns "$P"
ip -n "$NS" link set p-pr master br-v up
ip -n "$G" link set g-vm address 52:54:00:00:00:77 up
ip -n "$G" addr add 192.0.2.2/24 dev g-vm
ip -n "$P" link set g-pr up
ip -n "$P" addr add 192.0.2.1/24 dev g-pr
rx() { ip -n "$P" -s -j link show g-pr | jq -r '.[0].stats64.rx.packets'; }
pingok() {
	for _i in 1 2 3; do ip netns exec "$G" ping -c 1 -W 2 -q 192.0.2.1 >/dev/null 2>&1 && return 0; done
	return 1
}
# control: without lock, a spoofed source gets through (so the check below can fail)
t_run "up p-vm without lock" 0 bkv vm-port up p-vm bridge br-v
ip -n "$G" link set g-vm address 52:54:00:00:00:99
r0=$(rx)
ip netns exec "$G" ping -c 2 -W 1 -q 192.0.2.1 >/dev/null 2>&1
r1=$(rx)
if [ "$r1" -gt "$r0" ]; then t_ok "control: spoofed frames reach the peer without lock"; else
	t_fail "control: no spoofed frame reached the peer ($r0 -> $r1)"; fi
t_run "down p-vm" 0 bk vm-port down p-vm
ip -n "$G" link set g-vm address 52:54:00:00:00:77
ip -n "$P" neigh flush dev g-pr
t_run "up p-vm lock mac 52:54:00:00:00:77" 0 bkv vm-port up p-vm bridge br-v lock mac 52:54:00:00:00:77
if pingok; then t_ok "the guest's own MAC is forwarded (ping works)"; else
	t_fail "the guest's own MAC: ping fails"; fi
ip -n "$G" link set g-vm address 52:54:00:00:00:99
ip -n "$G" neigh flush dev g-vm
r0=$(rx)
ip netns exec "$G" ping -c 3 -W 1 -q 192.0.2.1 >/dev/null 2>&1
t_eq "frames from a spoofed MAC are not forwarded (peer rx unchanged)" "$(rx)" "$r0"
t_eq "the spoofed MAC was not learned" \
	"$(bridge -n "$NS" -j fdb show br br-v | jq -r '[.[] | select(.mac == "52:54:00:00:00:99")] | length')" "0"
t_run "down p-vm" 0 bk vm-port down p-vm
t_eq "p-vm released" "$(ipd p-vm .master)" "null"

# ---- 50 VMs at once on one bridge ----
i=1
while [ $i -le 50 ]; do
	m=$(printf '02:00:00:00:10:%02x' $i)
	bk vm-port up "t-c$i" bridge br-v create lock mac "$m" >"$T_TMP/c$i.out" 2>&1 &
	i=$((i + 1))
done
wait
fails=0
i=1
while [ $i -le 50 ]; do
	m=$(printf '02:00:00:00:10:%02x' $i)
	if [ "$(ipd "t-c$i" .master)" != br-v ] || [ "$(slave "t-c$i" locked)" != true ] ||
		[ "$(slave "t-c$i" guard)" != true ] || [ "$(pins "t-c$i")" != "$m 0" ] ||
		[ "$(sed -n 's/^pin=//p' "$SD/t-c$i")" != "$m 0" ]; then
		fails=$((fails + 1))
		echo "t-c$i: $(cat "$T_TMP/c$i.out")"
	fi
	i=$((i + 1))
done
t_eq "50 parallel ups: every tap on the bridge, locked, guarded, pinned, recorded" "$fails" "0"
t_eq "50 static entries on br-v, no duplicate" \
	"$(bridge -n "$NS" -j fdb show br br-v | jq -r '[.[] | select(.state == "static") | .mac] | length, (unique | length)' | tr '\n' ' ')" \
	"50 50 "
t_eq "50 state files" "$(ls "$SD" | wc -l)" "50"
i=1
while [ $i -le 50 ]; do
	bk vm-port down "t-c$i" >/dev/null 2>&1 &
	i=$((i + 1))
done
wait
t_eq "50 parallel downs: no tap left" "$(ip -n "$NS" -j link show | jq -r '[.[] | select(.ifname | startswith("t-c"))] | length')" "0"
t_eq "50 parallel downs: no state file left" "$(ls "$SD" | wc -l)" "0"

# ---- bpdu guard on the wire: a guest that sends BPDUs loses its port ----
# Each "guest" is a namespace with an STP bridge on its end of a veth: it sends a
# configuration BPDU every hello time. br-s runs the kernel's STP.
ip -n "$NS" link add br-s type bridge stp_state 1
ip -n "$NS" link set br-s up
t_netns_new GA ga
t_netns_new GB gb
for g in "$GA" "$GB"; do
	ip -n "$g" link add br-g type bridge stp_state 1 priority 0
done
ip -n "$NS" link add p-sg type veth peer name g-sg netns "$GA"
ip -n "$NS" link add p-sn type veth peer name g-sn netns "$GB"
ip -n "$GA" link set g-sg master br-g up
ip -n "$GB" link set g-sn master br-g up
t_run "up p-sg (guards by default)" 0 bkv vm-port up p-sg bridge br-s
t_run "up p-sn noguard (the control)" 0 bkv vm-port up p-sn bridge br-s noguard
ip -n "$GA" link set br-g up
ip -n "$GB" link set br-g up
pstate() { bridge -n "$NS" -j link show dev "$1" | jq -r '.[0].state'; }
guarded() { [ "$(pstate p-sg)" = disabled ]; }
_i=0
while ! guarded && [ $_i -lt 300 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
t_eq "a BPDU from the guest disabled the guarded port" "$(pstate p-sg)" "disabled"
rootport() { ip netns exec "$NS" cat /sys/class/net/br-s/bridge/root_port; }
_i=0
while [ "$(rootport)" = 0 ] && [ $_i -lt 300 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
t_eq "control: the noguard guest's BPDUs made it the root (br-s has a root port)" \
	"$([ "$(rootport)" != 0 ] && echo yes)" "yes"
t_eq "control: the noguard port is not disabled" "$([ "$(pstate p-sn)" != disabled ] && echo yes)" "yes"
t_run "down p-sg" 0 bk vm-port down p-sg
t_run "down p-sn" 0 bk vm-port down p-sn

# ---- valgrind: up, show, down without a memory error or a leak ----
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
t_run "valgrind: up" 0 $VG "$BRKIT" -n "$NS" vm-port up t-vg bridge br-v create lock \
	mac 52:54:00:00:00:0f isolated
t_run "valgrind: -j show" 0 $VG "$BRKIT" -n "$NS" -j vm-port show t-vg
t_run "valgrind: down" 0 $VG "$BRKIT" -n "$NS" vm-port down t-vg
ip -n "$NS" tuntap add t-vh mode tap
t_run "valgrind: qemu-ifup (the lean brkit-hook)" 0 qx BRKIT_CONFIG=/nonexistent BRKIT_BRIDGE=br-v \
	BRKIT_LOCK=yes BRKIT_MAC=t-vh=52:54:00:00:00:7e $VG "$T_TMP/qemu-ifup" t-vh
t_eq "valgrind: t-vh on br-v, locked (iproute2)" \
	"$(t_ipj "$NS" t-vh .master) $(t_ipj "$NS" t-vh .linkinfo.info_slave_data.locked)" "br-v true"
t_run "valgrind: qemu-ifdown (the lean brkit-hook)" 0 qx $VG "$T_TMP/qemu-ifdown" t-vh
t_eq "valgrind: t-vh released" "$(t_ipj "$NS" t-vh .master)" "null"
ip -n "$NS" link del t-vh

t_end
