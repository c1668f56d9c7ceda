#!/bin/sh
# Issue 2's bad-input list, walked end to end: each case must exit 2 (usage) or
# 1 (failed operation), print a message naming the object and the reason, and
# leave the kernel exactly as it was (checked through iproute2 after each case).
. "$(dirname "$0")/../lib.sh"
t_netns_new NS bad
N="-n $NS"

# A small world: br-a up with a port, br-b with a port, a spare veth end.
ip -n "$NS" link add br-a type bridge
ip -n "$NS" link add br-b type bridge stp_state 1
ip -n "$NS" link add p-a0 type veth peer name p-a1
ip -n "$NS" link add p-b0 type veth peer name p-b1
ip -n "$NS" link add p-c0 type veth peer name p-c1
ip -n "$NS" link set p-a0 master br-a
ip -n "$NS" link set p-b0 master br-b
ip -n "$NS" link set br-a up
ip -n "$NS" link set p-a0 up

# bad STATUS REGEX CMD...: run, check status, stderr matches REGEX, kernel unchanged.
bad() { # STATUS REGEX CMD...
	_st=$1 _re=$2
	shift 2
	t_bad "$NS" "$*" "$_st" "$_re" "$@"
}

LONG=abcdefghijklmnop # 16 bytes
for cmd in "$BRKIT $N addbr" "$BRKIT $N bridge add" "$BRKIT $N tap add"; do
	bad 2 "$LONG.*(15|long)" $cmd $LONG
	bad 2 "(empty)" $cmd ""
	bad 2 "a/b.*('/'|slash)" $cmd a/b
	bad 2 "(white space|space)" $cmd "a b"
done
bad 2 "$LONG.*(15|long)" ip netns exec "$NS" "$BUILD/brctl" addbr $LONG
bad 2 "$LONG.*(15|long)" $BRKIT $N addif br-a $LONG

# devices that do not exist
bad 1 "p-none" $BRKIT $N addif br-a p-none
bad 1 "br-none" $BRKIT $N addif br-none p-c0
bad 1 "p-none" $BRKIT $N delif br-a p-none
bad 1 "br-none" $BRKIT $N delbr br-none
bad 1 "br-none" $BRKIT $N setfd br-none 10
bad 1 "p-none" $BRKIT $N setpathcost br-a p-none 10
bad 1 "br-none" $BRKIT $N tap add vm-x bridge br-none
bad 1 "br-none" $BRKIT $N showstp br-none
bad 1 "br-none" $BRKIT $N port set br-none p-a0 learning off

# enslaving a bridge to itself, or to a bridge; a port already in another bridge
bad 1 "br-a" $BRKIT $N addif br-a br-a
bad 1 "br-b" $BRKIT $N addif br-a br-b
bad 1 "p-b0.*(already|member)" $BRKIT $N addif br-a p-b0
bad 1 "p-b0.*(already|member)" ip netns exec "$NS" "$BUILD/brctl" addif br-a p-b0
# a port of another bridge given to port set
bad 1 "p-b0" $BRKIT $N port set br-a p-b0 learning off

# timers and priorities out of range, and non-numeric numbers
bad 2 "br-a.*65536|65536.*br-a|priority" $BRKIT $N setbridgeprio br-a 65536
bad 2 "priority|-1" $BRKIT $N setbridgeprio br-a -1
bad 2 "abc" $BRKIT $N setbridgeprio br-a abc
bad 2 "forward.?delay|fd|100" $BRKIT $N setfd br-b 100
bad 2 "abc" $BRKIT $N setfd br-a abc
bad 2 "hello" $BRKIT $N sethello br-a 0
bad 2 "hello|abc" $BRKIT $N sethello br-a abc
bad 2 "max.?age|41" $BRKIT $N setmaxage br-a 41
bad 2 "ageing|abc" $BRKIT $N setageing br-a abc
bad 2 "priority|64" $BRKIT $N setportprio br-a p-a0 64
bad 2 "abc" $BRKIT $N setportprio br-a p-a0 abc
bad 2 "cost|0" $BRKIT $N setpathcost br-a p-a0 0
bad 2 "cost|abc" $BRKIT $N setpathcost br-a p-a0 abc
bad 2 "priority|99999" $BRKIT $N bridge add br-c priority 99999
bad 2 "ageing_time|abc" $BRKIT $N bridge set br-a ageing_time abc
bad 2 "mtu|abc" $BRKIT $N tap add vm-x mtu abc
bad 2 "cost" $BRKIT $N port set br-a p-a0 cost abc
bad 2 "(on|off)" $BRKIT $N port set br-a p-a0 learning maybe
bad 2 "(on|off|yes|no)" $BRKIT $N stp br-a maybe

# a namespace that does not exist
bad 1 "bk-no-such-netns" $BRKIT -n bk-no-such-netns show
bad 1 "bk-no-such-netns" $BRKIT -n bk-no-such-netns bridge add br-x

# deleting a bridge that is up with ports: refused, as brctl refuses
bad 1 "br-a.*(still up|is up)" $BRKIT $N delbr br-a
bad 1 "br-a.*(still up|is up)" ip netns exec "$NS" "$BUILD/brctl" delbr br-a
bad 1 "br-a.*(still up|is up)" $BRKIT $N bridge del br-a

# usage: missing arguments, unknown words
# brctl prints this usage error on stdout, so brkit does too
K0=$(t_kstate "$NS")
t_run "addbr without a bridge -> exit 2" 2 $BRKIT $N addbr
t_eq "  brctl's message, on stdout" "$(printf '%s\n' "$T_OUT" | head -n 1)" "Incorrect number of arguments for command"
t_eq "  nothing changed" "$(t_kstate "$NS")" "$K0"
bad 2 "." $BRKIT $N bridge frobnicate
bad 2 "frobnicate" $BRKIT $N frobnicate
t_end
