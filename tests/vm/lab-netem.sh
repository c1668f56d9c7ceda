#!/bin/sh
# brkit lab impairments on a kernel with netem (the host has no
# CONFIG_NET_SCH_NETEM). Run in the QEMU VM by tests/netns/lab_netem.sh, which
# loads sch_netem and sch_tbf. The delay shows in ping's RTT as a lower bound
# the kernel guarantees (netem holds each packet at least its delay, in each
# direction), never as an upper bound; loss 100% stops every echo.
. "$(dirname "$0")/../lib.sh"
L=t$$-nm
trap '$BRKIT lab down "$L" >/dev/null 2>&1; $BRKIT lab down "$L-loss" >/dev/null 2>&1; t_cleanup' EXIT
cat >"$T_TMP/netem.yml" <<'YML'
name: netem
topology:
  nodes:
    sw: {kind: bridge}
    h1: {kind: host, addresses: [192.0.2.1/24]}
    h2: {kind: host, addresses: [192.0.2.2/24]}
  links:
    - endpoints: ["h1:eth0", "sw:p1"]
      delay: 50ms
      rate: 10mbit
    - endpoints: ["h2:eth0", "sw:p2"]
YML
t_run "up with delay 50ms and a rate" 0 $BRKIT lab up "$T_TMP/netem.yml" name "$L"
q() { tc -n "$1" -j qdisc show dev "$2" | jq -r "$3"; }
t_eq "netem at h1's root (tc)" "$(q "$L-h1" eth0 '.[] | select(.root == true) | .kind')" netem
t_eq "netem delay (tc)" "$(q "$L-h1" eth0 '.[] | select(.kind == "netem") | .options.delay.delay')" 0.05
t_eq "netem at the bridge end too" "$(q "$L-sw" p1 '.[] | select(.root == true) | .kind')" netem
t_eq "tbf under netem (tc)" "$(q "$L-h1" eth0 '.[] | select(.kind == "tbf") | .parent')" 1:1
t_eq "tbf rate (tc)" "$(q "$L-h1" eth0 '.[] | select(.kind == "tbf") | .options.rate')" 1250000
t_eq "no qdisc on the other link" "$(q "$L-h2" eth0 '[.[] | select(.kind == "netem")] | length')" 0
out=$(ip netns exec "$L-h1" ping -c3 -W3 192.0.2.2 2>&1)
t_eq "h1 pings h2 through netem" "$(printf '%s\n' "$out" | grep -c ' 0% packet loss')" 1
min=$(printf '%s\n' "$out" | sed -n 's|.*= \([0-9.]*\)/.*|\1|p')
if awk -v m="${min:-0}" 'BEGIN {exit !(m >= 100)}'; then
	t_ok "RTT at least twice the delay (min $min ms)"
else
	t_fail "RTT below 2 x 50 ms: min [$min]; $out"
fi
t_run "down" 0 $BRKIT lab down "$L"
sed 's|delay: 50ms|loss: 100%|; /rate:/d' "$T_TMP/netem.yml" >"$T_TMP/loss.yml"
t_run "up with loss 100%" 0 $BRKIT lab up "$T_TMP/loss.yml" name "$L-loss"
t_eq "netem loss (tc)" "$(tc -n "$L-loss-h1" qdisc show dev eth0 | grep -c 'netem .*loss 100%')" 1
if ip netns exec "$L-loss-h1" ping -c2 -W1 192.0.2.2 >/dev/null 2>&1; then
	t_fail "loss 100%: an echo came back"
else
	t_ok "loss 100%: no echo comes back"
fi
t_run "down" 0 $BRKIT lab down "$L-loss"
t_end
