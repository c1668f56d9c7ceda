#!/bin/sh
# Issue 7's defects found by trying brkit as a new user would, each checked
# end to end: fdb remote endpoints without self, master with self, a device
# whose name cannot be printed, -batch on a directory, name templates, a
# keyword given twice, brctl's numbers and options, help, and -batch input
# (NUL bytes, quotes, binary garbage, the word limit). Kernel state is read
# back through iproute2; refused commands must leave it as it was (t_bad).
. "$(dirname "$0")/../lib.sh"
t_netns_new NS edge
N="-n $NS"
ip -n "$NS" link add br-a type bridge
ip -n "$NS" link add br-b type bridge
ip -n "$NS" link add p-a0 type veth peer name p-a1
ip -n "$NS" link set p-a0 master br-a
ip -n "$NS" link add vx0 type vxlan id 42 dstport 4789 local 198.51.100.1 nolearning
ip -n "$NS" link set vx0 master br-a
ip -n "$NS" link set br-a up
ip -n "$NS" link set p-a0 up

bad() { # DESC STATUS REGEX CMD...
	_d=$1 _st=$2 _re=$3
	shift 3
	t_bad "$NS" "$_d" "$_st" "$_re" "$@"
}
bk() { "$BRKIT" $N "$@"; }
ntaps() { ip -n "$NS" -j -d link show | jq '[.[] | select(.linkinfo.info_kind == "tun")] | length'; }
has_link() { ip -n "$NS" link show dev "$1" >/dev/null 2>&1 && echo yes || echo no; }
kind() { ip -n "$NS" -j -d link show dev "$1" 2>/dev/null | jq -r '.[0].linkinfo.info_kind'; }

# ---- 1. remote endpoints without self; 4. master with self ----
bad "fdb dst on a VXLAN port without self" 2 "'dst': needs 'self'" \
	$BRKIT $N fdb add 02:77:00:00:00:01 dev vx0 dst 198.51.100.9
bad "fdb vni on a veth port without self" 2 "'vni': needs 'self'" \
	$BRKIT $N fdb add 02:77:00:00:00:02 dev p-a0 vni 5
bad "fdb port without self" 2 "'port': needs 'self'" \
	$BRKIT $N fdb add 02:77:00:00:00:03 dev vx0 port 4790 master
bad "fdb via without self" 2 "'via': needs 'self'" \
	$BRKIT $N fdb add 02:77:00:00:00:04 dev vx0 via p-a0
bad "fdb master and self together" 2 "'master self': give one" \
	$BRKIT $N fdb add 02:77:00:00:00:05 dev p-a0 master self
t_run "fdb dst with self goes into the VXLAN device's table" 0 \
	bk fdb add 02:77:00:00:00:01 dev vx0 dst 198.51.100.9 self
t_eq "  iproute2 sees it with its dst" "$(bridge -n "$NS" -j fdb show dev vx0 |
	jq -r '[.[] | select(.mac == "02:77:00:00:00:01" and .dst == "198.51.100.9")] | length')" 1
t_eq "  and no master entry was made" "$(bridge -n "$NS" -j fdb show dev vx0 |
	jq -r '[.[] | select(.mac == "02:77:00:00:00:01" and .master != null)] | length')" 0

# ---- 2. a device whose name cannot be written goes again ----
bad "tap add full%d >/dev/full" 1 "tap full0: writing its name: No space left.*removed it" \
	sh -c "\"$BRKIT\" $N tap add 'full%d' >/dev/full"
bad "tap add clo%d with stdout closed" 1 "tap clo0: writing its name: Bad file descriptor.*removed" \
	sh -c "\"$BRKIT\" $N tap add 'clo%d' >&-"
bad "tap add named, >/dev/full" 1 "tap t-full: writing its name" \
	sh -c "\"$BRKIT\" $N tap add t-full >/dev/full"
# a reader that is gone: the subshell writes until `true` has exited (EPIPE, so
# the pipe surely has no reader), then runs brkit with SIGPIPE at its default
{
	trap '' PIPE
	while printf x 2>/dev/null; do :; done
	env --default-signal=PIPE "$BRKIT" $N tap add 'pipe%d' 2>"$T_TMP/pipe.err"
	echo $? >"$T_TMP/pipe.st"
} | true
t_eq "tap add pipe%d into a pipe nobody reads: exit 1 (not killed by SIGPIPE)" "$(cat "$T_TMP/pipe.st")" 1
t_eq "  says so" "$(cat "$T_TMP/pipe.err")" "brkit: tap pipe0: writing its name: Broken pipe; removed it again"
t_eq "  no tap left behind" "$(ntaps)" 0
bad "bridge add full%d >/dev/full" 1 "bridge full0: writing its name.*removed it" \
	sh -c "\"$BRKIT\" $N bridge add 'full%d' >/dev/full"

# ---- 5. -batch on a directory ----
bad "-batch on a directory" 1 "batch file $T_TMP: Is a directory" $BRKIT $N -batch "$T_TMP"

