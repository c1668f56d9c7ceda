# bash completion for brkit and brctl (the same program; brctl takes brctl's verbs).
# Installed by make install as share/bash-completion/completions/brkit and .../brctl.
#
# The grammar is one table, kept beside the usage texts of cli/*.c (tests/netns/
# completion.sh compares it with `brkit help CMD`):
#   _brkit_verbs[PATH]  the words that may come next after PATH ("brkit", "brkit vxlan vni")
#   _brkit_spec[PATH]   what follows PATH once it is a whole command: space-separated items
#       @KIND        a positional argument, in order (@KIND* repeats); KIND is
#                    bridge, port (of the bridge named before), iface, tap, vxlan, lab, net,
#                    netns, file, dir, - (free text, nothing offered), or :A,B (one of A, B)
#       word         a flag keyword
#       word=        a keyword with a value of the user's (nothing offered)
#       word=A,B     a keyword with one of the values A, B
#       word=@KIND   a keyword whose value is an object of KIND
# A PATH with both verbs and a spec (brkit stp: a verb or a bridge) offers both.

declare -gA _brkit_verbs _brkit_spec

_brkit_verbs[brkit]="bridge port tap fdb mdb monitor vxlan vlan lab vm-port stp evpn net help"
_brkit_brctl_verbs="addbr delbr addif delif hairpin setageing setbridgeprio setfd sethello
	setmaxage setpathcost setportprio show showmacs showstp stp"

_brkit_bropts="up down address= ageing_time= forward_delay= hello_time= max_age= priority=
	stp_state=0,1 group_fwd_mask= mcast_snooping=0,1 vlan_filtering=on,off
	vlan_protocol=802.1Q,802.1ad default_pvid= vlan_stats=on,off mcast_querier=0,1
	mcast_igmp_version=2,3 mcast_mld_version=1,2 mcast_router=0,1,2 mcast_query_interval=
	mcast_vlan_snooping=0,1"
_brkit_verbs[brkit bridge]="add del set show help"
_brkit_spec[brkit bridge add]="@- $_brkit_bropts"
_brkit_spec[brkit bridge set]="@bridge $_brkit_bropts"
_brkit_spec[brkit bridge del]="@bridge force"
_brkit_spec[brkit bridge show]="@bridge"

_brkit_verbs[brkit port]="set show help"
_brkit_spec[brkit port set]="@bridge @port learning=on,off flood=on,off mcast_flood=on,off
	bcast_flood=on,off hairpin=on,off isolated=on,off neigh_suppress=on,off locked=on,off
	guard=on,off root_block=on,off vlan_tunnel=on,off cost= priority="
_brkit_spec[brkit port show]="@bridge"

_brkit_verbs[brkit tap]="add del show flush help"
_brkit_spec[brkit tap add]="@- bridge=@bridge user= group= vnet_hdr multi_queue mtu= mac=
	devgroup="
_brkit_spec[brkit tap del]="@tap"
_brkit_spec[brkit tap show]="@tap"
_brkit_spec[brkit tap flush]="devgroup="

_brkit_fdbmod="@- dev=@iface vlan= master self static dynamic local sticky extern_learn dst=
	vni= port= via=@iface"
_brkit_verbs[brkit fdb]="show add append replace del get flush load help"
_brkit_spec[brkit fdb show]="br=@bridge dev=@iface vlan= static dynamic"
_brkit_spec[brkit fdb add]=$_brkit_fdbmod
_brkit_spec[brkit fdb append]=$_brkit_fdbmod
_brkit_spec[brkit fdb replace]=$_brkit_fdbmod
_brkit_spec[brkit fdb del]=$_brkit_fdbmod
_brkit_spec[brkit fdb get]="@- br=@bridge vlan="
_brkit_spec[brkit fdb flush]="br=@bridge dev=@iface vlan= static dynamic extern_learn"
_brkit_spec[brkit fdb load]="@file"

_brkit_mdbmod="dev=@bridge port=@port grp= src= permanent temp vid= filter_mode=include,exclude
	source_list= proto="
_brkit_verbs[brkit mdb]="show add replace del get help"
_brkit_spec[brkit mdb show]="dev=@bridge vid="
_brkit_spec[brkit mdb add]=$_brkit_mdbmod
_brkit_spec[brkit mdb replace]=$_brkit_mdbmod
_brkit_spec[brkit mdb del]=$_brkit_mdbmod
_brkit_spec[brkit mdb get]="dev=@bridge grp= src= vid="

_brkit_spec[brkit monitor]="link fdb mdb vlan vni all"
_brkit_verbs[brkit monitor]="help"

