#!/bin/sh
# brkit's brctl against bridge-utils 1.7 on the same bridges: `show`, `show BR`
# and `showstp BR` must be byte-identical (stdout, stderr and exit status), run
# as `brkit -n NS VERB` and as the `brctl` link inside the namespace. bridge-utils
# reads sysfs, which `ip netns exec` remounts for the namespace.
#
# Timers that tick (hello, tcn, topology change, gc, message age, forward delay,
# hold) all stop when a bridge is down, so `showstp` is compared on bridges that
# are down: the state cannot change between the two runs. `show` has no timers
# and is compared with bridges up too.
. "$(dirname "$0")/../lib.sh"
command -v brctl >/dev/null || { t_fail "bridge-utils' brctl is not installed"; t_end; exit 1; }
t_netns_new NS compat
BRCTL_LINK=$BRCTL_BRKIT

# same DESC ARGS...: run bridge-utils and both brkit forms, require identical output.
same() {
	_d=$1
	shift
	ip netns exec "$NS" brctl "$@" >"$T_TMP/ref.out" 2>"$T_TMP/ref.err"
	echo $? >"$T_TMP/ref.rc"
	$BRKIT -n "$NS" "$@" >"$T_TMP/bk.out" 2>"$T_TMP/bk.err"
	echo $? >"$T_TMP/bk.rc"
	ip netns exec "$NS" "$BRCTL_LINK" "$@" >"$T_TMP/ln.out" 2>"$T_TMP/ln.err"
	echo $? >"$T_TMP/ln.rc"
	for f in out err rc; do
		if cmp -s "$T_TMP/ref.$f" "$T_TMP/bk.$f" && cmp -s "$T_TMP/ref.$f" "$T_TMP/ln.$f"; then
			t_ok "$_d: brctl $* ($f identical)"
		else
			t_fail "$_d: brctl $* ($f differs)"
			diff "$T_TMP/ref.$f" "$T_TMP/bk.$f" | head -20
			diff "$T_TMP/ref.$f" "$T_TMP/ln.$f" | head -20
		fi
	done
}
# has FILE TEXT: the reference output is not trivially empty.
has() {
	if grep -qF -- "$2" "$T_TMP/ref.$1"; then t_ok "  reference $1 has '$2'"; else
		t_fail "  reference $1 lacks '$2'"
	fi
}

# ---- no bridges at all ----
same "no bridges" show
t_eq "  no bridges: no output at all (brctl prints no header)" "$(cat "$T_TMP/ref.out")" ""
same "no bridges" show nosuch
has err "bridge nosuch does not exist!"

# ---- several bridges: STP on and off, non-default timers, no ports, odd names ----
ip -n "$NS" link add z-p1 type veth peer name z-q1
ip -n "$NS" link add c-p2 type veth peer name c-q2
ip -n "$NS" link add m-p3 type veth peer name m-q3
ip -n "$NS" link add p-b1 type veth peer name q-b1
ip -n "$NS" link add p-b2 type veth peer name q-b2
ip -n "$NS" link add br-a type bridge stp_state 1 forward_delay 400 hello_time 150 max_age 1200 \
	ageing_time 12300 priority 4096
ip -n "$NS" link add br-b type bridge stp_state 0 ageing_time 0
ip -n "$NS" link add a-empty type bridge stp_state 1
ip -n "$NS" link add brq type bridge priority 65535 max_age 4000 hello_time 1000 forward_delay 3000
for p in z-p1 c-p2 m-p3; do ip -n "$NS" link set "$p" master br-a; done
for p in p-b2 p-b1; do ip -n "$NS" link set "$p" master br-b; done
ip -n "$NS" link set brq master br-a 2>/dev/null # refused by the kernel: fine
bridge -n "$NS" link set dev c-p2 cost 1234 priority 5 hairpin on
bridge -n "$NS" link set dev p-b1 hairpin on
ip -n "$NS" link set m-p3 type bridge_slave cost 65535 priority 63

# show with everything up (no timers in `show`)
for d in z-p1 z-q1 c-p2 c-q2 m-p3 m-q3 p-b1 q-b1 p-b2 q-b2 br-a br-b a-empty brq; do
	ip -n "$NS" link set "$d" up
done
same "bridges up" show
has out "br-a"
has out "							m-p3"
same "bridges up" show br-b
same "bridges up" show brq br-a nosuch a-empty
same "bridges up" show z-p1
has err "device z-p1 is not a bridge!"

# showstp with every bridge down: the timers stand still
for d in br-a br-b a-empty brq; do ip -n "$NS" link set "$d" down; done
for br in br-a br-b a-empty brq; do
	same "down" showstp "$br"
