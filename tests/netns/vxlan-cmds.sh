#!/bin/sh
# brkit vxlan add|del|show in one namespace: every attribute read back through
# `ip -j -d link show`, and every bad input of the issue refused with a message
# naming the object and the reason, the right exit status, and no kernel change.
. "$(dirname "$0")/../lib.sh"

t_netns_new A
ip -n "$A" link add br-a type bridge
ip -n "$A" link add p-u type veth peer name p-v

# ---- add: every attribute in one request, read back by iproute2 ----
t_run "add vx-a with local, dstport, learning, dev, bridge" 0 \
	$BRKIT -n "$A" vxlan add vx-a vni 42 local 198.51.100.1 dstport 4789 learning on dev p-u bridge br-a
t_eq "vx-a kind" "$(t_ipj "$A" vx-a .linkinfo.info_kind)" vxlan
t_eq "vx-a vni" "$(t_ipj "$A" vx-a .linkinfo.info_data.id)" 42
t_eq "vx-a local" "$(t_ipj "$A" vx-a .linkinfo.info_data.local)" 198.51.100.1
t_eq "vx-a dstport" "$(t_ipj "$A" vx-a .linkinfo.info_data.port)" 4789
t_eq "vx-a learning" "$(t_ipj "$A" vx-a .linkinfo.info_data.learning)" true
t_eq "vx-a underlay" "$(t_ipj "$A" vx-a .linkinfo.info_data.link)" p-u
t_eq "vx-a master" "$(t_ipj "$A" vx-a .master)" br-a
t_eq "vx-a is up" "$(t_ipj "$A" vx-a '.flags | index("UP") != null')" true

t_run "add vx-b: IPv6 local, learning off, ttl 64, no dstport" 0 \
	$BRKIT -n "$A" vxlan add vx-b vni 16777215 local 2001:db8::1 learning off ttl 64
t_eq "vx-b vni 2^24-1" "$(t_ipj "$A" vx-b .linkinfo.info_data.id)" 16777215
t_eq "vx-b local6" "$(t_ipj "$A" vx-b .linkinfo.info_data.local6)" 2001:db8::1
t_eq "vx-b dstport defaults to 4789, not the kernel's 8472" \
	"$(t_ipj "$A" vx-b .linkinfo.info_data.port)" 4789
t_eq "vx-b learning off" "$(t_ipj "$A" vx-b .linkinfo.info_data.learning)" false
t_eq "vx-b ttl" "$(t_ipj "$A" vx-b .linkinfo.info_data.ttl)" 64
t_eq "vx-b has no master" "$(t_ipj "$A" vx-b .master)" null
t_eq "vx-b stays down" "$(t_ipj "$A" vx-b '.flags | index("UP") != null')" false

# The kernel and iproute2 accept VNI 0; brkit does too.
t_run "add vx-z with vni 0 (accepted, as by the kernel)" 0 \
	$BRKIT -n "$A" vxlan add vx-z vni 0 dstport 4790 up
t_eq "vx-z vni 0" "$(t_ipj "$A" vx-z .linkinfo.info_data.id)" 0
t_eq "vx-z dstport 4790" "$(t_ipj "$A" vx-z .linkinfo.info_data.port)" 4790
t_eq "vx-z up" "$(t_ipj "$A" vx-z '.flags | index("UP") != null')" true

# ---- show: brkit's view equals iproute2's ----
t_run "vxlan show" 0 $BRKIT -n "$A" vxlan show
t_eq "show lists the three devices" "$(printf '%s\n' "$T_OUT" | cut -d: -f1 | sort | tr '\n' ' ')" "vx-a vx-b vx-z "
t_eq "show line of vx-a" "$(printf '%s\n' "$T_OUT" | grep '^vx-a:')" \
	"vx-a: vni 42 local 198.51.100.1 dstport 4789 learning on ttl auto dev p-u master br-a up"
t_run "vxlan -j show" 0 $BRKIT -n "$A" -j vxlan show
printf '%s' "$T_OUT" >"$T_TMP/brkit.json"
ip -n "$A" -j -d link show type vxlan >"$T_TMP/ip.json"
t_eq "JSON: the same devices as ip's" \
	"$(jq -c '[.[].ifname] | sort' "$T_TMP/brkit.json")" "$(jq -c '[.[].ifname] | sort' "$T_TMP/ip.json")"
