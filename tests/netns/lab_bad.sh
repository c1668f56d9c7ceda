#!/bin/sh
# brkit lab: bad input. Each case must exit with its status (2 for a bad file
# or usage, 1 for a failed operation), say why with the file, line and column
# where they apply, and leave nothing behind: no namespace of the lab, no
# state file, no mount (read from `ip netns list`, /run/brkit/lab and
# /proc/self/mountinfo, not from brkit).
. "$(dirname "$0")/../lib.sh"
P="t$$"
LABS=""
lab_cleanup() {
	for l in $LABS; do $BRKIT lab down "$l" >/dev/null 2>&1; done
	t_cleanup
}
trap lab_cleanup EXIT

# leftovers NAME: what a lab NAME left: namespaces, state file, mounts.
leftovers() {
	echo "$(ip netns list | grep -c "^$1-") $(ls /run/brkit/lab 2>/dev/null | grep -cx "$1") $(grep -c "/run/netns/$1-" /proc/self/mountinfo)"
}
# bad DESC STATUS REGEX YAML: write YAML as bad.yml, `lab up` it under a name
# unique to the case, check status, message and that nothing is left.
n=0
bad() {
	n=$((n + 1))
	_name=$P-b$n
	printf '%s\n' "$4" >"$T_TMP/bad.yml"
	t_run "$1: exit $2" "$2" $BRKIT lab up "$T_TMP/bad.yml" name "$_name"
	t_errmatch "$1: message" "$3"
	t_eq "$1: nothing left" "$(leftovers "$_name")" "0 0 0"
}
F="$T_TMP/bad.yml"

