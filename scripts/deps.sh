#!/bin/sh
# Install the Debian packages brkit needs, only when one is missing.
#   sh scripts/deps.sh build   what building and running needs (make)
#   sh scripts/deps.sh evpn    that, plus FRR and ping (make evpn-lab)
#   sh scripts/deps.sh demo    that, plus busybox for the NAT network's DHCP client (make demo)
#   sh scripts/deps.sh test    the build group, the test tools and FRR (make check)
#   sh scripts/deps.sh bench   the test group, plus what bench/net.sh compares brkit net with
#   sh scripts/deps.sh [all]   everything (make deps)
# A fresh machine's package lists are empty, so 'apt-get update' runs first, but only then.
# One variable a group, one package a line or a few a line: add yours to the group it belongs to.
set -e
# compile and link the library and the command; iproute2 for make demo, and
# iputils-ping for its measured outage (ping -i 0.01 across a lab ring with a cut link)
# (libyaml and libnl-route-3: the lab's YAML files and netem qdiscs; libxml2: the libvirt
# hook; libpcap: brkit stp trace and the test tools; libnftables: brkit-stpd's BPDU
# relay filter; libdbus-1-dev: libpcap.pc requires dbus-1, so pkg-config needs it;
# libcap-ng-dev: brkit-stpd's capability drop after start-up, and the libcap-ng.a the setuid
# qemu-bridge-helper drops privileges with; dnsmasq-base: the DHCP and DNS server
# of brkit net's networks, run by brkit, never as a system service)
BUILD_PKGS="gcc libc6-dev make pkg-config libmnl-dev libjson-c-dev iproute2
libyaml-dev libnl-3-dev libnl-route-3-dev libxml2-dev libpcap-dev libnftables-dev
libdbus-1-dev libcap-ng-dev dnsmasq-base iputils-ping"
# the test suites, the readers they check kernel state with, and the VM runner;
# openvswitch-switch: Open vSwitch as an RSTP peer of brkit-stpd (its daemons
# run only inside the tests' namespaces; apt must not start the system's, see
# DAEMON_PKGS below); frr: FRR's zebra, bgpd, staticd and vtysh, the EVPN
# control plane of brkit evpn's tests and of the labs' FRR nodes and
# hypervisors (run only inside the tests' namespaces, each with its own
# pathspace and vty socket directory; never the system's); nftables: the nft
# command, the tests' independent reader of brkit net's tables; mandoc: its -Tlint
# checks every man page under man/ in tests/docs/man.sh (groff-base's groff -ww is the
# other check), and man-db's man -l reads them from the tree as a user would
TEST_PKGS="libcmocka-dev jq bridge-utils nftables mandoc man-db
valgrind clang-format tcpdump strace iputils-ping groff-base python3
qemu-system-x86 busybox-static cpio clang libclang-rt-dev
openvswitch-switch frr"
# bench/net.sh measures brkit net against a script and libvirt: nftables (the
# script's nft) and dnsmasq-base (the script's and libvirt's DHCP server), both
# also in the groups above and listed again so this group says what it needs,
# libvirt-daemon (libvirtd; Debian 12's libvirt 9.0 has its network driver in
# it, there is no libvirt-daemon-driver-network) and libvirt-clients (virsh),
# iptables (libvirt 9.0's network driver runs iptables and ip6tables for NAT:
# it has no nftables backend; Debian's libvirt-daemon-system depends on
# "iptables | firewalld"); libvirtd runs only in the bench's namespaces, with
# its own mount namespace, never the system's
BENCH_PKGS="nftables dnsmasq-base libvirt-daemon libvirt-clients iptables"
# packages whose maintainer scripts would start a system-wide daemon: while
# one of them is installed, /usr/sbin/policy-rc.d answers 101 (action
# forbidden), unless the machine already has a policy-rc.d of its own
DAEMON_PKGS="openvswitch-switch frr libvirt-daemon"

case ${1:-all} in
build) PKGS=$BUILD_PKGS ;;
evpn) PKGS="$BUILD_PKGS frr iputils-ping" ;; # make evpn-lab: the build, FRR and ping (the README pings with it), not the test tools
# make demo: the build group, FRR (its EVPN lab: two hypervisors' zebra, bgpd and staticd,
# run only in the lab's namespaces; frr is in DAEMON_PKGS, so apt starts no system FRR) and
# busybox-static (udhcpc, the DHCP client of its NAT network's VM), not the test tools
demo) PKGS="$BUILD_PKGS frr busybox-static" ;;
test) PKGS="$BUILD_PKGS $TEST_PKGS" ;;
bench | all) PKGS="$BUILD_PKGS $TEST_PKGS $BENCH_PKGS" ;;
*)
	echo "deps: unknown group '$1' (want build, evpn, demo, test, bench or all)" >&2
	exit 2
	;;
esac
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:$missing; run 'make deps' as root" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
policy=""
for p in $DAEMON_PKGS; do
	case " $missing " in *" $p "*) policy=yes ;; esac
done
if [ -n "$policy" ] && [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\n# scripts/deps.sh: no daemon starts while it installs\nexit 101\n' \
		>/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	trap 'exit 130' INT TERM
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
