#!/bin/sh
# A NAT network with DHCP, from the command that makes it to a VM's first
# lease, four ways in one run:
#   A  brkit net add benchnet mode nat address 192.0.2.1/24 dhcp 192.0.2.10-192.0.2.99
#   B  a shell script doing the same by hand: ip, nft -f (the table brkit
#      writes, net_nft_script), dnsmasq (the configuration brkit writes,
#      net_dnsmasq_conf) and ip_forward
#   C  libvirt 9.0: virsh net-define + net-start of the same network
#      (libvirtd with only its network driver, inside the namespace); its
#      bridge has STP on, libvirt's default (<bridge stp='on' delay='0'/> in
#      its default.xml), so the kernel holds a new port 2 x 2 s (its
#      smallest forward delay with STP) before it forwards
#   D  C with <bridge stp='off'/>, as brkit's and the script's bridges are
# Each try gets fresh namespaces: H (the host: the network, and libvirtd for
# C and D) and V (the VM: one end of a veth pair, the other end plugged into the
# network's bridge once the command has returned). The client side is the same
# for all four: the veth is made beforehand; after the command returns the
# bench plugs it in with `ip link set master` and runs busybox udhcpc in V
# (-T 1: a DISCOVER a second until an offer, -q: exit once bound). Two times
# per try, from just before the command: "add returns" (the network is up) and
# "first lease" (udhcpc is bound). Tries are interleaved (A B C D, B C D A, ...);
# medians of N, and the ratios brkit/script and brkit/libvirt. Root.
# libvirtd runs in its own mount namespace with tmpfs on /run and /var and a
# private /etc/libvirt (its network driver alone, through LIBVIRT_DRIVER_DIR;
# libvirt 9.0's network driver runs iptables), so it never sees the host's libvirt or networking;
# it is stopped through its pid file.
# As the lease takes seconds, A and B's add alone (no VM) is also timed,
# ADD_TRIES times each (default 15), interleaved.
# The first lease is mostly dnsmasq's: its ping check of an address before it
# offers it (3 s), and about 1 s when the VM's port, the bridge's first, comes
# up within a second of the bridge being made (the first DISCOVER is lost).
# Usage: sh bench/net.sh [N] (default 5); NET_BENCH_NO_LIBVIRT=1 leaves C and D out.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
BRKIT=${BRKIT:-$BUILD/brkit}
N=${1:-5}
ADDN=${ADD_TRIES:-15}
TMP=$(mktemp -d /tmp/brkit-bench-net.XXXXXX)
TAG=bk-bnet-$$
NET=benchnet
BR=brk-$NET
LVDRV=/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_network.so

