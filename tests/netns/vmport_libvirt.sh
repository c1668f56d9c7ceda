#!/bin/sh
# libvirt's qemu hook (brkit linked as /etc/libvirt/hooks/qemu): domain XML
# written for the tests, fed on stdin with libvirt's arguments. libvirt makes
# the taps and puts them on their bridges itself; the hook adds the spec from
# the domain's <metadata> (or the config file) and undoes it on stopped.
. "$(dirname "$0")/../lib.sh"

t_netns_new NS
export BRKIT_STATE_DIR="$T_TMP/state"
# state is kept per network namespace: BRKIT_STATE_DIR/net-INODE for $NS
SD="$BRKIT_STATE_DIR/net-$(stat -c %i "/run/netns/$NS")"
mkdir -p "$T_TMP/hooks"
ln -sf "$BUILD/brkit-hook" "$T_TMP/hooks/qemu"
ip -n "$NS" link add br-l type bridge
ip -n "$NS" link set br-l up
# as libvirt leaves them before "started": taps on the bridge, up
for t in t-lv0 t-lv1 t-lv2; do
	ip -n "$NS" tuntap add "$t" mode tap
	ip -n "$NS" link set "$t" master br-l up
done
ipd() { t_ipj "$NS" "$@"; }
slave() { ipd "$1" ".linkinfo.info_slave_data.$2"; }
pins() {
	bridge -n "$NS" -j fdb show dev "$1" | jq -r '.[] | select(.state == "static") |
		"\(.mac) \(.vlan // 0)"' | sort
}
cat >"$T_TMP/vm-ports.conf" <<CONF
t-lv1 bridge br-l isolated
CONF
export BRKIT_CONFIG="$T_TMP/vm-ports.conf"
cat >"$T_TMP/dom.xml" <<'XML'
<domain type='kvm'>
  <name>vm-t</name>
  <metadata>
    <brkit:port xmlns:brkit="https://brkit.example/xmlns/1" mac="52:54:00:aa:00:01" lock="yes"/>
  </metadata>
  <devices>
    <interface type='bridge'>
      <mac address='52:54:00:aa:00:01'/>
      <source bridge='br-l'/>
      <target dev='t-lv0'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:aa:00:02'/>
      <source bridge='br-l'/>
      <target dev='t-lv1'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:aa:00:03'/>
      <source bridge='br-l'/>
      <target dev='t-lv2'/>
    </interface>
  </devices>
</domain>
XML
# t_quiet DESC CMD...: exit 0, nothing on stderr, the kernel state unchanged.
t_quiet() {
	_qd=$1
	shift
	_qb=$(t_kstate "$NS")
	t_run "$_qd: exit 0" 0 "$@"
	t_eq "$_qd: no error text" "$T_ERR" ""
	t_eq "$_qd: nothing changed" "$(t_kstate "$NS")" "$_qb"
}
hook() { ip netns exec "$NS" "$T_TMP/hooks/qemu" "$@"; }

t_quiet "prepare: nothing for brkit" sh -c "'$T_TMP/hooks/qemu' vm-t prepare begin - <'$T_TMP/dom.xml'"
before=$(t_kstate "$NS")
t_run "started" 0 hook vm-t started begin - <"$T_TMP/dom.xml"
t_eq "t-lv0: locked (metadata matched by MAC)" "$(slave t-lv0 locked)" "true"
t_eq "t-lv0: the guest's MAC from <mac address> pinned" "$(pins t-lv0)" "52:54:00:aa:00:01 0"
t_eq "t-lv0: guards on" "$(slave t-lv0 guard) $(slave t-lv0 root_block)" "true true"
t_eq "t-lv1: isolated (from the config file)" "$(slave t-lv1 isolated)" "true"
t_eq "t-lv1: not locked" "$(slave t-lv1 locked)" "false"
t_eq "t-lv2: no spec anywhere: left alone" "$(slave t-lv2 guard) $(slave t-lv2 isolated)" "false false"
t_eq "t-lv2: the hook says so" "$(echo "$T_OUT" | grep -c 't-lv2: no brkit:port')" "1"
after=$(t_kstate "$NS")
t_run "reconnect (libvirtd restarted)" 0 hook vm-t reconnect begin - <"$T_TMP/dom.xml"
t_eq "reconnect: nothing changed, and says so" "$(echo "$T_OUT" | grep -c 'nothing changed')" "2"
t_eq "reconnect: the kernel state is the same" "$(t_kstate "$NS")" "$after"
t_run "stopped" 0 hook vm-t stopped end - <"$T_TMP/dom.xml"
t_eq "stopped: every change undone (the taps as libvirt made them)" "$(t_kstate "$NS")" "$before"
t_eq "stopped: no state file" "$(ls "$SD")" ""
t_run "release after stopped: nothing managed, exit 0" 0 hook vm-t release end - <"$T_TMP/dom.xml"

# the taps are gone when libvirt says stopped: the state is dropped all the same
t_run "started again" 0 hook vm-t started begin - <"$T_TMP/dom.xml"
ip -n "$NS" link del t-lv0
t_run "stopped after the tap went away" 0 hook vm-t stopped end - <"$T_TMP/dom.xml"
t_eq "no state file left" "$(ls "$SD")" ""
ip -n "$NS" tuntap add t-lv0 mode tap
ip -n "$NS" link set t-lv0 master br-l up

# all or nothing on started: a bad interface undoes the good ones
sed -e "s/t-lv2/t-nope/" "$T_TMP/dom.xml" >"$T_TMP/dom-bad.xml"
printf 't-lv1 bridge br-l isolated\nt-nope bridge br-l\n' >"$T_TMP/vm-ports.conf"
t_bad "$NS" "started with a missing tap: exit 1, the others undone" 1 "tap t-nope does not exist" \
	sh -c "ip netns exec '$NS' '$T_TMP/hooks/qemu' vm-t started begin - <'$T_TMP/dom-bad.xml'"
t_eq "no state file left" "$(ls "$SD")" ""

# bad input
t_quiet "domain XML without interfaces" \
	sh -c "echo '<domain><name>e</name><devices/></domain>' | ip netns exec '$NS' '$T_TMP/hooks/qemu' e started begin -"
t_bad "$NS" "not XML: exit 1" 1 "domain x: the domain XML on stdin is not XML" \
	sh -c "echo 'hello' | ip netns exec '$NS' '$T_TMP/hooks/qemu' x started begin -"
t_bad "$NS" "a bad brkit:port" 1 "interface t-lv0: brkit:port: vlan '0'" \
	sh -c "sed -e 's/lock=\"yes\"/vlan=\"0\"/' '$T_TMP/dom.xml' | ip netns exec '$NS' '$T_TMP/hooks/qemu' vm-t started begin -"
t_bad "$NS" "too few arguments" 2 "usage: libvirt-qemu" sh -c "ip netns exec '$NS' '$T_TMP/hooks/qemu' vm-t </dev/null"
t_run "brkit vm-port hook libvirt-qemu works too" 0 sh -c \
	"echo '<domain/>' | '$BRKIT' vm-port hook libvirt-qemu d started begin -"

t_end
