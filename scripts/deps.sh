#!/bin/sh
# Install the Debian packages brkit needs to build and test, only when one is missing.
# A fresh machine's package lists are empty, so 'apt-get update' runs first, but only then.
set -e
PKGS="gcc libc6-dev make pkg-config libmnl-dev libpcap-dev libcmocka-dev libjson-c-dev
iproute2 bridge-utils libnl-3-dev libnl-route-3-dev jq valgrind clang-format tcpdump
qemu-system-x86 busybox-static cpio strace iputils-ping clang libclang-rt-dev libyaml-dev libnftables-dev"
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
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