# every namespace made is listed in $TMP/ns; every libvirtd pid file in $TMP/lv
stop_ns() { # NS: stop what runs in it (libvirtd's dnsmasq, ours), then delete it
	[ -e "/run/netns/$1" ] || return 0
	_p=$(ip netns pids "$1" 2>/dev/null)
	[ -n "$_p" ] && kill $_p 2>/dev/null
	_i=0
	while [ -n "$(ip netns pids "$1" 2>/dev/null)" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	_p=$(ip netns pids "$1" 2>/dev/null)
	[ -n "$_p" ] && kill -9 $_p 2>/dev/null
	ip netns del "$1" 2>/dev/null
}
stop_libvirtd() { # PIDFILE
	[ -s "$1" ] || return 0
	_p=$(cat "$1")
	kill "$_p" 2>/dev/null || return 0
	_i=0
	while kill -0 "$_p" 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -9 "$_p" 2>/dev/null
	rm -f "$1"
}
brkit_del() { # NS: brkit net del, and its state directory if del could not
	[ -e "/run/netns/$1" ] || return 0
	_ino=$(stat -L -c %i "/run/netns/$1")
	"$BRKIT" -n "$1" net del "$NET" >/dev/null 2>&1
	rm -rf "/run/brkit/net/net-$_ino"
}
cleanup() {
	[ -f "$TMP/lv" ] && for f in $(cat "$TMP/lv"); do stop_libvirtd "$f"; done
	[ -f "$TMP/brkit" ] && for ns in $(cat "$TMP/brkit"); do brkit_del "$ns"; done
	[ -f "$TMP/ns" ] && for ns in $(cat "$TMP/ns"); do stop_ns "$ns"; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() {
	echo "net.sh: $*" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || die "needs root (namespaces, bridges, dnsmasq)"
for c in dnsmasq nft busybox jq; do
	command -v $c >/dev/null || die "$c is missing: run sh scripts/deps.sh bench"
done

ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# A: does this brkit have `net add`?
HAVE_A=""
if [ -x "$BRKIT" ] && "$BRKIT" help net 2>&1 | grep -q 'net add'; then
	HAVE_A=yes
fi
# C: libvirt 9.0's daemon, client, network driver and the iptables it runs
HAVE_C=""
WHY_C=""
if [ -n "${NET_BENCH_NO_LIBVIRT:-}" ]; then
	WHY_C="NET_BENCH_NO_LIBVIRT is set"
elif ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null || [ ! -e "$LVDRV" ]; then
	WHY_C="libvirt is not installed (sh scripts/deps.sh bench)"
elif ! command -v iptables >/dev/null; then
	WHY_C="iptables is missing: libvirt 9.0's network driver runs it (sh scripts/deps.sh bench)"
else
	HAVE_C=yes
	mkdir "$TMP/drivers" && ln -s "$LVDRV" "$TMP/drivers/"
fi

# the VM's DHCP client script: writes the address it was given
cat >"$TMP/udhcpc.script" <<'SH'
#!/bin/sh
case $1 in bound | renew) echo "$ip" >"$LEASE_OUT" ;; esac
exit 0
SH
chmod +x "$TMP/udhcpc.script"

# B: the script a host owner writes for the same network (run in H by one ip
# netns exec, as brkit -n enters H once); DIR holds its files as brkit's state
# directory holds brkit's
cat >"$TMP/net-up.sh" <<'SH'
#!/bin/sh
# A NAT network 192.0.2.0/24 on bridge brk-benchnet, dnsmasq for DHCP and DNS.
set -e
DIR=$1
cat >"$DIR/net.nft" <<EOF
add table inet brkit-benchnet
flush table inet brkit-benchnet
table inet brkit-benchnet {
	chain forward {
		type filter hook forward priority filter; policy accept;
		iifname "brk-benchnet" oifname "brk-benchnet" accept
		iifname "brk-benchnet" ip saddr 192.0.2.0/24 oifname != "brk-benchnet" accept
		oifname "brk-benchnet" ip daddr 192.0.2.0/24 ct state established,related accept
		iifname "brk-benchnet" drop
		oifname "brk-benchnet" drop
	}
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		ip saddr 192.0.2.0/24 ip daddr != 192.0.2.0/24 oifname != "brk-benchnet" masquerade
	}
}
EOF
cat >"$DIR/dnsmasq.conf" <<EOF
pid-file=$DIR/dnsmasq.pid
interface=brk-benchnet
except-interface=lo
bind-interfaces
strict-order
no-hosts
domain-needed
bogus-priv
dhcp-range=192.0.2.10,192.0.2.99,255.255.255.0,1h
dhcp-no-override
dhcp-authoritative
dhcp-leasefile=$DIR/leases
dhcp-hostsfile=$DIR/hosts
EOF
: >"$DIR/hosts"
ip link add brk-benchnet type bridge
ip addr add 192.0.2.1/24 dev brk-benchnet
ip link set brk-benchnet up
nft -f "$DIR/net.nft"
echo 1 >/proc/sys/net/ipv4/ip_forward
dnsmasq --conf-file="$DIR/dnsmasq.conf"
SH

# C, D: the same network for libvirt, and libvirtd's start in its own mount namespace
for w in c d; do
	[ $w = c ] && stp="" || stp=" stp='off'"
	cat >"$TMP/net-$w.xml" <<EOF
<network>
  <name>$NET</name>
  <forward mode='nat'/>
  <bridge name='$BR'$stp/>
  <ip address='192.0.2.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.0.2.10' end='192.0.2.99'/>
    </dhcp>
  </ip>
</network>
EOF
done
cat >"$TMP/libvirtd-in-ns.sh" <<'SH'
#!/bin/sh
# In H's network namespace, in a mount namespace of its own: empty /run and
# /var, a private /etc/libvirt, only the network driver; sockets in $D/sock.
set -e
D=$1
mount -t tmpfs -o mode=0755 bk-bench-run /run
mount -t tmpfs -o mode=0755 bk-bench-var /var
mkdir -p /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt /var/tmp
ln -s /run /var/run
mount --bind "$D/etc" /etc/libvirt
exec env LIBVIRT_DRIVER_DIR="$2" libvirtd -d -p "$D/libvirtd.pid" -f "$D/libvirtd.conf"
SH

# the VM: namespace V, veth vm0 (in H) -- eth0 (in V), both up
mk_vm() { # H V
	ip netns add "$2" && echo "$2" >>"$TMP/ns" || return 1
	ip -n "$2" link set lo up &&
		ip -n "$1" link add vm0 type veth peer name eth0 netns "$2" &&
		ip -n "$2" link set eth0 up
}
# plug the VM into the bridge and run the DHCP client; prints the address
lease() { # H V OUT
	ip -n "$1" link set vm0 master "$BR" up || return 1
	LEASE_OUT=$3 ip netns exec "$2" busybox udhcpc -i eth0 -n -q -f \
		-s "$TMP/udhcpc.script" -t 15 -T 1 >"$3.log" 2>&1 || return 1
}
libvirtd_up() { # H D: start libvirtd in H, wait until it answers
	mkdir -p "$2/etc" "$2/sock"
	cat >"$2/libvirtd.conf" <<EOF
unix_sock_dir = "$2/sock"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:$2/libvirtd.log"
EOF
	echo "$2/libvirtd.pid" >>"$TMP/lv"
	ip netns exec "$1" unshare -m --propagation private \
		sh "$TMP/libvirtd-in-ns.sh" "$2" "$TMP/drivers" || return 1
	_i=0
	while ! virsh -q -c "network:///system?socket=$2/sock/libvirt-sock" net-list --all \
		>/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -lt 300 ] || return 1
		sleep 0.1
	done
}