_brkit_verbs[brkit vxlan]="add del show vni help"
_brkit_spec[brkit vxlan add]="@- vni= external vnifilter local= dstport= learning=on,off
	ttl=auto dev=@iface bridge=@bridge up"
_brkit_spec[brkit vxlan del]="@vxlan"
_brkit_spec[brkit vxlan show]="@vxlan"
_brkit_verbs[brkit vxlan vni]="add del show"
_brkit_spec[brkit vxlan vni add]="dev=@vxlan vni= remote= group="
_brkit_spec[brkit vxlan vni del]="dev=@vxlan vni="
_brkit_spec[brkit vxlan vni show]="dev=@vxlan"

_brkit_verbs[brkit vlan]="add del set show tunnelshow global help"
_brkit_verbs[brkit vlan global]="set"
_brkit_spec[brkit vlan global set]="dev=@bridge vid= mcast_snooping=0,1 mcast_querier=0,1
	mcast_igmp_version=2,3 mcast_mld_version=1,2"
_brkit_spec[brkit vlan add]="dev=@iface vid= pvid untagged self master tunnel_info id="
_brkit_spec[brkit vlan del]="dev=@iface vid= self master tunnel_info id="
_brkit_spec[brkit vlan set]="dev=@iface vids= pvid= self master"
_brkit_spec[brkit vlan show]="dev=@iface vid= compressed"
_brkit_spec[brkit vlan tunnelshow]="dev=@iface"

_brkit_verbs[brkit lab]="up down show list exec link graph help"
_brkit_spec[brkit lab up]="@file name="
_brkit_spec[brkit lab down]="@lab"
_brkit_spec[brkit lab show]="@lab"
_brkit_spec[brkit lab list]=""
_brkit_spec[brkit lab exec]="@lab @-"
_brkit_spec[brkit lab link]="@lab @- @:down,up"
_brkit_spec[brkit lab graph]="@lab format=dot,mermaid"

_brkit_verbs[brkit vm-port]="up down show hook help"
_brkit_spec[brkit vm-port up]="@tap bridge=@bridge network=@net vlan= trunks= mtu=auto mac=
	isolated lock noguard create user= vnet_hdr multi_queue acl=@file"
_brkit_spec[brkit vm-port down]="@tap"
_brkit_spec[brkit vm-port show]="@tap"
_brkit_spec[brkit vm-port hook]="@:qemu-ifup,qemu-ifdown,qemu-bridge-helper,libvirt-qemu @tap"

_brkit_onoff="on,off"
_brkit_verbs[brkit stp]="show set port trace help"
_brkit_spec[brkit stp]="@bridge @:on,off"
_brkit_spec[brkit stp show]="-d @bridge @port"
_brkit_spec[brkit stp set]="@bridge forcevers=stp,rstp priority= hello= maxage= fdelay=
	txholdcount= ageing= strict=on,off
	rules=safe,none,agree-same-root,aged-fdwhile,rising-cost,txhold-events,stale-info"
_brkit_verbs[brkit stp port]="set"
_brkit_spec[brkit stp port set]="@bridge @port cost= priority= edge=on,off autoedge=on,off
	p2p=on,off,auto bpduguard=on,off bpdufilter=on,off rootguard=on,off restrtcn=on,off
	mcheck enable"
_brkit_spec[brkit stp trace]="@iface -c="

_brkit_verbs[brkit evpn]="apply show help"
_brkit_spec[brkit evpn apply]="@file --dry-run --wait= --vty-socket=@dir --pathspace="
_brkit_spec[brkit evpn show]="@file vni= --vty-socket=@dir --pathspace="

_brkit_verbs[brkit net]="add del show list host import help"
_brkit_spec[brkit net add]="@- mode=nat,routed,isolated address= dhcp= dns=on,off domain=
	uplink=@iface bridge= mtu= ipv6="
_brkit_spec[brkit net del]="@net"
_brkit_spec[brkit net show]="@net"
_brkit_spec[brkit net list]=""
_brkit_verbs[brkit net host]="add del"
_brkit_spec[brkit net host add]="@net mac= ip= name="
_brkit_spec[brkit net host del]="@net mac="
_brkit_spec[brkit net import]="@file"

_brkit_spec[brkit help]="@:${_brkit_verbs[brkit]// /,}"