bad "YAML syntax error" 2 "^brkit: $F:5:1: YAML syntax error" "name: x
topology:
  nodes: {a: {kind: host}
"
bad "tab indentation" 2 "$F:3:1: YAML syntax error: a tab in the indentation" "name: x
topology:
	nodes: {}"
bad "a tab after spaces in the indentation (issue 19: says tab, at the tab)" 2 \
	"$F:4:3: YAML syntax error: a tab in the indentation" "name: x
topology:
  nodes:
  	a: {kind: host}"
bad "a second YAML document (issue 19)" 2 "$F:3:1: a second YAML document" "name: x
topology: {nodes: {a: {kind: host}}}
---
name: y
topology: {nodes: {b: {kind: host}}}"
bad "the same address twice on an interface (issue 19: at parse time)" 2 \
	"$F:4:47: node h2: address '192.0.2.2/25' is given twice \\(already on e0\\)" "name: x
topology:
  nodes:
   h2: {kind: host, addresses: [192.0.2.2/24, 192.0.2.2/25]}
   h1: {kind: host, addresses: [192.0.2.1/24]}
  links:
    - endpoints: [\"h1:e0\", \"h2:e0\"]"
bad "the same address on an interface and the loopback (issue 19)" 2 \
	"$F:4:58: node r: address '192.0.2.9/24' is given twice \\(already on lo\\)" "name: x
topology:
  nodes:
   r: {kind: router, loopback: 192.0.2.9/32, addresses: [192.0.2.9/24]}
   h1: {kind: host, addresses: [192.0.2.1/24]}
  links:
    - endpoints: [\"h1:e0\", \"r:e0\"]"
bad "forward_delay 100 with stp: kernel (issue 19: at parse time)" 2 \
	"$F:4:50: node s: forward_delay: 100 centiseconds is out of the kernel's range with stp: kernel \\(200 to 3000" "name: x
topology:
  nodes:
   s: {kind: bridge, stp: kernel, forward_delay: 100}
   h1: {kind: host, addresses: [192.0.2.1/24]}
  links:
    - endpoints: [\"h1:e0\", \"s:p0\"]"
bad "forward_delay 100 from defaults with stp: kernel" 2 \
	"$F:3:56: node s: forward_delay: 100 centiseconds" "name: x
topology:
  defaults: {kind: bridge, stp: kernel, forward_delay: 100}
  nodes:
   s: {}
   h1: {kind: host, addresses: [192.0.2.1/24]}
  links:
    - endpoints: [\"h1:e0\", \"s:p0\"]"
# 200,000 nested '[': refused at the unknown key, or at the nesting limit
# under a known one, before libyaml reads the rest (it took over 20 s; the
# time is measured for the record, not asserted).
deep() {
	n=$((n + 1))
	_name=$P-b$n
	{ printf '%s' "$2"; head -c 200000 /dev/zero | tr '\0' '['; echo; } >"$T_TMP/deep.yml"
	_t0=$(date +%s%N)
	t_run "$1: exit 2" 2 $BRKIT lab up "$T_TMP/deep.yml" name "$_name"
	echo "# $1: $((($(date +%s%N) - _t0) / 1000000)) ms"
	t_errmatch "$1: message" "$3"
	t_eq "$1: nothing left" "$(leftovers "$_name")" "0 0 0"
}
deep "200,000 '[' under an unknown key" "name: x
topology: {nodes: {a: {kind: host}}}
bogus: " "^brkit: $T_TMP/deep.yml:3:1: unknown key 'bogus' \\(name, topology\\)\$"
deep "200,000 '[' as a node" "name: x
topology:
  nodes:
    a: " "^brkit: $T_TMP/deep.yml:4:69: nested deeper than 64 levels"
deep "200,000 '[' as the whole file" "" "^brkit: $T_TMP/deep.yml:1:65: nested deeper than 64 levels"
bad "unknown top-level key" 2 "$F:2:1: unknown key 'prefix'" "name: x
prefix: y
topology: {nodes: {a: {kind: host}}}"
bad "unknown node key" 2 "$F:3:27: node a: unknown key 'colour'" "name: x
topology:
  nodes: {a: {kind: host, colour: red}}"
bad "unknown kind" 2 "$F:3:21: unknown kind 'switch'" "name: x
topology:
  nodes: {a: {kind: switch}}"
bad "link to a missing node" 2 "$F:5:27: endpoint 'b:e0': no node 'b'" "name: x
topology:
  nodes: {a: {kind: host}}
  links:
    - endpoints: [\"a:e0\", \"b:e0\"]"
bad "endpoint used twice" 2 "$F:6:27: endpoint 'b:e0' is already used by the link at line 5" "name: x
topology:
  nodes: {a: {kind: host}, b: {kind: host}}
  links:
    - endpoints: [\"a:e0\", \"b:e0\"]
    - endpoints: [\"a:e1\", \"b:e0\"]"
bad "interface name too long" 2 "$F:5:19: node a: interface 'eth0123456789abc'.*longer than 15" "name: x
topology:
  nodes: {a: {kind: host}, b: {kind: host}}
  links:
    - endpoints: [\"a:eth0123456789abc\", \"b:e0\"]"
bad "interface name invalid" 2 "$F:5:27: node b: interface 'e/0'" "name: x
topology:
  nodes: {a: {kind: host}, b: {kind: host}}
  links:
    - endpoints: [\"a:e0\", \"b:e/0\"]"
bad "node name making a bad namespace name" 2 "$F:3:11: node 'a b' would make namespace name" "name: x
topology:
  nodes: {\"a b\": {kind: host}}"
bad "delay that does not parse" 2 "$F:5:44: delay: '5 parsecs' is not a duration" "name: x
topology:
  nodes: {a: {kind: host}, b: {kind: host}}
  links:
    - {endpoints: [\"a:e0\", \"b:e0\"], delay: 5 parsecs}"
bad "loss that does not parse" 2 "$F:5:43: loss: '1.2.3%' is not a percentage" "name: x
topology:
  nodes: {a: {kind: host}, b: {kind: host}}
  links:
    - {endpoints: [\"a:e0\", \"b:e0\"], loss: 1.2.3%}"
bad "rate that does not parse" 2 "$F:5:43: rate: '10 furlongs' is not a rate" "name: x
topology:
  nodes: {a: {kind: host}, b: {kind: host}}
  links:
    - {endpoints: [\"a:e0\", \"b:e0\"], rate: 10 furlongs}"
bad "stp that is not off, kernel or rstp" 2 "$F:3:34: stp: 'mstp' is not off, kernel or rstp" "name: x
topology:
  nodes: {a: {kind: bridge, stp: mstp}}"
bad "a loop of bridges without STP" 2 "$F:7:7: link c:p2 -- a:p2 closes a loop of bridges without STP" "name: x
topology:
  nodes: {a: {kind: bridge}, b: {kind: bridge}, c: {kind: bridge}}
  links:
    - endpoints: [\"a:p1\", \"b:p1\"]
    - endpoints: [\"b:p2\", \"c:p1\"]
    - endpoints: [\"c:p2\", \"a:p2\"]"

# ---- failures found while bringing up: everything made is removed ----
bad "VLANs on a kernel without VLAN filtering" 1 \
	"$F:4:4: creating the bridge of node sw: .*CONFIG_BRIDGE_VLAN_FILTERING" "name: x
topology:
  nodes:
   sw: {kind: bridge, ports: {p1: {vlans: 10-20, pvid: 10}}}
   h: {kind: host}
  links:
    - endpoints: [\"sw:p1\", \"h:e0\"]"
bad "a gateway off every subnet (issue 19: at parse time)" 2 \
	"$F:4:57: node h2: gateway 203.0.113.1 is on no subnet of the node's addresses" "name: x
topology:
  nodes:
   h2: {kind: host, addresses: [192.0.2.2/24], gateway: 203.0.113.1}
   h1: {kind: host, addresses: [192.0.2.1/24]}
  links:
    - endpoints: [\"h1:e0\", \"h2:e0\"]"
# netem: the host kernel lacks it (CONFIG_NET_SCH_NETEM); a kernel with it makes the qdisc.
t_netns_new PROBE netem
ip -n "$PROBE" link add p-a type veth peer name p-b
if tc -n "$PROBE" qdisc add dev p-a root netem delay 1ms 2>/dev/null; then
	n=$((n + 1))
	printf 'name: x\ntopology:\n  nodes: {a: {kind: host}, b: {kind: host}}\n  links:\n    - {endpoints: ["a:e0", "b:e0"], delay: 5ms}\n' >"$F"
	LABS="$LABS $P-b$n"
	t_run "delay with netem in the kernel" 0 $BRKIT lab up "$F" name "$P-b$n"
	t_eq "netem qdisc made" "$(tc -n "$P-b$n-a" -j qdisc show dev e0 | jq -r '.[0].kind')" netem
	$BRKIT lab down "$P-b$n"
else
	bad "delay on a kernel without netem" 1 \
		"$F:5:7: adding impairments on a:e0: .*CONFIG_NET_SCH_NETEM" "name: x
topology:
  nodes: {a: {kind: host}, b: {kind: host}}
  links:
    - {endpoints: [\"a:e0\", \"b:e0\"], delay: 5ms}"
fi

# stp: rstp nodes: checked against brkit-stpd's engine before anything is
# made (no daemon started either)
bad "rstp: a bridge priority the daemon refuses" 2 \
	"$F:5:19: priority: 4097 is not a bridge priority for brkit-stpd \\(0 to 61440 in steps of 4096" "name: x
topology:
  defaults: {kind: bridge, stp: rstp}
  nodes:
    a: {priority: 4097}"
bad "rstp: a port priority out of the daemon's steps" 2 \
	"$F:5:32: priority: 100 is not a port priority for brkit-stpd \\(0 to 240 in steps of 16" "name: x
topology:
  defaults: {kind: bridge, stp: rstp}
  nodes:
    a: {ports: {p1: {priority: 100}}}
    b: {}
  links:
    - endpoints: [a:p1, b:p1]"
bad "rstp: a timer that is not whole seconds" 2 \
	"$F:3:51: hello_time: 150 centiseconds is not a whole number of seconds" "name: x
topology:
  defaults: {kind: bridge, stp: rstp, hello_time: 150}
  nodes:
    a: {}"
bad "rstp: timers 802.1D refuses" 2 "$F:5:18: node a: .*802.1D needs" "name: x
topology:
  defaults: {kind: bridge, stp: rstp}
  nodes:
    a: {max_age: 4000, forward_delay: 400}"
bad "kernel STP: a port priority over 63" 2 \
	"$F:5:45: priority: 64 is not a port priority for the kernel" "name: x
topology:
  defaults: {kind: bridge, stp: kernel}
  nodes:
    a: {stp: kernel, ports: {p1: {priority: 64}}}
    b: {}
  links:
    - endpoints: [a:p1, b:p1]"
bad "kernel STP: a brkit-stpd setting" 2 \
	"$F:5:33: node a: p1: bpduguard is a brkit-stpd setting: only stp: rstp nodes take it" "name: x
topology:
  defaults: {kind: bridge, stp: kernel}
  nodes:
    a: {ports: {p1: {bpduguard: on}}}
    b: {}
  links:
    - endpoints: [a:p1, b:p1]"
t_eq "rstp cases: no brkit-stpd started" "$(t_stpd_count "brkit-stpd -f -n $P-b")" 0

# ---- names ----
UP=$P-up
printf 'name: %s\ntopology:\n  nodes: {a: {kind: host}, b: {kind: host}}\n  links:\n    - endpoints: ["a:e0", "b:e0"]\n' "$UP" >"$T_TMP/ok.yml"
LABS="$LABS $UP"
t_run "up a lab" 0 $BRKIT lab up "$T_TMP/ok.yml"
before=$(ip -n "$UP-a" -j link show | jq -c '[.[] | {ifindex, ifname}]')
t_run "a lab name that is already up: exit 1" 1 $BRKIT lab up "$T_TMP/ok.yml"
t_errmatch "already up: message" "lab $UP is already up"
t_eq "already up: the running lab is untouched" \
	"$(ip -n "$UP-a" -j link show | jq -c '[.[] | {ifindex, ifname}]')" "$before"
t_eq "already up: its state file stays" "$(ls /run/brkit/lab | grep -cx "$UP")" 1
# a namespace someone else made with a lab's name is never taken or removed
FOREIGN=$P-fx
ip netns add "$FOREIGN-a"
T_NETNS="$T_NETNS $FOREIGN-a"
ip -n "$FOREIGN-a" link add p-keep type veth peer name p-keep2
t_run "a foreign namespace in the way: exit 1" 1 $BRKIT lab up "$T_TMP/ok.yml" name "$FOREIGN"
t_errmatch "foreign namespace: message" "namespace $FOREIGN-a \\(node a\\) already exists"
t_eq "foreign namespace: kept, with its devices" \
	"$(ip -n "$FOREIGN-a" -j link show p-keep | jq -r '.[0].ifname')" p-keep
t_eq "foreign namespace: no state file" "$(ls /run/brkit/lab | grep -cx "$FOREIGN")" 0
t_eq "foreign namespace: the other node not made" "$(ip netns list | grep -c "^$FOREIGN-b")" 0
t_run "a bad lab name on the command line: exit 2" 2 $BRKIT lab up "$T_TMP/ok.yml" name "a/b"
t_errmatch "bad lab name: message" "lab name 'a/b'"
t_run "a file that does not exist: exit 2" 2 $BRKIT lab up "$T_TMP/nope.yml"
t_errmatch "missing file: message" "reading $T_TMP/nope.yml: No such file"
t_run "down of an unknown lab: exit 1" 1 $BRKIT lab down "$P-never"
t_errmatch "down unknown: message" "lab $P-never: no such lab is up"
t_run "show of an unknown lab: exit 1" 1 $BRKIT lab show "$P-never"
t_run "down by file (the lab its name: names)" 0 $BRKIT lab down "$T_TMP/ok.yml"
t_eq "down by file: nothing left" "$(leftovers "$UP")" "0 0 0"
t_run "down again: exit 1" 1 $BRKIT lab down "$UP"
t_run "lab without a verb: exit 2" 2 $BRKIT lab
t_run "lab up without a file: exit 2" 2 $BRKIT lab up

t_end
