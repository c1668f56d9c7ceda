#!/bin/sh
# Bash completion (completion/brkit.bash): sourced in bash, asked for the
# completions of command lines (COMP_WORDS, COMP_CWORD, then COMPREPLY), against
# the usage texts of the binary and against objects made in a namespace.
. "$(dirname "$0")/../lib.sh"
COMP=$T_TOP/completion/brkit.bash
if ! command -v bash >/dev/null; then
	t_fail "bash is not installed"
	t_end
fi

# comp [ENVCMD...] -- WORD...: the sorted completions of WORD... (the last word is the
# one completed), one a line; ENVCMD wraps bash (ip netns exec NS)
comp() {
	_pre=""
	while [ "$1" != "--" ]; do
		_pre="$_pre $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	$_pre bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _brkit
		printf "%s\n" "${COMPREPLY[@]}" | sort -u | grep -v "^$"' "$COMP" "$@"
}
# c_has DESC WORD... -- WANT...: every WANT is offered
c_has() {
	_d=$1
	shift
	_w=""
	while [ "$1" != "--" ]; do
		_w="$_w '$1'"
		shift
	done
	shift
	_got=$(eval "comp -- $_w")
	_miss=""
	for _x in "$@"; do
		printf '%s\n' "$_got" | grep -qxF -- "$_x" || _miss="$_miss $_x"
	done
	t_eq "$_d" "$_miss" ""
}
# c_is DESC WANT WORD...: exactly WANT (space separated, sorted) is offered
c_is() {
	_d=$1 _want=$2
	shift 2
	t_eq "$_d" "$(comp -- "$@" | tr '\n' ' ' | sed 's/ $//')" "$_want"
}

t_run "the script parses in bash" 0 bash -n "$COMP"
t_run "sourcing it prints nothing and registers brkit and brctl" 0 bash -c \
	'. "$0" && complete -p brkit brctl' "$COMP"
t_eq "  both names use _brkit" "$(printf '%s\n' "$T_OUT" | grep -c -- '-F _brkit ')" 2

# Every command of `brkit help` and every brctl verb of `brctl --help`.
CMDS=$("$BRKIT" help | sed -n '/^  object commands:/,/^  brctl verbs/p' | sed '1d;$d' |
	sed 's/   */\n/g' | sed -n 's/^ *\([a-z][a-z-]*\).*/\1/p' | sort -u)
VERBS=$("$BUILD/brctl" --help | sed -n 's/^\t\([a-z]*\).*/\1/p')
t_eq "brkit help lists 12 commands or more" "$(echo $CMDS | wc -w | awk '$1 >= 12 {print "yes"}')" yes
t_eq "brctl --help lists 16 brctl verbs" "$(echo $VERBS | wc -w)" 16
# shellcheck disable=SC2086
c_has "brkit <TAB> offers every command of brkit help and every brctl verb" "$BRKIT" "" -- $CMDS $VERBS help
# shellcheck disable=SC2086
c_has "brkit -n NS -j <TAB> too" "$BRKIT" -n x -j "" -- $CMDS
# shellcheck disable=SC2086
c_has "brctl <TAB> offers every brctl verb" brctl "" -- $VERBS
c_is "  and nothing else" "$(echo $VERBS | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" brctl ""
c_is "/usr/sbin/brctl sh<TAB>" "show showmacs showstp" /usr/sbin/brctl sh
c_is "brkit vm<TAB>" "vm-port" brkit vm
c_is "brkit -<TAB>: the global options" "-V -batch -d -h -j -n -p -s" brkit -

# Each command's verbs, as its own usage text gives them (the word after the command
# on its Usage lines).
for c in $CMDS; do
	v=$("$BRKIT" help "$c" | sed -n "s/^\(Usage:\)\{0,1\} *brkit \(\[[^]]*\]\]* \)*$c \([a-z][a-z-]*\).*/\3/p" |
		tr '|' '\n' | sort -u)
	[ "$c" = stp ] && v=$(printf '%s\n' $v | grep -vx BR)
	[ "$c" = monitor ] && v="link fdb vlan vni all"
	# shellcheck disable=SC2086
	c_has "brkit $c <TAB> offers the verbs of brkit help $c ($(echo $v))" brkit "$c" "" -- $v help
done
c_is "brkit vxlan vni <TAB>" "add del show" brkit vxlan vni ""
c_is "brkit net host <TAB>" "add del" brkit net host ""
c_is "brkit stp port <TAB>" "set" brkit stp port ""

