#!/bin/sh
# Bad lab files for FRR nodes and hypervisors: FRR not installed ($BRKIT_FRR_DIR
# pointing at an empty folder), a daemon that is not installed, an unknown
# daemon, a configuration FRR refuses (inline and in a config-file: FRR's own
# message at the file and line), a config-file that is missing, a VNI out of
# range or twice, a VTEP that is not an address of the node: exit 2, a clear
# message, nothing made (no namespace, state, run folder or FRR process).
# And a daemon that fails at start (exit 1): up removes what it made, zebra
# included.
. "$(dirname "$0")/../lib.sh"
L="evpnlab-b$$"
trap '$BRKIT lab down "$L" >/dev/null 2>&1; t_cleanup' EXIT

. "$(dirname "$0")/frr.inc"

# bad DESC STATUS REGEX FILE [VAR=VALUE...]: lab up FILE exits STATUS with a
# message matching REGEX, and leaves nothing behind
bad() {
	_d=$1 _s=$2 _re=$3 _f=$4
	shift 4
	t_run "$_d: exit $_s" "$_s" env "$@" $BRKIT lab up "$_f" name "$L"
	t_errmatch "$_d: message" "$_re"
	t_eq "$_d: nothing left" "$(leftovers "$L")" "0 0 0 0"
	$BRKIT lab down "$L" >/dev/null 2>&1
}

# a one-router lab; $1: the frr: mapping's body lines, $2: extra node keys
router() {
	cat <<EOF
name: frrbad
topology:
  nodes:
    r1:
      kind: router
      loopback: 192.0.2.1/32${2:-}
      frr:
$1
    h1: {kind: host, addresses: [198.51.100.1/24], interfaces: {eth0: {mac: "02:00:5e:00:53:01"}}}
  links:
    - endpoints: ["h1:eth0", "r1:eth0"]
EOF
}

GOOD="        config: |
          hostname r1
          router bgp 65001
           bgp router-id 192.0.2.1"
router "$GOOD" >"$T_TMP/good.yml"

# the same file is fine: it comes up and goes down
t_run "good router lab: up" 0 $BRKIT lab up "$T_TMP/good.yml" name "$L"
t_eq "good router lab: zebra, bgpd, staticd run" "$(frr_procs "/run/brkit/lab/.$L/r1")" 3
t_eq "good router lab: h1's eth0 has the MAC the file gives" \
	"$(ip -n "$L-h1" -j link show dev eth0 | jq -r '.[0].address')" 02:00:5e:00:53:01
t_run "good router lab: down" 0 $BRKIT lab down "$L"
t_eq "good router lab: nothing left" "$(leftovers "$L")" "0 0 0 0"

# FRR not installed: an empty folder for the daemons
mkdir "$T_TMP/nofrr"
bad "FRR not installed" 2 "good.yml:7:7: node r1: frr: FRR is not installed \(no $T_TMP/nofrr/zebra; Debian: apt-get install frr\)" \
	"$T_TMP/good.yml" BRKIT_FRR_DIR="$T_TMP/nofrr"
bad "no vtysh" 2 "FRR is not installed \(no $T_TMP/nofrr/vtysh" \
	"$T_TMP/good.yml" BRKIT_VTYSH="$T_TMP/nofrr/vtysh"

# a listed daemon that is not installed: a folder with zebra only
mkdir "$T_TMP/zonly"
ln -s /usr/lib/frr/zebra "$T_TMP/zonly/zebra"
bad "daemon not installed" 2 "good.yml:7:7: node r1: frr: daemon bgpd is not installed \(no $T_TMP/zonly/bgpd\)" \
	"$T_TMP/good.yml" BRKIT_FRR_DIR="$T_TMP/zonly"

# unknown daemon
router "        daemons: [zebra, bgpd, ospf7d]" >"$T_TMP/unknown.yml"
bad "unknown daemon" 2 "unknown.yml:8:32: node r1: frr: unknown daemon 'ospf7d' \(zebra, bgpd, staticd" \
	"$T_TMP/unknown.yml"