t_eq "JSON: vni, local, dstport, learning, dev, master, up as ip's" \
	"$(jq -cS 'map({ifname, vni, local: (.local // null), dstport, learning, dev: (.dev // null), master: (.master // null), up}) | sort_by(.ifname)' "$T_TMP/brkit.json")" \
	"$(jq -cS 'map({ifname, vni: .linkinfo.info_data.id, local: (.linkinfo.info_data.local // .linkinfo.info_data.local6 // null), dstport: .linkinfo.info_data.port, learning: .linkinfo.info_data.learning, dev: (.linkinfo.info_data.link // null), master: (.master // null), up: (.flags | index("UP") != null)}) | sort_by(.ifname)' "$T_TMP/ip.json")"
t_run "vxlan -j show vx-b" 0 $BRKIT -n "$A" -j vxlan show vx-b
t_eq "show NAME gives one device" "$(printf '%s' "$T_OUT" | jq -c 'map(.ifname)')" '["vx-b"]'
t_run "vxlan show of a veth fails" 1 $BRKIT -n "$A" vxlan show p-u
t_errmatch "show of a veth: names it and says why" "p-u: not a vxlan device \(kind veth\)"

# ---- bad input: exit status, message, nothing changed ----
# bad DESC STATUS REGEX ARGS...: run brkit -n A ARGS, compare kernel state before/after.
bad() {
	_bd=$1 _bs=$2 _br=$3
	shift 3
	t_bad "$A" "$_bd" "$_bs" "$_br" $BRKIT -n "$A" "$@"
}
bad "VNI over 2^24-1" 2 "vxlan vx-bad: VNI 16777216 is over 16777215" vxlan add vx-bad vni 16777216
bad "VNI far over" 2 "vxlan vx-bad: VNI 99999999999999999999 is over" vxlan add vx-bad vni 99999999999999999999
bad "VNI not a number" 2 "vxlan vx-bad: VNI 'x42' is not a number" vxlan add vx-bad vni x42
bad "VNI negative" 2 "vxlan vx-bad: VNI '-1' is not a number" vxlan add vx-bad vni -1
bad "VNI missing" 2 "vxlan vx-bad: vni N \(or external\) is required" vxlan add vx-bad local 198.51.100.1
bad "VNI without value" 2 "vxlan vx-bad: 'vni' needs a value" vxlan add vx-bad vni
bad "local not an IP" 2 "vxlan vx-bad: local '198.51.100' is not an IPv4 or IPv6 address" \
	vxlan add vx-bad vni 7 local 198.51.100
bad "local a name" 2 "vxlan vx-bad: local 'host-a' is not an IPv4 or IPv6 address" \
	vxlan add vx-bad vni 7 local host-a
bad "dstport 0" 2 "vxlan vx-bad: dstport 0 is out of range 1..65535" vxlan add vx-bad vni 7 dstport 0
bad "dstport 65536" 2 "vxlan vx-bad: dstport 65536 is out of range 1..65535" \
	vxlan add vx-bad vni 7 dstport 65536
bad "dstport not a number" 2 "vxlan vx-bad: dstport 'vxlan' is not a number" \
	vxlan add vx-bad vni 7 dstport vxlan
bad "learning maybe" 2 "vxlan vx-bad: learning 'maybe' is not on or off" \
	vxlan add vx-bad vni 7 learning maybe
bad "ttl 256" 2 "vxlan vx-bad: ttl '256' is not auto or a number 1..255" vxlan add vx-bad vni 7 ttl 256
bad "unknown keyword" 2 "vxlan vx-bad: unknown argument 'group'" vxlan add vx-bad vni 7 group 198.51.100.9
bad "vni twice" 2 "vxlan vx-bad: 'vni': vni given twice" vxlan add vx-bad vni 7 vni 8
bad "name too long" 2 "vxlan 'vx-0123456789abcdef': interface name is longer than 15 bytes" \
	vxlan add vx-0123456789abcdef vni 7
bad "name empty" 2 "vxlan '': interface name is empty" vxlan add "" vni 7
bad "name with /" 2 "vxlan 'vx/bad': interface name contains '/'" vxlan add vx/bad vni 7
bad "bridge name with /" 2 "vxlan vx-bad: bridge 'br/a': interface name contains '/'" \
	vxlan add vx-bad vni 7 bridge br/a
bad "bridge that does not exist" 1 "creating vxlan vx-bad in bridge br-none: no such device" \
	vxlan add vx-bad vni 7 bridge br-none
bad "bridge that is a veth" 1 "creating vxlan vx-bad in bridge p-v: p-v is not a bridge \(kind veth\)" \
	vxlan add vx-bad vni 7 bridge p-v
bad "underlay that does not exist" 1 "creating vxlan vx-bad: underlay device p-none does not exist" \
	vxlan add vx-bad vni 7 dev p-none