# The table against the usage texts, word for word: each keyword and value the
# table offers for CMD is in `brkit help CMD`, and each lowercase word of the usage
# text is in the table, unless it is prose (listed here).
PROSE=" a add adds after also and an append apply are as at be beside bin both br bridge bridges
brkit brkit-stpd build by centiseconds changes collect configure counter d default defaults
definition delete device devices difference dst each either endpoints enslaves entries event
every evpn exactly exit fdb field file filter format four frr from got gives hands happen has
host hosts in iproute2 is it its kernel kind letter libvirt like line lists made makes may
metadata monitor name names namespace net network no number object of one only options or
otherwise out part picks prefixes prints ranges remote removed rest runs s section self
sessions sets status stops tagged template that the them they those through timers to too
tap until usr vnet vtysh wait way when where with -j -p -n --vty_socket 0 00 1 10 30 4789
0..16777215 1..16777215 1-4094 20-30 802.1D-2004 details five groups multicast itself address
for mode protocol router sources ports act per-VLAN vlan_filtering on mcast_vlan_snooping -d -s brkit-evpn 8 "
cat >"$T_TMP/words.bash" <<'EOF'
# bash words.bash COMP CMD: every word the completion table offers for brkit CMD
. "$1"
{
	for k in "${!_brkit_verbs[@]}"; do
		[[ $k == "brkit $2" || $k == "brkit $2 "* ]] && printf '%s\n' ${_brkit_verbs[$k]}
	done
	for k in "${!_brkit_spec[@]}"; do
		[[ $k == "brkit $2" || $k == "brkit $2 "* ]] || continue
		for item in ${_brkit_spec[$k]}; do
			case $item in
			@:*) v=${item#@:} && printf '%s\n' ${v//,/ } ;;
			@*) ;;
			*=@*) echo "${item%%=*}" ;;
			*=*) echo "${item%%=*}" && v=${item#*=} && printf '%s\n' ${v//,/ } ;;
			*) echo "$item" ;;
			esac
		done
	done
} | grep -vx -e help -e '' | sort -u
EOF
for c in $CMDS; do
	"$BRKIT" help "$c" | sed -E "s/brkit( \[[^]]*\]+)* $c( |\$)/ /g" | tr -c 'A-Za-z0-9_.,|-' '\n' | tr ',|' '\n\n' | sed 's/\.$//' |
		grep -E '^-{0,2}[a-z0-9][A-Za-z0-9_.-]*$' | sort -u >"$T_TMP/help.$c"
	bash "$T_TMP/words.bash" "$COMP" "$c" >"$T_TMP/table.$c"
	extra=$(comm -13 "$T_TMP/help.$c" "$T_TMP/table.$c" | tr '\n' ' ')
	t_eq "brkit $c: every word the completion offers is in brkit help $c" "$extra" ""
	missing=""
	for w in $(comm -23 "$T_TMP/help.$c" "$T_TMP/table.$c"); do
		case $PROSE in *" $w "* | *"
$w "* | *" $w
"*) continue ;; esac
		missing="$missing $w"
	done
	t_eq "brkit $c: every keyword of brkit help $c is completed" "$missing" ""
done

# Keywords and their values
c_is "brkit bridge add <TAB>: a new name, nothing offered" "" brkit bridge add ""
c_has "brkit bridge add br0 <TAB>: the options" brkit bridge add br0 "" -- up vlan_filtering ageing_time
c_is "brkit bridge add br0 vlan_filtering <TAB>" "off on" brkit bridge add br0 vlan_filtering ""
c_is "brkit bridge add br0 vlan_protocol <TAB>" "802.1Q 802.1ad" brkit bridge add br0 vlan_protocol ""
c_is "brkit bridge add br0 address <TAB>: a value of the user's" "" brkit bridge add br0 address ""
c_is "brkit stp set br0 forcevers <TAB>" "rstp stp" brkit stp set br0 forcevers ""
c_is "brkit stp port set br0 p1 p2p <TAB>" "auto off on" brkit stp port set br0 p1 p2p ""
c_is "brkit net add n1 mode <TAB>" "isolated nat routed" brkit net add n1 mode ""
c_is "brkit lab link L n1:eth0 <TAB>" "down up" brkit lab link L n1:eth0 ""
c_is "brkit vm-port hook qemu-<TAB>" "qemu-bridge-helper qemu-ifdown qemu-ifup" brkit vm-port hook qemu-
c_is "brkit help vx<TAB>" "vxlan" brkit help vx
c_is "brkit bridge add br0 up vlan_<TAB>: a keyword typed is not a positional" \
	"vlan_filtering vlan_protocol vlan_stats" brkit bridge add br0 up vlan_