# ---- 6. name templates: one rule, and the name made is printed ----
t_run "bridge add x%d" 0 bk bridge add 'x%d'
t_eq "  prints the name made" "$T_OUT" x0
t_eq "  x0 is a bridge" "$(kind x0)" bridge
t_run "bridge add x%d again" 0 bk bridge add 'x%d' up
t_eq "  takes the next number" "$T_OUT" x1
t_eq "  and is up" "$(t_ipj "$NS" x1 '.flags | index("UP") != null')" true
t_run "-j bridge add x%d" 0 bk -j bridge add 'x%d'
t_eq "  prints the name as JSON" "$(printf '%s' "$T_OUT" | jq -r .ifname)" x2
t_run "addbr a%d" 0 bk addbr 'a%d'
t_eq "  prints the name made" "$T_OUT" a0
t_eq "  a0 is a bridge" "$(kind a0)" bridge
for cmd in "bridge add" "addbr" "tap add"; do
	for tmpl in 'y%d%d' 'z%' 'w%s'; do
		bad "$cmd $tmpl refused here" 2 "'$tmpl': a name template takes one '%d' and no other '%'" \
			$BRKIT $N $cmd "$tmpl"
	done
done
bad "brctl addbr z% refused here" 2 "'z%': a name template" ip netns exec "$NS" "$BRCTL_BRKIT" addbr 'z%'

# ---- 7. a keyword given twice ----
bad "tap add, bridge twice" 2 "'bridge' given twice" $BRKIT $N tap add t-twice bridge br-a bridge br-b
bad "bridge add, up then down" 2 "'down': up or down given twice" $BRKIT $N bridge add br-t up down
bad "bridge set, up then down (br-a is up)" 2 "'down': up or down given twice" \
	$BRKIT $N bridge set br-a up down
bad "bridge set, an alias twice" 2 "'vlan_default_pvid': default_pvid given twice" \
	$BRKIT $N bridge set br-a default_pvid 2 vlan_default_pvid 3
bad "port set, learning twice" 2 "'learning' given twice" \
	$BRKIT $N port set br-a p-a0 learning off learning on
bad "vxlan add, ttl twice" 2 "'ttl' given twice" $BRKIT $N vxlan add vx-t vni 5 ttl 3 ttl 4
bad "vxlan add, up twice" 2 "'up' given twice" $BRKIT $N vxlan add vx-t vni 5 up up
bad "fdb add, self twice" 2 "'self' given twice" $BRKIT $N fdb add 02:77:00:00:00:09 dev vx0 self self
bad "fdb add, dev twice" 2 "'dev' given twice" $BRKIT $N fdb add 02:77:00:00:00:09 dev p-a0 dev vx0
bad "fdb get, br twice" 2 "'br' given twice" $BRKIT $N fdb get 02:77:00:00:00:09 br br-a br br-b
bad "vlan add, vid twice" 2 "'vid' given twice" $BRKIT $N vlan add dev p-a0 vid 5 vid 6
bad "vlan add, self then master" 2 "'master' given twice \(self or master" \
	$BRKIT $N vlan add dev p-a0 vid 5 self master
bad "vlan set, pvid twice" 2 "'pvid' given twice" $BRKIT $N vlan set dev p-a0 vids 1,5 pvid 1 pvid 5
bad "vlan show, dev twice" 2 "'dev' given twice" $BRKIT $N vlan show dev p-a0 dev vx0
# (timeout: a monitor that took the words would run forever)
bad "fdb show static static" 2 "'static' given twice" $BRKIT $N fdb show static static
bad "monitor link link" 2 "'link' given twice" timeout 20 $BRKIT $N monitor link link

# ---- 8. brctl reads numbers as bridge-utils does (sscanf %i) ----
t_run "brctl setbridgeprio br-a 010" 0 ip netns exec "$NS" "$BRCTL_BRKIT" setbridgeprio br-a 010
t_eq "  010 is octal: priority 8" "$(t_ipj "$NS" br-a .linkinfo.info_data.priority)" 8
t_run "brctl setbridgeprio br-a 0x20" 0 ip netns exec "$NS" "$BRCTL_BRKIT" setbridgeprio br-a 0x20
t_eq "  0x20 is hex: priority 32" "$(t_ipj "$NS" br-a .linkinfo.info_data.priority)" 32
t_run "brctl setportprio br-a p-a0 011" 0 ip netns exec "$NS" "$BRCTL_BRKIT" setportprio br-a p-a0 011
t_eq "  port priority 9" "$(t_ipj "$NS" p-a0 .linkinfo.info_slave_data.priority)" 9
t_run "brctl setpathcost br-a p-a0 010" 0 ip netns exec "$NS" "$BRCTL_BRKIT" setpathcost br-a p-a0 010
t_eq "  path cost 8" "$(t_ipj "$NS" p-a0 .linkinfo.info_slave_data.cost)" 8
if command -v brctl >/dev/null 2>&1 && [ "$(readlink -f "$(command -v brctl)")" != "$(readlink -f "$BUILD/brkit")" ]; then
	ip netns exec "$NS" brctl setbridgeprio br-b 010
	t_eq "  bridge-utils reads 010 the same" "$(t_ipj "$NS" br-b .linkinfo.info_data.priority)" 8