# a configuration FRR refuses: inline (line 4 of the text is line 12 of the file)
router "        config: |
          hostname r1
          router bgp 65001
           bgp router-id 192.0.2.1
           neighbor 203.0.113.1 remote-ass 65002" >"$T_TMP/refused.yml"
bad "config FRR refuses (inline)" 2 \
	"refused.yml:12:1: node r1: FRR refuses the configuration \(its line 4\): % Unknown command.*neighbor 203.0.113.1 remote-ass 65002" \
	"$T_TMP/refused.yml"

# ... and in a config-file (relative to the lab file)
printf 'hostname r1\n!\nrouter bgp 65001\n bgp router-idd 192.0.2.1\n' >"$T_TMP/r1.conf"
router "        config-file: r1.conf" >"$T_TMP/cfile.yml"
bad "config FRR refuses (config-file)" 2 \
	"$T_TMP/r1.conf:4:1: node r1: FRR refuses the configuration: % Unknown command.*bgp router-idd 192.0.2.1" \
	"$T_TMP/cfile.yml"
router "        config-file: nosuch.conf" >"$T_TMP/nofile.yml"
bad "config-file missing" 2 "nofile.yml:7:7: node r1: frr: reading config-file $T_TMP/nosuch.conf: No such file" \
	"$T_TMP/nofile.yml"

# hypervisors: VNI out of range, twice, a VTEP not on the node
hv() {
	cat <<EOF
name: hvbad
topology:
  nodes:
    hv1:
      kind: hypervisor
      loopback: 192.0.2.11/32
$1
    vm1: {kind: host, addresses: [198.51.100.1/24]}
  links:
    - endpoints: ["vm1:eth0", "hv1:vnet1"]
      vni: 100
EOF
}
hv "      vnis: {100: , 16777216: }" >"$T_TMP/range.yml"
bad "VNI out of range" 2 "range.yml:7:21: node hv1: VNI '16777216' is not a VNI \(1 to 16777215\)" "$T_TMP/range.yml"
hv "      vnis: [100, 200, 100]" >"$T_TMP/twice.yml"
bad "VNI twice" 2 "twice.yml:7:24: node hv1: VNI 100 is given twice \(first at line 7\)" "$T_TMP/twice.yml"
hv "      vnis: {100: {vlan: 10}, 200: {vlan: 10}}" >"$T_TMP/vlan2.yml"
bad "VLAN for two VNIs" 2 "vlan2.yml:7:43: node hv1: VLAN 10 is given to VNI 100 and VNI 200" "$T_TMP/vlan2.yml"
hv "      vnis: [100]
      vtep: 192.0.2.99" >"$T_TMP/vtep.yml"
bad "VTEP not on the node" 2 \
	"vtep.yml:8:13: node hv1: VTEP address 192.0.2.99 is not an address of the node" "$T_TMP/vtep.yml"
hv "      vnis: [200]" >"$T_TMP/novni.yml"
bad "link into a VNI the hypervisor lacks" 2 "novni.yml:10:7: link: VNI 100 is not among hypervisor hv1's vnis" \
	"$T_TMP/novni.yml"

# a daemon that will not start: up fails (exit 1) and stops zebra again
mkdir "$T_TMP/failing"
for d in zebra staticd; do ln -s "/usr/lib/frr/$d" "$T_TMP/failing/$d"; done
printf '#!/bin/sh\necho "bgpd: cannot bind, no such luck" >&2\nexit 3\n' >"$T_TMP/failing/bgpd"
chmod +x "$T_TMP/failing/bgpd"
bad "a daemon that will not start" 1 \
	"good.yml:7:7: node r1: frr: bgpd did not start \(status 3\): bgpd: cannot bind, no such luck" \
	"$T_TMP/good.yml" BRKIT_FRR_DIR="$T_TMP/failing"

t_end