done
ip netns exec "$NS" brctl showstp br-a >"$T_TMP/ref.out"
has out " hairpin mode		   1"
has out "forward delay		   4.00"
has out "ageing time		 123.00"
has out "designated cost	   0"
same "down" showstp nosuch
same "down" showstp c-p2
same "down" show
same "down" show br-a

# a bridge that was up with STP on (ports went through listening), then down
ip -n "$NS" link set br-a up
sleep 0.3
ip -n "$NS" link set br-a down
same "after STP ran" showstp br-a
same "after STP ran" show

# two bridges that ran STP against each other (br-y learnt br-x as root), then
# stopped: the port keeps the designated root and cost it learnt
ip -n "$NS" link add x-1 type veth peer name y-1
ip -n "$NS" link add br-x type bridge stp_state 1 priority 4096 hello_time 100 forward_delay 200
ip -n "$NS" link add br-y type bridge stp_state 1 priority 8192 hello_time 100 forward_delay 200
ip -n "$NS" link set x-1 master br-x
ip -n "$NS" link set y-1 master br-y
for d in x-1 y-1 br-x br-y; do ip -n "$NS" link set "$d" up; done
want=$(ip netns exec "$NS" cat /sys/class/net/br-x/bridge/bridge_id)
i=0
while [ $i -lt 100 ] && [ "$(ip netns exec "$NS" cat /sys/class/net/br-y/bridge/root_id)" != "$want" ]; do
	sleep 0.1
	i=$((i + 1))
done
t_eq "br-y elected br-x" "$(ip netns exec "$NS" cat /sys/class/net/br-y/bridge/root_id)" "$want"
ip -n "$NS" link set br-y down
ip -n "$NS" link set br-x down
same "after an election" showstp br-y
has out "designated root	${want}"
has out "designated cost	   2"
same "after an election" showstp br-x
same "after an election" show

# ---- the verbs that change things, done with brkit's brctl, read back with iproute2 ----
B() { ip netns exec "$NS" "$BRCTL_LINK" "$@"; }
ip -n "$NS" link add p-n1 type veth peer name q-n1
t_run "addbr br-n" 0 B addbr br-n
t_eq "  br-n is a bridge" "$(t_ipj "$NS" br-n .linkinfo.info_kind)" bridge
t_run "addif br-n p-n1" 0 B addif br-n p-n1
t_eq "  p-n1 master" "$(t_ipj "$NS" p-n1 .master)" br-n
t_run "setageing br-n 12.5" 0 B setageing br-n 12.5
t_eq "  ageing_time" "$(t_ipj "$NS" br-n .linkinfo.info_data.ageing_time)" 1250
t_run "setbridgeprio br-n 4096" 0 B setbridgeprio br-n 4096
t_eq "  priority" "$(t_ipj "$NS" br-n .linkinfo.info_data.priority)" 4096
t_run "setfd br-n 1 (STP off: the kernel takes it)" 0 B setfd br-n 1
t_eq "  forward_delay" "$(t_ipj "$NS" br-n .linkinfo.info_data.forward_delay)" 100
t_run "stp br-n on" 0 B stp br-n on
t_eq "  stp_state" "$(t_ipj "$NS" br-n .linkinfo.info_data.stp_state)" 1
t_run "setfd br-n 5.5" 0 B setfd br-n 5.5
t_eq "  forward_delay" "$(t_ipj "$NS" br-n .linkinfo.info_data.forward_delay)" 550
t_run "sethello br-n 1.5" 0 B sethello br-n 1.5
t_eq "  hello_time" "$(t_ipj "$NS" br-n .linkinfo.info_data.hello_time)" 150
t_run "setmaxage br-n 12" 0 B setmaxage br-n 12
t_eq "  max_age" "$(t_ipj "$NS" br-n .linkinfo.info_data.max_age)" 1200
t_run "setpathcost br-n p-n1 33" 0 B setpathcost br-n p-n1 33
t_eq "  cost" "$(bridge -n "$NS" -j link show dev p-n1 | jq -r '.[0].cost')" 33
t_run "setportprio br-n p-n1 7" 0 B setportprio br-n p-n1 7
t_eq "  port priority" "$(bridge -n "$NS" -j link show dev p-n1 | jq -r '.[0].priority')" 7
t_run "hairpin br-n p-n1 on" 0 B hairpin br-n p-n1 on
t_eq "  hairpin" "$(bridge -n "$NS" -j -d link show dev p-n1 | jq -r '.[0].hairpin')" true
t_run "hairpin br-n p-n1 off" 0 B hairpin br-n p-n1 off
t_eq "  hairpin" "$(bridge -n "$NS" -j -d link show dev p-n1 | jq -r '.[0].hairpin')" false
t_run "stp br-n off" 0 B stp br-n off
t_eq "  stp_state" "$(t_ipj "$NS" br-n .linkinfo.info_data.stp_state)" 0
t_run "delif br-n p-n1" 0 B delif br-n p-n1
t_eq "  p-n1 released" "$(t_ipj "$NS" p-n1 '.master // "none"')" none
t_run "delbr br-n" 0 B delbr br-n
t_eq "  br-n gone" "$(ip -n "$NS" -j link show | jq '[.[] | select(.ifname == "br-n")] | length')" 0

