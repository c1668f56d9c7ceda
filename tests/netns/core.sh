#!/bin/sh
# The netlink core: handles bound to a namespace, extended-ack text in errors,
# pipelined batches with per-request errors, group delete. Effects are read
# back with iproute2.
. "$(dirname "$0")/../lib.sh"
NL=$BUILD/tests/tools/nlcore

t_netns_new NS core
t_netns_new NS2 other

t_run "open a namespace that does not exist fails" 1 "$NL" bk-no-such-ns count
case $T_OUT in *"No such file"*) t_ok "and says why" ;; *) t_fail "and says why: $T_OUT" ;; esac

t_run "a handle in NS sees only NS's devices" 0 "$NL" "$NS" count
t_eq "NS holds lo alone" "$T_OUT" "$(ip -n "$NS" -j link show | jq length)"

t_run "300 veth pairs pipelined, one duplicate refused" 0 "$NL" "$NS" batch-veth 300 7
t_eq "batch counts the requests and the refusal" "$(echo "$T_OUT" | tail -n 1)" "count 301 failed 1"
t_eq "the refusal is request 300 (seq-matched)" "$(echo "$T_OUT" | grep '^refused' | cut -d' ' -f2-3)" "300 -17"
t_eq "iproute2 sees 600 devices in group 7" \
	"$(ip -n "$NS" -j -d link show | jq '[.[] | select(.group == "7")] | length')" 600
t_eq "nothing leaked into the other namespace" "$(ip -n "$NS2" -j link show | jq length)" 1

t_run "extended ack text reaches the error message" 1 "$NL" "$NS" mtu vA1 70000
if echo "$T_OUT" | grep -q "setting mtu 70000 on vA1: mtu greater than device maximum"; then
	t_ok "extack: $T_OUT"
else
	t_fail "extack missing: $T_OUT"
fi
t_eq "the refused mtu changed nothing" "$(t_ipj "$NS" vA1 .mtu)" 1500
t_run "a valid mtu is applied" 0 "$NL" "$NS" mtu vA1 9000
t_eq "iproute2 reads the mtu back" "$(t_ipj "$NS" vA1 .mtu)" 9000

t_run "look-up of a missing device" 1 "$NL" "$NS" get p-none
if echo "$T_OUT" | grep -q "p-none: no such device"; then t_ok "names the device"; else t_fail "got: $T_OUT"; fi

ip -n "$NS" link add p-keep group 8 type veth peer name p-keep2 group 8
t_run "group delete removes the whole group in one request" 0 "$NL" "$NS" delgroup 7
t_eq "no device of group 7 left" \
	"$(ip -n "$NS" -j -d link show | jq '[.[] | select(.group == "7")] | length')" 0
t_eq "group 8 untouched" "$(ip -n "$NS" -j -d link show | jq '[.[] | select(.group == "8")] | length')" 2
t_run "group 0 is refused" 1 "$NL" "$NS" delgroup 0
t_eq "and lo is still there" "$(ip -n "$NS" -j link show lo | jq -r '.[0].ifname')" lo
t_end