# the brctl verbs: brctl's own, and brkit's (brkit's stp command takes brctl's grammar too)
read -r -d '' -a _brkit_v <<<"$_brkit_brctl_verbs"
_brkit_verbs[brctl]=${_brkit_v[*]}
_brkit_spec[brctl addbr]="@-"
_brkit_spec[brctl delbr]="@bridge"
_brkit_spec[brctl addif]="@bridge @iface*"
_brkit_spec[brctl delif]="@bridge @port*"
_brkit_spec[brctl hairpin]="@bridge @port @:on,off"
_brkit_spec[brctl setageing]="@bridge @-"
_brkit_spec[brctl setbridgeprio]="@bridge @-"
_brkit_spec[brctl setfd]="@bridge @-"
_brkit_spec[brctl sethello]="@bridge @-"
_brkit_spec[brctl setmaxage]="@bridge @-"
_brkit_spec[brctl setpathcost]="@bridge @port @-"
_brkit_spec[brctl setportprio]="@bridge @port @-"
_brkit_spec[brctl show]="@bridge"
_brkit_spec[brctl showmacs]="@bridge"
_brkit_spec[brctl showstp]="@bridge"
_brkit_spec[brctl stp]="@bridge @:on,off"
for _brkit_v in ${_brkit_verbs[brctl]}; do
	[[ $_brkit_v == stp ]] || _brkit_spec[brkit $_brkit_v]=${_brkit_spec[brctl $_brkit_v]}
done
_brkit_verbs[brkit]+=" ${_brkit_verbs[brctl]/ stp/}"
unset _brkit_v

# Objects, in the namespace of -n when one is given.
_brkit_ip() { ip ${_brkit_ns:+-n "$_brkit_ns"} -o link show "$@" 2>/dev/null |
	sed -n 's/^[0-9]*: \([^:@]*\)[:@].*/\1/p'; }
_brkit_objects() { # KIND [BRIDGE]
	local f
	case $1 in
	bridge)
		if [[ -n $_brkit_ns ]]; then
			_brkit_ip type bridge
		else
			for f in /sys/class/net/*/bridge; do
				[[ -d $f ]] && f=${f%/bridge} && echo "${f##*/}"
			done
		fi
		;;
	port)
		if [[ -z $2 ]]; then
			_brkit_objects iface
		elif [[ -n $_brkit_ns ]]; then
			_brkit_ip master "$2"
		else
			for f in /sys/class/net/"$2"/brif/*; do
				[[ -e $f ]] && echo "${f##*/}"
			done
		fi
		;;
	iface)
		if [[ -n $_brkit_ns ]]; then
			_brkit_ip
		else
			for f in /sys/class/net/*; do [[ -e $f ]] && echo "${f##*/}"; done
		fi
		;;
	tap)
		if [[ -n $_brkit_ns ]]; then
			_brkit_ip type tun
		else
			for f in /sys/class/net/*/tun_flags; do
				[[ -e $f ]] && f=${f%/tun_flags} && echo "${f##*/}"
			done
		fi
		;;
	vxlan) _brkit_ip type vxlan ;;
	netns) ip netns list 2>/dev/null | sed 's/ .*//' ;;
	lab) "$_brkit_prog" lab list 2>/dev/null ;;
	net) "$_brkit_prog" ${_brkit_ns:+-n "$_brkit_ns"} net list 2>/dev/null |
		sed -n 's/^\([^ :]*\):.*/\1/p' ;;
	esac
}

# _brkit_offer WORDS... : COMPREPLY = those of WORDS that start with the current word
_brkit_offer() {
	local IFS=$' \t\n'
	# shellcheck disable=SC2207 # the words have no blanks
	COMPREPLY+=($(compgen -W "$*" -- "$_brkit_cur"))
}
_brkit_kind() { # KIND [BRIDGE]: offer an object or value of KIND
	case $1 in
	-) ;;
	:*)
		local v=${1#:}
		_brkit_offer "${v//,/ }"
		;;
	file | dir)
		# one name a line, so names with blanks stay whole; quoted as file names
		compopt -o filenames 2>/dev/null
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen "-${1:0:1}" -- "$_brkit_cur")
		;;
	*) _brkit_offer "$(_brkit_objects "$1" "$2")" ;;
	esac
}