# ---- refusals with brctl's exact messages (and nothing changed) ----
ip -n "$NS" link set br-b up
BEFORE=$(t_kstate "$NS")
refused() {
	same "refused" "$@"
	has err "$(head -c 20 "$T_TMP/ref.err")"
	t_eq "  nothing changed: $*" "$(t_kstate "$NS")" "$BEFORE"
}
refused delbr br-b          # up: "bridge br-b is still up; can't delete it"
has err "is still up"
refused delbr nosuch        # "bridge nosuch doesn't exist; can't delete it"
refused addbr br-a          # "device br-a already exists; ..."
refused addif br-b z-p1     # port of br-a: "... is already a member of a bridge ..."
has err "already a member of a bridge"
refused addif br-a br-a     # itself
has err "is a bridge device itself"
refused addif br-a br-b     # a bridge
refused addif br-a nosuch   # "interface nosuch does not exist!"
refused addif nosuch p-n1   # "bridge nosuch does not exist!"
refused delif br-b z-p1     # "device z-p1 is not a port of br-b"
refused delif br-a nosuch
# Usage errors: brctl exits 1, brkit 2 (on purpose). The message starts with
# brctl's words, then names what brctl leaves out: the object and the bad value.
for args in "stp br-a maybe" "hairpin br-a c-p2 maybe" "setbridgeprio br-a abc" "setageing br-a x" \
	"setpathcost br-a c-p2 abc" "setportprio br-a c-p2 abc" "addbr"; do
	ip netns exec "$NS" brctl $args >"$T_TMP/ref.out" 2>"$T_TMP/ref.err"
	t_run "usage error: brctl $args" 2 ip netns exec "$NS" "$BRCTL_LINK" $args
	want=$(cat "$T_TMP/ref.err")
	if [ -z "$want" ]; then
		t_eq "  same stderr as brctl" "$T_ERR" ""
	else
		case $T_ERR in
		"$want: "*"'$(echo "$args" | awk '{print $NF}')'"*) t_ok "  brctl's message, then the object and the value: $T_ERR" ;;
		*) t_fail "  stderr [$T_ERR] does not start with brctl's [$want] and name the value" ;;
		esac
	fi
	t_eq "  same stdout as brctl" "$T_OUT" "$(cat "$T_TMP/ref.out")"
	t_eq "  nothing changed" "$(t_kstate "$NS")" "$BEFORE"
done
# ---- issue 19: addif/delif take every device, as bridge-utils does ----
ip -n "$NS" link add br-m type bridge
for i in 1 2 3; do ip -n "$NS" link add p-m$i type veth peer name q-m$i; done
masters() { for d in p-m1 p-m2 p-m3; do t_ipj "$NS" "$d" '.master // "-"'; done | tr '\n' ' '; }
# bridge-utils itself, as the reference: every device enslaved, then every one released
ip netns exec "$NS" brctl addif br-m p-m1 p-m2 p-m3
t_eq "bridge-utils: addif br-m p-m1 p-m2 p-m3 enslaves all three" "$(masters)" "br-m br-m br-m "
ip netns exec "$NS" brctl delif br-m p-m1 p-m2 p-m3
t_eq "bridge-utils: delif releases all three" "$(masters)" "- - - "
for form in link brkit; do
	if [ $form = link ]; then M() { ip netns exec "$NS" "$BRCTL_LINK" "$@"; }; else
		M() { $BRKIT -n "$NS" "$@"; }
	fi
	t_run "$form: addif br-m p-m1 p-m2 p-m3" 0 M addif br-m p-m1 p-m2 p-m3
	t_eq "  all three enslaved (ip -j)" "$(masters)" "br-m br-m br-m "
	t_run "$form: delif br-m p-m3 p-m1" 0 M delif br-m p-m3 p-m1
	t_eq "  p-m3 and p-m1 released, p-m2 kept" "$(masters)" "- br-m - "
	t_run "$form: delif br-m p-m2" 0 M delif br-m p-m2
	t_eq "  p-m2 released" "$(masters)" "- - - "
