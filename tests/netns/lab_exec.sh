#!/bin/sh
# brkit lab: the conveniences harness authors know from containerlab (issue
# 19): per-node exec: commands with env:, lab show with each node's addresses,
# lab graph as Mermaid. Effects are read back with iproute2 (ip -j) and the
# files the commands wrote; a failing or hanging command must fail up (exit 1)
# with its output and leave nothing: no namespace, state file, mount or process.
. "$(dirname "$0")/../lib.sh"
P="labconv$$"
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
# A sleep of this run's own name, so its processes can be found (and only they).
SLEEP=$T_TMP/$P-sleep
cp "$(command -v sleep)" "$SLEEP"
procs() { pgrep -f -c "^$SLEEP" || true; }

# ---- exec: and env: ----
L=$P-a
cat >"$T_TMP/ok.yml" <<EOF
name: ok
topology:
  defaults:
    env: {GREETING: hello, SHARED: from-defaults}
  nodes:
    h1:
      kind: host
      addresses: [192.0.2.1/24, "2001:db8::1/64"]
      env: {SHARED: from-node, EMPTY: ""}
      exec:
        - ip addr add 198.51.100.1/32 dev lo
        - ip link add lcvexec0 type veth peer name lcvexec1
        - echo 1 >>order.txt
        - echo "\$GREETING \$SHARED [\$EMPTY] \$BRKIT_LAB \$BRKIT_NODE \$BRKIT_NETNS \$(pwd)" >env.txt
        - echo 2 >>order.txt
    sw: {kind: bridge, exec: ["bridge link set dev p1 cost 7"]}
    h2:
      kind: host
      addresses: [192.0.2.2/24]
      exec:
        - echo 3 >>order.txt
        - $SLEEP 3600 &
        # polls, bounded: the bridge may take a moment to forward
        - i=0; until ping -c1 -W1 192.0.2.1; do i=\$((i + 1)); [ \$i -lt 60 ] || exit 1; done
  links:
    - endpoints: ["h1:eth0", "sw:p1"]
    - endpoints: ["h2:eth0", "sw:p2"]
EOF
LABS="$LABS $L"
t_run "exec: up" 0 $BRKIT lab up "$T_TMP/ok.yml" name "$L"
t_eq "exec: commands ran in order, nodes in file order" "$(tr '\n' ' ' <"$T_TMP/order.txt")" "1 2 3 "
t_eq "exec: env: node over defaults, BRKIT_* set, run in the file's folder" \
	"$(cat "$T_TMP/env.txt")" "hello from-node [] $L h1 $L-h1 $T_TMP"
t_eq "exec: the address went on h1's lo (ip -j)" \
	"$(ip -n "$L-h1" -j addr show dev lo | jq -r '[.[0].addr_info[] | select(.local == "198.51.100.1") | .prefixlen] | join(",")')" "32"
t_eq "exec: the dummy is in h1's namespace (ip -j)" \
	"$(ip -n "$L-h1" -j link show dev lcvexec0 | jq -r '.[0].ifname')" lcvexec0
t_eq "exec: and not on the host" "$(ip link show dev lcvexec0 2>/dev/null | wc -l)" 0
t_eq "exec: a bridge node's command set its port's cost (bridge -j)" \
	"$(bridge -n "$L-sw" -j link show dev p1 | jq -r '.[0].cost')" 7
t_eq "exec: a command's background process runs on" "$(procs)" 1
t_eq "exec: the lab is complete" "$($BRKIT -j lab show "$L" | jq -r '.complete')" true

# ---- lab show: addresses, from the kernel ----
t_run "show" 0 $BRKIT lab show "$L"
t_eq "show: h1's interfaces and addresses" "$(printf '%s\n' "$T_OUT" | sed -n '/node h1 /,/node sw /p' | sed -n '2,3p')" \
	"    lo 198.51.100.1/32
    eth0 192.0.2.1/24 2001:db8::1/64"
t_eq "show: a bridge node without addresses has no address line" \
	"$(printf '%s\n' "$T_OUT" | sed -n '/node sw /{n;p}')" "  node h2 host netns $L-h2"