# _brkit_complete ROOT WORD...: the words typed after the program name (the last is
# the one being completed); fills COMPREPLY.
_brkit_complete() {
	local path=$1 w item val n=0 i spec bridge="" kind IFS=$' \t\n'
	local -a args
	shift
	_brkit_cur=${!#}
	args=("${@:1:$#-1}")
	# walk the verbs
	i=0
	while ((i < ${#args[@]})) && [[ -n ${_brkit_verbs[$path]+x} ]] &&
		[[ " ${_brkit_verbs[$path]} " == *" ${args[i]} "* ]]; do
		path="$path ${args[i]}"
		((i++))
	done
	if ((i == ${#args[@]})) && [[ -n ${_brkit_verbs[$path]+x} ]]; then
		_brkit_offer "${_brkit_verbs[$path]}"
		[[ -n ${_brkit_spec[$path]+x} ]] || return 0
	fi
	# an unknown word where a verb was wanted and no spec follows: nothing to offer
	[[ -n ${_brkit_spec[$path]+x} ]] || return 0
	spec=${_brkit_spec[$path]}
	local -a pos=() kws=()
	local lead=0 # the positionals before the first keyword: keywords come after them
	for item in $spec; do
		case $item in
		@*)
			pos+=("${item#@}")
			((${#kws[@]})) || lead=${#pos[@]}
			;;
		*) kws+=("$item") ;;
		esac
	done
	# the words already typed: keywords (and their values) and positionals
	while ((i < ${#args[@]})); do
		w=${args[i]}
		val=""
		for item in "${kws[@]}"; do
			if [[ $item == "$w" ]]; then val=flag; break; fi
			if [[ $item == "$w="* ]]; then val=value; break; fi
		done
		if [[ $val == value ]]; then
			((i += 2))
			continue
		fi
		if [[ -z $val ]]; then
			((n < ${#pos[@]})) && [[ ${pos[n]} == bridge ]] && bridge=$w
			if ((n < ${#pos[@]})) && [[ ${pos[n]} == *'*' ]]; then :; else ((n++)); fi
		fi
		((i++))
	done
	# the word before the current one is a keyword that takes a value?
	if ((${#args[@]} > 0)) && ((i == ${#args[@]} + 1)); then
		w=${args[-1]}
		for item in "${kws[@]}"; do
			if [[ $item == "$w="* ]]; then
				val=${item#*=}
				case $val in
				'') ;;
				@*) _brkit_kind "${val#@}" "$bridge" ;;
				*) _brkit_offer "${val//,/ }" ;;
				esac
				return 0
			fi
		done
	fi
	if ((n < ${#pos[@]})); then
		kind=${pos[n]%'*'}
		_brkit_kind "$kind" "$bridge"
	fi
	((n < lead)) && return 0
	for item in "${kws[@]}"; do # the keywords not typed yet
		[[ " ${args[*]} " == *" ${item%%=*} "* ]] || _brkit_offer "${item%%=*}"
	done
	return 0
}

_brkit() {
	local -a words
	local cword cur i=1 root=brkit colon
	local _brkit_ns="" _brkit_prog _brkit_cur
	# bash splits COMP_WORDS at COMP_WORDBREAKS, ':' among them, so a MAC address or
	# NODE:IF would count as several words: split the line up to the cursor at blanks
	if [[ -n ${COMP_LINE-} ]]; then
		read -r -a words <<<"${COMP_LINE:0:COMP_POINT}"
		[[ ${COMP_LINE:0:COMP_POINT} == *[[:blank:]] || ${#words[@]} == 0 ]] && words+=("")
		cword=$((${#words[@]} - 1))
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	((cword > 0)) || return 0
	cur=${words[cword]}
	_brkit_prog=${words[0]} _brkit_cur=$cur
	COMPREPLY=()
	[[ ${_brkit_prog##*/} == brctl ]] && root=brctl
	_brkit_prog=${_brkit_prog/#\~/$HOME}
	[[ ${_brkit_prog##*/} == brctl ]] && _brkit_prog=${_brkit_prog%brctl}brkit
	[[ $_brkit_prog == */* ]] || _brkit_prog=brkit
	if [[ $root == brkit ]]; then
		# the global options; a value of -n or -batch is completed here
		while ((i < cword)); do
			case ${words[i]} in
			-n | -netns | --netns | -b | -batch | --batch)
				if ((i + 1 == cword)); then
					case ${words[i]} in
					-n | -netns | --netns) _brkit_kind netns ;;
					*) _brkit_kind file ;;
					esac
					return 0
				fi
				case ${words[i]} in
				-n | -netns | --netns) _brkit_ns=${words[i + 1]} ;;
				esac
				((i += 2))
				;;
			-*) ((i++)) ;;
			*) break ;;
			esac
		done
		if ((i == cword)) && [[ $cur == -* ]]; then
			_brkit_offer "-n -j -p -d -s -batch -V -h"
			return 0
		fi
	fi
	_brkit_complete "$root" "${words[@]:i:cword-i+1}"
	# bash replaces only what follows the current word's last ':'
	if [[ -n ${COMP_LINE-} && $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
		colon=${cur%"${cur##*:}"}
		COMPREPLY=("${COMPREPLY[@]#"$colon"}")
	fi
	return 0
}
complete -F _brkit brkit brctl