done
# One device that fails: bridge-utils stops there with its message and exit 1,
# keeping the devices before it; brkit says the same and exits 1, but checks
# every device first and changes nothing.
failing() {
	_want=$1
	shift
	[ -n "${PRE:-}" ] && for d in $PRE; do ip -n "$NS" link set "$d" master br-m; done
	ip netns exec "$NS" brctl "$@" >"$T_TMP/ref.out" 2>"$T_TMP/ref.err"
	_rrc=$?
	t_eq "bridge-utils: brctl $* exits 1" "$_rrc" 1
	t_eq "  bridge-utils stopped there (kept: $_want)" "$(masters)" "$_want"
	# put the state back as it was before bridge-utils ran
	for d in p-m1 p-m2 p-m3; do
		[ "$(t_ipj "$NS" "$d" '.master // "-"')" = br-m ] && ip -n "$NS" link set "$d" nomaster
	done
	[ -n "${PRE:-}" ] && for d in $PRE; do ip -n "$NS" link set "$d" master br-m; done
	t_bad "$NS" "brkit: brctl $*" 1 "^$(sed 's/[.]/[.]/g' "$T_TMP/ref.err")\$" \
		ip netns exec "$NS" "$BRCTL_LINK" "$@"
	t_eq "  same stdout as bridge-utils" "$T_OUT" "$(cat "$T_TMP/ref.out")"
}
PRE="" failing "br-m - - " addif br-m p-m1 nosuch p-m3
PRE="" failing "br-m - - " addif br-m p-m1 p-m1 p-m3
ip -n "$NS" link set p-m2 master br-a
PRE="" failing "br-m br-a - " addif br-m p-m1 p-m2 p-m3
ip -n "$NS" link set p-m2 nomaster
PRE="p-m1 p-m3" failing "- - br-m " delif br-m p-m1 nosuch p-m3
PRE="p-m1 p-m3" failing "- - br-m " delif br-m p-m1 p-m2 p-m3
t_eq "  brkit released none" "$(masters)" "br-m - br-m "
for d in p-m1 p-m3; do ip -n "$NS" link set "$d" nomaster; done

# ---- issue 19: help for every verb; brctl alone keeps bridge-utils' status ----
# As brctl: bridge-utils' whole usage on stdout, exit 0, byte for byte.
for args in "show --help" "showstp -h" "addbr --help" "addif br-m -h"; do
	ip netns exec "$NS" brctl $args >"$T_TMP/ref.out" 2>"$T_TMP/ref.err"
	t_run "brctl $args: exit 0" 0 ip netns exec "$NS" "$BRCTL_LINK" $args
	t_eq "  bridge-utils' stdout" "$T_OUT" "$(cat "$T_TMP/ref.out")"
	t_eq "  bridge-utils' stderr" "$T_ERR" "$(cat "$T_TMP/ref.err")"
done
for v in addbr delbr addif delif hairpin setageing setbridgeprio setfd sethello setmaxage \
	setpathcost setportprio show showmacs showstp stp; do
	for h in -h --help; do
		t_run "brkit $v $h: exit 0" 0 $BRKIT -n "$NS" $v $h
		case $T_OUT in
		"Usage: brkit $v "*) t_ok "  the verb's usage on stdout" ;;
		*) t_fail "  stdout [$T_OUT] is not the verb's usage" ;;
		esac
		t_eq "  nothing on stderr" "$T_ERR" ""
	done
	t_run "brkit help $v: exit 0" 0 $BRKIT help $v
	t_eq "  the same usage" "$T_OUT" "$($BRKIT $v --help)"
done
ip netns exec "$NS" brctl >"$T_TMP/ref.out" 2>"$T_TMP/ref.err"
t_run "brctl alone: bridge-utils' exit 1" 1 "$BRCTL_LINK"
t_eq "  bridge-utils' usage on stdout" "$T_OUT" "$(cat "$T_TMP/ref.out")"
t_run "brkit alone: a usage error, exit 2" 2 "$BRKIT"
t_eq "  nothing on stdout" "$T_OUT" ""
t_errmatch "  the usage on stderr" "^Usage: brkit "

# ---- issue 19: a timer out of range says so, with the range ----
BEFORE=$(t_kstate "$NS")
t_bad "$NS" "setageing br-m 99999999" 2 \
	"^bad ageing time value: br-m: '99999999' seconds out of range \(0 to 42949672\.95\)$" \
	"$BRCTL_LINK" setageing br-m 99999999
t_bad "$NS" "setfd br-m 50000000" 2 "out of range \(0 to 42949672\.95\)" \
	$BRKIT -n "$NS" setfd br-m 50000000
t_end