# one try of way W (a, b, c or d), number R: appends "UP LEASE LEASE-UP" (ms)
# to $TMP/W.times; with "addonly", no VM and only UP, to $TMP/W.add
try() { # W R [addonly]
	_h=$TAG-$2$1-h
	_v=$TAG-$2$1-v
	_d=$TMP/$2$1
	mkdir -p "$_d"
	ip netns add "$_h" && echo "$_h" >>"$TMP/ns" || die "ip netns add $_h failed"
	ip -n "$_h" link set lo up
	[ -n "${3:-}" ] || mk_vm "$_h" "$_v" || die "try $2$1: making the VM's veth failed"
	case $1 in
	c | d)
		_l=$(ms)
		libvirtd_up "$_h" "$_d" || die "try $2$1: libvirtd did not start: $(cat "$_d/libvirtd.log" 2>/dev/null)"
		_u="network:///system?socket=$_d/sock/libvirt-sock"
		echo $(($(ms) - _l)) >>"$TMP/libvirtd.times"
		;;
	a) echo "$_h" >>"$TMP/brkit" ;;
	esac
	_t0=$(ms)
	case $1 in
	a) "$BRKIT" -n "$_h" net add "$NET" mode nat address 192.0.2.1/24 \
		dhcp 192.0.2.10-192.0.2.99 >"$_d/out" 2>&1 ;;
	b) ip netns exec "$_h" sh "$TMP/net-up.sh" "$_d" >"$_d/out" 2>&1 ;;
	c | d) virsh -q -c "$_u" net-define "$TMP/net-$1.xml" >"$_d/out" 2>&1 &&
		virsh -q -c "$_u" net-start "$NET" >>"$_d/out" 2>&1 ;;
	esac || die "try $2$1: the network command failed: $(cat "$_d/out")"
	_t1=$(ms)
	if [ -n "${3:-}" ]; then
		echo "$((_t1 - _t0))" >>"$TMP/$1.add"
		[ "$1" = a ] && brkit_del "$_h"
		stop_ns "$_h"
		return 0
	fi
	lease "$_h" "$_v" "$_d/lease" || die "try $2$1: no lease: $(cat "$_d/lease.log")"
	_t2=$(ms)
	_ip=$(cat "$_d/lease")
	case $_ip in 192.0.2.[1-9][0-9]) ;; *) die "try $2$1: leased '$_ip', not in the range" ;; esac
	echo "$((_t1 - _t0)) $((_t2 - _t0)) $((_t2 - _t1))" >>"$TMP/$1.times"
	# keep the first try's effects of each way to compare them below
	if [ "$2" = 1 ]; then
		ip netns exec "$_h" nft list ruleset >"$TMP/$1.nft" 2>&1
		ip -n "$_h" -j -d link show "$BR" >"$TMP/$1.link"
		ip netns exec "$_h" cat /proc/sys/net/ipv4/ip_forward >"$TMP/$1.fwd"
		# dnsmasq's configuration, its directory written DIR, no comments
		case $1 in
		a) _cd=/run/brkit/net/net-$(stat -L -c %i "/run/netns/$_h")/$NET ;;
		b) _cd=$_d ;;
		*) _cd="" ;;
		esac
		[ -n "$_cd" ] && sed -e "s|$_cd|DIR|g" -e '/^#/d' "$_cd/dnsmasq.conf" >"$TMP/$1.conf" 2>&1
	fi
	case $1 in
	a) brkit_del "$_h" ;;
	c | d) stop_libvirtd "$_d/libvirtd.pid" ;;
	esac
	stop_ns "$_v"
	stop_ns "$_h"
}