# brkit's JSON against iproute2's, node by node (link-local and 127/8, ::1 left out)
for n in h1 sw h2; do
	got=$($BRKIT -j lab show "$L" | jq -r --arg n "$n" '.nodes[] | select(.name == $n) | .addresses[] | "\(.ifname) \(.family) \(.local)/\(.prefixlen)"' | sort)
	want=$(ip -n "$L-$n" -j addr show | jq -r '.[] | .ifname as $i | .addr_info[] | select(.scope != "host" and .scope != "link") | "\($i) \(.family) \(.local)/\(.prefixlen)"' | sort)
	t_eq "show -j: $n's addresses are iproute2's" "$got" "$want"
done
ip -n "$L-h2" addr add 203.0.113.7/24 dev eth0
t_eq "show -j: an address added later is there (kernel state, not the file)" \
	"$($BRKIT -j lab show "$L" | jq -r '.nodes[] | select(.name == "h2") | [.addresses[].local] | join(" ")')" "192.0.2.2 203.0.113.7"

# ---- lab graph: DOT by default, Mermaid on request ----
t_run "graph" 0 $BRKIT lab graph "$L"
DOT=$T_OUT
t_eq "graph: DOT by default" "$(printf '%s\n' "$DOT" | head -n 1)" "graph \"$L\" {"
t_run "graph format dot" 0 $BRKIT lab graph "$L" format dot
t_eq "graph format dot: the same as the default" "$T_OUT" "$DOT"
t_run "graph format mermaid" 0 $BRKIT lab graph "$L" format mermaid
t_eq "graph format mermaid: the flowchart" "$T_OUT" "%% brkit lab graph $L
flowchart LR
    n0(\"h1\")
    n1[\"sw\"]
    n2(\"h2\")
    n0 ---|\"eth0 -- p1\"| n1
    n2 ---|\"eth0 -- p2\"| n1"
t_run "graph format svg: exit 2" 2 $BRKIT lab graph "$L" format svg
t_errmatch "graph format svg: message" "format 'svg' is not dot or mermaid"
t_run "graph NAME mermaid: exit 2" 2 $BRKIT lab graph "$L" mermaid
t_errmatch "graph NAME mermaid: message" "expected NAME \[format dot\|mermaid\]"

# down stops what the commands left running
t_run "exec: down" 0 $BRKIT lab down "$L"
LABS=""
t_eq "down: nothing left" "$(leftovers "$L")" "0 0 0"
t_eq "down: the background process is gone" "$(procs)" 0

# ---- a failing command: exit 1, its output, everything rolled back ----
L=$P-f
rm -f "$T_TMP/never.txt"
cat >"$T_TMP/fail.yml" <<EOF
name: fail
topology:
  nodes:
    h1:
      kind: host
      exec:
        - "$SLEEP 3600 &"
        - true
        - "echo to-stdout; echo to-stderr >&2; exit 3"
    h2: {kind: host, exec: [touch never.txt]}
  links:
    - endpoints: ["h1:eth0", "h2:eth0"]
EOF
LABS="$L"
t_run "failing exec: exit 1" 1 $BRKIT lab up "$T_TMP/fail.yml" name "$L"
t_errmatch "failing exec: the command's place, status and output" \
	"fail.yml:9:11: node h1: exec 'echo to-stdout; echo to-stderr >&2; exit 3' failed \(exit status 3\); its output: to-stdout"
t_errmatch "failing exec: stderr too" "^to-stderr$"
t_eq "failing exec: nothing left (ip netns, state, mounts)" "$(leftovers "$L")" "0 0 0"
t_eq "failing exec: no process left" "$(procs)" 0
t_eq "failing exec: a later node's command never ran" "$(ls "$T_TMP/never.txt" 2>/dev/null | wc -l)" 0

# a command killed by a signal
printf 'name: sig\ntopology:\n  nodes:\n    h1: {kind: host, exec: ["kill -9 $$"]}\n' >"$T_TMP/sig.yml"
L=$P-s
LABS="$L"
t_run "killed exec: exit 1" 1 $BRKIT lab up "$T_TMP/sig.yml" name "$L"
t_errmatch "killed exec: message" "sig.yml:4:29: node h1: exec 'kill -9 \\\$\\\$' failed \(killed by signal 9\); its output: \(none\)"
t_eq "killed exec: nothing left" "$(leftovers "$L")" "0 0 0"

# a long output: the message keeps its end
printf 'name: big\ntopology:\n  nodes:\n    h1: {kind: host, exec: ["seq 1 20000; exit 1"]}\n' >"$T_TMP/big.yml"
L=$P-g
LABS="$L"
t_run "long output: exit 1" 1 $BRKIT lab up "$T_TMP/big.yml" name "$L"
t_errmatch "long output: the message has its end, marked cut" "failed \(exit status 1\); its output: \.\.\.[0-9]*$"
t_eq "long output: the last line is there" "$(printf '%s\n' "$T_ERR" | tail -n 1)" 20000
t_eq "long output: the message stays short" "$(printf '%s\n' "$T_ERR" | wc -c | awk '$1 < 600 { print "short" }')" short
t_eq "long output: nothing left" "$(leftovers "$L")" "0 0 0"

# a command that hangs: exec_timeout, the process group killed
cat >"$T_TMP/hang.yml" <<EOF
name: hang
topology:
  nodes:
    h1: {kind: host, exec_timeout: 1s, exec: ["echo waiting; $SLEEP 3600"]}
EOF
L=$P-h
LABS="$L"
t_run "hanging exec: exit 1" 1 $BRKIT lab up "$T_TMP/hang.yml" name "$L"
t_errmatch "hanging exec: message" "hang.yml:4:47: node h1: exec 'echo waiting; .*' ran past exec_timeout \(1000 ms\) and was killed; its output: waiting"
t_eq "hanging exec: nothing left" "$(leftovers "$L")" "0 0 0"
t_eq "hanging exec: no process left" "$(procs)" 0
LABS=""

# ---- bad files: exit 2 at the place, nothing made ----
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
H="name: x
topology:
  nodes:"
bad "exec not a list" 2 "$F:4:28: node h1: exec: expected a list of commands" "$H
    h1: {kind: host, exec: \"ip link\"}"
bad "exec: a command that is a list" 2 "$F:8:11: node h1: exec: expected a string, found a list" "$H
    h1:
      kind: host
      exec:
        - true
        - [ip, link]"
bad "exec: a command that is a mapping" 2 "$F:4:29: node h1: exec: expected a string, found a mapping" "$H
    h1: {kind: host, exec: [{ip: link}]}"
bad "exec: an empty command" 2 "$F:4:29: node h1: exec: the command is empty" "$H
    h1: {kind: host, exec: [\"\"]}"
bad "env not a map" 2 "$F:4:27: node h1: env: expected a mapping of variables" "$H
    h1: {kind: host, env: [A=1]}"
bad "env: a bad variable name" 2 "$F:4:28: node h1: env: 'BAD-NAME' is not a variable name" "$H
    h1: {kind: host, env: {BAD-NAME: 1}}"
bad "env: a name starting with a digit" 2 "$F:4:28: node h1: env: '1X' is not a variable name" "$H
    h1: {kind: host, env: {1X: 1}}"
bad "env: a value that is a list" 2 "$F:4:31: node h1: A: expected a string, found a list" "$H
    h1: {kind: host, env: {A: [1]}}"
bad "exec in defaults" 2 "$F:3:14: defaults: 'exec' belongs to a node" "name: x
topology:
  defaults: {exec: [true]}
  nodes: {h1: {kind: host}}"
bad "exec_timeout not a duration" 2 "$F:4:36: node h1: exec_timeout: '10' is not a duration" "$H
    h1: {kind: host, exec_timeout: 10, exec: [true]}"
bad "exec_timeout too long" 2 "$F:4:36: node h1: exec_timeout: '2h' is not a duration" "$H
    h1: {kind: host, exec_timeout: 2h, exec: [true]}"

t_eq "no process of this run left" "$(procs)" 0
t_end