else
	t_fail "bridge-utils' brctl is not installed (make deps)"
fi
bad "brctl setbridgeprio 09 (not octal)" 2 "bad priority: br-a: '09'" \
	ip netns exec "$NS" "$BRCTL_BRKIT" setbridgeprio br-a 09
bad "brctl addbr -x is an invalid option" 2 "invalid option -- 'x'" \
	ip netns exec "$NS" "$BRCTL_BRKIT" addbr -x
bad "brkit addbr -x too" 2 "invalid option -- 'x'" $BRKIT $N addbr -x
t_eq "  no device -x" "$(has_link -x)" no

# ---- 10. help: to stdout, exit 0; a usage error: to stderr, exit 2 ----
for cmd in bridge port tap fdb monitor vxlan vlan; do
	for form in "$cmd help" "$cmd -h" "$cmd --help" "help $cmd"; do
		t_run "brkit $form" 0 $BRKIT $form
		case $T_OUT in Usage:*"$cmd"*) t_ok "  its usage on stdout" ;;
		*) t_fail "  brkit $form: stdout [$T_OUT] is not $cmd's usage" ;; esac
		t_eq "  nothing on stderr" "$T_ERR" ""
	done
	t_eq "help $cmd is $cmd help" "$($BRKIT help $cmd)" "$($BRKIT $cmd help)"
	t_run "brkit $cmd frob: a usage error" 2 $BRKIT $N $cmd frob
	t_eq "  nothing on stdout" "$T_OUT" ""
	case $T_ERR in *Usage:*) t_ok "  the usage on stderr" ;; *) t_fail "  no usage on stderr: [$T_ERR]" ;; esac
done
t_run "brkit help" 0 $BRKIT help
case $T_OUT in "Usage: brkit"*) t_ok "  the general usage" ;; *) t_fail "  stdout [$T_OUT]" ;; esac
t_run "brkit help addbr (a brctl verb)" 0 $BRKIT help addbr
case $T_OUT in *addbr*) t_ok "  the brctl verbs" ;; *) t_fail "  stdout [$T_OUT]" ;; esac
t_run "brkit help frob" 2 $BRKIT help frob
t_errmatch "  names it" "help: unknown command 'frob'"
t_run "brkit bridge (no verb)" 2 $BRKIT bridge
t_eq "  nothing on stdout" "$T_OUT" ""

# ---- 12. -batch input ----
printf 'bridge add br-n1\0 junk\nbridge add br-n2\n' >"$T_TMP/nul"
bad "-batch line with a NUL byte" 2 "nul: line 1 holds a NUL byte" $BRKIT $N -batch "$T_TMP/nul"
t_eq "  br-n1 was not made" "$(has_link br-n1)" no
t_eq "  nor the next line's br-n2" "$(has_link br-n2)" no
printf 'bridge add "q b"\n' >"$T_TMP/quoted"
bad "-batch: a quoted name stays one word" 2 "bridge 'q b': interface name contains" \
	$BRKIT $N -batch "$T_TMP/quoted"
printf 'bridge add "br-q1" up\n' >"$T_TMP/quoted2"
t_run "-batch: quotes are taken off" 0 bk -batch "$T_TMP/quoted2"
t_eq "  br-q1 made and up" "$(t_ipj "$NS" br-q1 '.flags | index("UP") != null')" true
printf 'bridge add "br-q2\n' >"$T_TMP/unterminated"
bad "-batch: an unterminated quote" 2 "line 1: unterminated double quote" $BRKIT $N -batch "$T_TMP/unterminated"
printf '\001\033[31m\377 x\n' >"$T_TMP/garbage"
bad "-batch: binary garbage" 2 "line 1" $BRKIT $N -batch "$T_TMP/garbage"
t_errmatch "  escaped in the message" "unknown command '\\\\x01\\\\x1b\[31m\\\\xff'"
if printf '%s' "$T_ERR" | LC_ALL=C grep -q "$(printf '[\001\033\377]')"; then
	t_fail "  a raw control byte reached stderr"
else
	t_ok "  no raw control byte on stderr"
fi
bad "brctl's messages escape control bytes too" 1 "^bridge n\\\\x01x doesn't exist; can't delete it$" \
	ip netns exec "$NS" "$BRCTL_BRKIT" delbr "$(printf 'n\001x')"
{ printf 'bridge add'; i=0; while [ $i -lt 300 ]; do printf ' w%d' $i; i=$((i + 1)); done; echo; } >"$T_TMP/long"
bad "-batch: too many words" 2 "line 1: too many words \(at most 255\)" $BRKIT $N -batch "$T_TMP/long"

t_end