bad "name that exists" 1 "creating vxlan vx-a: a device named vx-a already exists" \
	vxlan add vx-a vni 7 dstport 4791
bad "VNI and port already used" 1 "creating vxlan vx-bad: .*VNI already exists" \
	vxlan add vx-bad vni 42 dstport 4789 local 198.51.100.1
bad "del of a veth" 1 "deleting p-u: not a vxlan device \(kind veth\)" vxlan del p-u
bad "del of a bridge" 1 "deleting br-a: not a vxlan device \(kind bridge\)" vxlan del br-a
bad "del of nothing" 1 "deleting vx-none: no such device" vxlan del vx-none
bad "del with a bad name" 2 "vxlan 'vx/a': interface name contains '/'" vxlan del vx/a
bad "del without a name" 2 "vxlan del: exactly one device name is needed" vxlan del
bad "unknown verb" 2 "vxlan: unknown command 'set'" vxlan set vx-a vni 9
t_eq "no vx-bad was left behind" "$(ip -n "$A" -j link show | jq '[.[] | select(.ifname == "vx-bad")] | length')" 0

# ---- the kernel refuses the enslave: the new device must not stay ----
# A bridge takes 1023 ports here; the next enslave answers EXFULL, after the
# kernel created the vxlan in the same request.
ip -n "$A" link add br-full type bridge
i=0
while [ $i -lt 1024 ]; do
	i=$((i + 1))
	echo "tuntap add mode tap name t-$i"
	echo "link set t-$i master br-full"
done | ip -n "$A" -batch - >/dev/null 2>&1
t_eq "br-full cannot take a veth any more" \
	"$(ip -n "$A" link add p-full master br-full type veth peer name p-full2 2>/dev/null; echo $?)" 2
_before=$(t_kstate "$A")
t_run "vxlan add into a full bridge fails" 1 $BRKIT -n "$A" vxlan add vx-full vni 77 bridge br-full
t_errmatch "full bridge: message names the device and the bridge" "creating vxlan vx-full in bridge br-full: .*(full|Exchange)"
t_eq "full bridge: no vx-full left behind" "$(ip -n "$A" -j link show | jq '[.[] | select(.ifname == "vx-full")] | length')" 0
if [ "$(t_kstate "$A")" = "$_before" ]; then t_ok "full bridge: nothing changed"; else t_fail "full bridge: the kernel state changed"; fi

# ---- del ----
t_run "del vx-a (a bridge port)" 0 $BRKIT -n "$A" vxlan del vx-a
t_eq "vx-a is gone" "$(ip -n "$A" -j link show | jq '[.[] | select(.ifname == "vx-a")] | length')" 0
t_eq "br-a is still there" "$(t_ipj "$A" br-a .linkinfo.info_kind)" bridge
t_run "del vx-b" 0 $BRKIT -n "$A" vxlan del vx-b
t_run "del vx-z" 0 $BRKIT -n "$A" vxlan del vx-z
t_run "show with no vxlan device" 0 $BRKIT -n "$A" -j vxlan show
t_eq "show with no vxlan device is an empty list" "$T_OUT" "[]"
t_eq "ip sees no vxlan device" "$(ip -n "$A" -j link show type vxlan | jq length)" 0

# ---- under valgrind: no leak, no invalid or uninitialised access (exit 99) ----
if command -v valgrind >/dev/null 2>&1; then
	VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"
	t_run "valgrind: vxlan add with bridge" 0 $VG $BRKIT -n "$A" vxlan add vx-vg vni 5 local 198.51.100.1 dev p-u bridge br-a
	t_run "valgrind: vxlan show" 0 $VG $BRKIT -n "$A" vxlan show
	t_run "valgrind: -j vxlan show" 0 $VG $BRKIT -n "$A" -j vxlan show
	t_run "valgrind: -j vxlan show vx-vg" 0 $VG $BRKIT -n "$A" -j vxlan show vx-vg
	t_run "valgrind (failing): bridge missing" 1 $VG $BRKIT -n "$A" vxlan add vx-vh vni 6 bridge br-none
	t_run "valgrind (failing): del of a veth" 1 $VG $BRKIT -n "$A" vxlan del p-u
	t_run "valgrind (usage): VNI over" 2 $VG $BRKIT -n "$A" vxlan add vx-vh vni 16777216
	t_run "valgrind: vxlan del" 0 $VG $BRKIT -n "$A" vxlan del vx-vg
else
	t_fail "valgrind is not installed (scripts/deps.sh lists it)"
fi

t_end