# As bash calls it: COMP_WORDS split at COMP_WORDBREAKS (a MAC address is several words),
# COMP_LINE and COMP_POINT the line up to the cursor
line() { # DESC WANT LINE: exactly WANT is offered for LINE, bash's way
	_got=$(bash -c '. "$0"; COMP_LINE=$1; COMP_POINT=${#1}; COMP_WORDBREAKS=$2
		COMP_WORDS=($1 ""); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _brkit
		printf "%s\n" "${COMPREPLY[@]}" | sort -u | grep -v "^$"' "$COMP" "$3" "\"'><=;|&(:" | tr '\n' ' ')
	t_eq "$1" "$_got" "$2"
}
line "COMP_LINE 'brkit fdb add 02:00:5e:00:53:01 dev lo ': a MAC is one word" \
	"dst dynamic extern_learn local master port self static sticky via vlan vni " \
	"brkit fdb add 02:00:5e:00:53:01 dev lo "
line "COMP_LINE 'brkit lab link L1 n1:eth0 ': NODE:IF is one word" "down up " "brkit lab link L1 n1:eth0 "
line "COMP_LINE 'brkit': the program's own name, nothing" "" "brkit"
line "COMP_LINE 'brctl sh'" "show showmacs showstp " "brctl sh"
echo "x" >"$T_TMP/lab-compl.yml"
c_is "brkit lab up FILE<TAB>: file names" "$T_TMP/lab-compl.yml" brkit lab up "$T_TMP/lab-c"
c_is "brkit -batch FILE<TAB>: file names" "$T_TMP/lab-compl.yml" brkit -batch "$T_TMP/lab-c"

# Objects: netns names, bridges, ports, interfaces, taps, networks, labs
t_netns_new NS compl
ip -n "$NS" link add br-cmp type bridge
ip -n "$NS" link add vc-a type veth peer name vc-b
ip -n "$NS" link set vc-a master br-cmp
ip -n "$NS" tuntap add mode tap name tc-0
c_has "brkit -n <TAB> offers the namespace" brkit -n "" -- "$NS"
c_is "brkit -n NS bridge set <TAB>: its bridges" br-cmp brkit -n "$NS" bridge set ""
c_is "brkit -n NS port set br-cmp <TAB>: the bridge's ports" vc-a brkit -n "$NS" port set br-cmp ""
c_has "brkit -n NS port set br-cmp vc-a <TAB>: the flags" brkit -n "$NS" port set br-cmp vc-a "" -- learning cost locked
c_is "brkit port set br-cmp vc-a learning on flood off cost 5 priority 1 <TAB>: a keyword once" \
	"bcast_flood guard hairpin isolated locked mcast_flood neigh_suppress root_block vlan_tunnel" \
	brkit port set br-cmp vc-a learning on flood off cost 5 priority 1 ""
c_is "brkit -n NS port set br-cmp vc-a learning <TAB>" "off on" brkit -n "$NS" port set br-cmp vc-a learning ""
c_is "brkit -n NS tap del <TAB>: its taps" tc-0 brkit -n "$NS" tap del ""
c_is "brkit -n NS fdb show dev vc<TAB>: its interfaces" "vc-a vc-b" brkit -n "$NS" fdb show dev vc
c_is "brkit -n NS stp br<TAB>: a bridge (brctl's grammar) beside the verbs" br-cmp brkit -n "$NS" stp br
c_is "brkit -n NS stp br-cmp <TAB>" "off on" brkit -n "$NS" stp br-cmp ""
# without -n, from /sys/class/net (ip netns exec mounts the namespace's /sys)
t_eq "brctl delif <TAB> in the namespace: its bridges (from /sys)" \
	"$(comp ip netns exec "$NS" -- brctl delif "" | tr '\n' ' ')" "br-cmp "
t_eq "brctl delif br-cmp <TAB>: its ports (from /sys/class/net/br-cmp/brif)" \
	"$(comp ip netns exec "$NS" -- brctl delif br-cmp "" | tr '\n' ' ')" "vc-a "
t_eq "brctl addif br-cmp vc-a <TAB>: more interfaces (addif takes several)" \
	"$(comp ip netns exec "$NS" -- brctl addif br-cmp vc-a vc- | tr '\n' ' ')" "vc-a vc-b "
t_eq "brkit tap show <TAB> in the namespace: its taps (from /sys)" \
	"$(comp ip netns exec "$NS" -- brkit tap show "" | tr '\n' ' ')" "tc-0 "
# brkit net: a network with no DHCP and no DNS runs no dnsmasq; names come from brkit net list
if "$BRKIT" -n "$NS" net add cmpnet mode isolated address 192.0.2.1/24 dns off >"$T_TMP/net.out" 2>&1; then
	c_is "brkit -n NS net del <TAB>: its networks (brkit net list)" cmpnet "$BRKIT" -n "$NS" net del ""
	c_is "brkit -n NS vm-port up t0 network <TAB>" cmpnet "$BRKIT" -n "$NS" vm-port up t0 network ""
	"$BRKIT" -n "$NS" net del cmpnet >/dev/null 2>&1
else
	t_fail "brkit net add (for the network names): $(cat "$T_TMP/net.out")"
fi
# brkit lab: a one-bridge lab of a unique name; names come from brkit lab list
LAB=compdemo-$$
printf 'name: %s\ntopology:\n  nodes:\n    s1: {kind: bridge}\n' "$LAB" >"$T_TMP/lab.yml"
if "$BRKIT" lab up "$T_TMP/lab.yml" >"$T_TMP/lab.out" 2>&1; then
	c_has "brkit lab down <TAB>: the running labs (brkit lab list)" "$BRKIT" lab down "" -- "$LAB"
	c_has "brkit lab graph compdemo-<TAB>" "$BRKIT" lab graph compdemo- -- "$LAB"
	"$BRKIT" lab down "$LAB" >/dev/null 2>&1
else
	t_fail "brkit lab up (for the lab names): $(cat "$T_TMP/lab.out")"
fi
t_eq "the lab is gone" "$("$BRKIT" lab list | grep -cx "$LAB")" 0
t_end