WAYS="b"
[ -n "$HAVE_A" ] && WAYS="a $WAYS"
[ -n "$HAVE_C" ] && WAYS="$WAYS c d"
echo "== net: a NAT network with DHCP, command to a VM's first lease; $N tries each," \
	"interleaved, fresh namespaces; $(uname -r), dnsmasq $(dnsmasq --version | awk 'NR == 1 { print $3 }')"
[ -n "$HAVE_A" ] || echo "A (brkit net add): not in this brkit ($BRKIT), not run"
[ -n "$HAVE_C" ] || echo "C and D (libvirt): not run: $WHY_C"
r=1
while [ $r -le "$N" ]; do
	set -- $WAYS
	_k=$(((r - 1) % $#))
	while [ $_k -gt 0 ]; do # rotate the order each round
		_f=$1
		shift
		set -- "$@" "$_f"
		_k=$((_k - 1))
	done
	for w in "$@"; do try "$w" "$r"; done
	r=$((r + 1))
done
# brkit's add against the script's alone: more tries, as they are short
if [ -n "$HAVE_A" ]; then
	r=1
	while [ $r -le "$ADDN" ]; do
		if [ $((r % 2)) = 1 ]; then set -- a b; else set -- b a; fi
		for w in "$@"; do try "$w" "x$r" addonly; done
		r=$((r + 1))
	done
fi

col() { awk -v c="$2" '{ print $c }' "$TMP/$1.times" | median; }
list() { awk -v c="$2" '{ printf "%s%s", (NR > 1 ? " " : ""), $c }' "$TMP/$1.times"; }
echo "medians, ms                                    add returns  first lease  (lease - add)"
show() { # W LABEL
	printf '%-46s %8s %12s %12s\n' "$2" "$(col "$1" 1)" "$(col "$1" 2)" "$(col "$1" 3)"
}
[ -n "$HAVE_A" ] && show a "A brkit net add"
show b "B script: ip, nft -f, dnsmasq, ip_forward"
[ -n "$HAVE_C" ] && show c "C libvirt: net-define + net-start (STP on)" &&
	show d "D libvirt, <bridge stp='off'>"
for w in $WAYS; do
	echo "  tries $w: add returns $(list $w 1); first lease $(list $w 2)"
done
# ratio line: LABEL W1 W2 GOAL
rat() { echo "$1 add returns $(ratio "$(col $2 1)" "$(col $3 1)"), first lease $(ratio "$(col $2 2)" "$(col $3 2)")$4"; }
if [ -n "$HAVE_A" ]; then
	rat "brkit/script      " a b "   (goal <= 1.0)"
	_ma=$(median <"$TMP/a.add")
	_mb=$(median <"$TMP/b.add")
	echo "brkit/script       add alone, $ADDN tries each, no VM: $(ratio "$_ma" "$_mb") ($_ma against $_mb ms)"
	if [ -n "$HAVE_C" ]; then
		rat "brkit/libvirt     " a c "   (goal < 0.3)"
		rat "brkit/libvirt D   " a d ""
	fi
fi
if [ -n "$HAVE_C" ]; then
	rat "script/libvirt    " b c ""
	echo "libvirtd's own start, not counted above (until virsh gets an answer): median $(median <"$TMP/libvirtd.times") ms"
	echo "libvirt's bridge (C): $(jq -r '.[0].linkinfo.info_data | "stp_state \(.stp_state), forward_delay \(.forward_delay / 100) s"' "$TMP/c.link")"
fi
# the same network each way: brkit's table equals the script's, forwarding on
st=0
for w in $WAYS; do
	[ "$(cat "$TMP/$w.fwd")" = 1 ] || { echo "check: $w left ip_forward off" >&2; st=1; }
	jq -e '.[0].flags | index("UP")' "$TMP/$w.link" >/dev/null || { echo "check: $w: $BR is not up" >&2; st=1; }
done
if [ -n "$HAVE_A" ]; then
	if cmp -s "$TMP/a.nft" "$TMP/b.nft"; then
		echo "check: brkit's nftables ruleset equals the script's"
	else
		echo "check: brkit's nftables ruleset differs from the script's:" >&2
		diff "$TMP/b.nft" "$TMP/a.nft" >&2
		st=1
	fi
	if cmp -s "$TMP/a.conf" "$TMP/b.conf"; then
		echo "check: brkit's dnsmasq configuration equals the script's"
	else
		echo "check: brkit's dnsmasq configuration differs from the script's:" >&2
		diff "$TMP/b.conf" "$TMP/a.conf" >&2
		st=1
	fi
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $st
