#!/bin/sh
# Run one test script inside a QEMU VM that boots Debian's cloud kernel (a
# full-featured kernel: bridge VLAN filtering, 8021q, ...), so suites can test
# what the host kernel lacks.
#
#   sh tests/vm/run.sh SCRIPT [ARGS...]
#
# In: SCRIPT (repo-relative or absolute) and ARGS, brkit from $BUILD, tests/,
# bench/, the built test tools and benchmarks, busybox-static, iproute2's ip
# and bridge, jq, tcpdump and every shared library they need (ldd).
# Out: the VM's console log (on stdout as it runs, kept in $BUILD/vm-logs/),
# then the script's last "N passed, N failed" line; the exit status is the
# script's own (124 when the VM timed out, 3 when it never reported).
#
# The kernel package (linux-image-*-cloud-amd64) is fetched once with
# apt-get download into $BUILD/vm-cache and reused. Settings (environment):
#   BUILD       build folder (default build)
#   VM_TIMEOUT  seconds before qemu is killed (default 900)
#   VM_MEM      guest memory in MiB (default 512)
#   VM_MODULES  modules to load, dependencies resolved (default below)
#   VM_BINS     extra host programs to copy in (with their libraries)
#   VM_ENV      NAME=VALUE words exported to the script inside the VM
#   VM_KERNEL_PKG  the kernel package name (default: what linux-image-cloud-amd64 depends on)
set -u
T_TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$T_TOP" || exit 3
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$T_TOP/$BUILD ;; esac
VM_TIMEOUT=${VM_TIMEOUT:-900}
VM_MEM=${VM_MEM:-512}
VM_MODULES=${VM_MODULES:-llc stp bridge tun veth 8021q vxlan}
VM_BINS=${VM_BINS:-}
CACHE=$BUILD/vm-cache
LOGDIR=$BUILD/vm-logs

die() {
	echo "vm: $*" >&2
	echo "vm: 0 passed, 1 failed"
	exit 3
}

[ $# -ge 1 ] || die "usage: sh tests/vm/run.sh SCRIPT [ARGS...]"
SCRIPT=$1
shift
[ -f "$SCRIPT" ] || die "no such script: $SCRIPT"
case $SCRIPT in
/*) case $SCRIPT in "$T_TOP"/*) SREL=${SCRIPT#"$T_TOP"/} ;; *) SREL="" ;; esac ;;
*) SREL=$SCRIPT ;;
esac
[ -x "$BUILD/brkit" ] || die "$BUILD/brkit is not built (make all first)"
for p in qemu-system-x86_64 busybox cpio timeout; do
	command -v $p >/dev/null 2>&1 || die "$p is missing (make deps)"
done

# ---- the kernel: download once, unpack once ----
resolve_pkg() {
	apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*-cloud-amd64\)$/\1/p' | head -n 1
}
download() { # PKG: into $CACHE; 0 when a .deb is there
	ls "$CACHE/${1}_"*.deb >/dev/null 2>&1 && return 0
	echo "vm: downloading $1 into $CACHE" >&2
	(cd "$CACHE" && apt-get -o APT::Sandbox::User=root download "$1" >&2)
	ls "$CACHE/${1}_"*.deb >/dev/null 2>&1
}
fetch_kernel() {
	mkdir -p "$CACHE"
	# Suites may run side by side: one download and unpack at a time.
	exec 9>"$CACHE/.lock"
	command -v flock >/dev/null 2>&1 && flock 9
	pkg=${VM_KERNEL_PKG:-$(resolve_pkg)}
	if [ -z "$pkg" ] || { [ ! -f "$CACHE/$pkg/.unpacked" ] && ! download "$pkg"; }; then
		# No package lists yet, or stale ones: refresh them once.
		apt-get update -qq >&2 || echo "vm: apt-get update failed" >&2
		pkg=${VM_KERNEL_PKG:-$(resolve_pkg)}
		if [ -z "$pkg" ] || ! download "$pkg"; then
			# Offline: any cloud kernel unpacked before will do.
			old=$(ls -d "$CACHE"/linux-image-*-cloud-amd64/.unpacked 2>/dev/null | tail -n 1)
			[ -n "$old" ] || die "cannot get the kernel package (linux-image-cloud-amd64)"
			pkg=$(basename "$(dirname "$old")")
			echo "vm: using the cached $pkg" >&2
		fi
	fi
	ver=${pkg#linux-image-}
	KDIR=$CACHE/$pkg
	if [ ! -f "$KDIR/.unpacked" ]; then
		deb=$(ls "$CACHE/${pkg}_"*.deb | head -n 1)
		rm -rf "$KDIR"
		mkdir -p "$KDIR"
		dpkg -x "$deb" "$KDIR" || die "dpkg -x $deb failed"
		touch "$KDIR/.unpacked"
	fi
	exec 9>&-
	VMLINUZ=$KDIR/boot/vmlinuz-$ver
	MODDIR=$KDIR/lib/modules/$ver/kernel
	[ -f "$VMLINUZ" ] || die "no kernel image in $KDIR"
}
fetch_kernel

# ---- the initramfs ----
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/brkit-vm.XXXXXX")
QLOG=""
cleanup() { rm -rf "$ROOT"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$ROOT/bin" "$ROOT/sbin" "$ROOT/usr/bin" "$ROOT/usr/sbin" "$ROOT/lib" "$ROOT/lib64" \
	"$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/run" "$ROOT/tmp" "$ROOT/etc" "$ROOT/mod" \
	"$ROOT/t" "$ROOT/var/run"
cp "$(command -v busybox)" "$ROOT/bin/busybox"
echo "root:x:0:0:root:/root:/bin/sh" >"$ROOT/etc/passwd"
echo "root:x:0:" >"$ROOT/etc/group"
file -L "$ROOT/bin/busybox" 2>/dev/null | grep -q 'dynamically' &&
	die "busybox is not the static one (install busybox-static)"

# copy_bin HOSTPATH DEST: a program and the shared libraries ldd names.
copy_libs() {
	ldd "$1" 2>/dev/null | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}' | while read -r lib; do
		[ -f "$ROOT$lib" ] && continue
		mkdir -p "$ROOT$(dirname "$lib")"
		cp -L "$lib" "$ROOT$lib"
	done
}
copy_bin() {
	mkdir -p "$ROOT$(dirname "$2")"
	cp -L "$1" "$ROOT$2" || die "cannot copy $1"
	copy_libs "$1"
}
# dash runs the scripts: busybox's sh would run its own applets (ip, ...) before PATH.
for p in dash ip bridge jq tcpdump $VM_BINS; do
	hp=$(command -v "$p") || die "$p is missing (make deps)"
	copy_bin "$hp" "/usr/bin/$(basename "$p")"
done

# The tree: /t is the repository's layout (tests/lib.sh finds $BUILD from it).
mkdir -p "$ROOT/t/build"
cp -a tests "$ROOT/t/"
[ -d bench ] && cp -a bench "$ROOT/t/"
[ -d scripts ] && cp -a scripts "$ROOT/t/"
copy_bin "$BUILD/brkit" /t/build/brkit
# brkit-stpd and the kernel's /sbin/bridge-stp helper (suite-stpd.sh)
[ -x "$BUILD/brkit-stpd" ] && copy_bin "$BUILD/brkit-stpd" /t/build/brkit-stpd
[ -d hooks ] && cp -a hooks "$ROOT/t/"
ln -s brkit "$ROOT/t/build/brctl"
for d in tests/tools bench; do
	[ -d "$BUILD/$d" ] || continue
	for b in "$BUILD/$d"/*; do
		[ -f "$b" ] && [ -x "$b" ] && copy_bin "$b" "/t/build/$d/$(basename "$b")"
	done
done
if [ -n "$SREL" ]; then
	INNER=/t/$SREL
else
	INNER=/t/tests/vm/$(basename "$SCRIPT")
	cp "$SCRIPT" "$ROOT$INNER"
fi
: >"$ROOT/t/env"
for kv in ${VM_ENV:-}; do
	case $kv in
	[A-Za-z_]*=*) printf 'export %s\n' "$kv" >>"$ROOT/t/env" ;;
	*) die "VM_ENV: '$kv' is not NAME=VALUE" ;;
	esac
done
: >"$ROOT/t/args"
for a in "$@"; do printf '%s\n' "$a" >>"$ROOT/t/args"; done

# Modules, dependencies first (from each module's own "depends=" field).
: >"$ROOT/mod/order"
find_mod() { find "$MODDIR" -name "$1.ko" -o -name "$1.ko.xz" -o -name "$1.ko.zst" | head -n 1; }
add_mod() {
	grep -qx "$1" "$ROOT/mod/order" && return 0
	f=$(find_mod "$1")
	if [ -z "$f" ]; then
		echo "vm: module $1 not found (built in?)" >&2
		return 0
	fi
	case $f in
	*.xz) xz -dc "$f" >"$ROOT/mod/$1.ko" || die "cannot decompress $f" ;;
	*.zst) zstd -dc "$f" >"$ROOT/mod/$1.ko" || die "cannot decompress $f" ;;
	*) cp "$f" "$ROOT/mod/$1.ko" ;;
	esac
	deps=$(tr '\0' '\n' <"$ROOT/mod/$1.ko" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' ')
	for d in $deps; do add_mod "$(echo "$d" | tr '-' '_')"; done
	echo "$1" >>"$ROOT/mod/order"
}
for m in $VM_MODULES; do add_mod "$m"; done

cat >"$ROOT/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
# Busybox applets never shadow the real programs copied in.
for p in /usr/bin/*; do rm -f /bin/\$(basename \$p); done
ln -sf /usr/bin/dash /bin/sh
export PATH=/usr/bin:/usr/sbin:/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/net
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
[ -e /dev/net/tun ] || mknod /dev/net/tun c 10 200
echo 0 >/proc/sys/kernel/printk 2>/dev/null
for m in \$(cat /mod/order); do
	insmod /mod/\$m.ko || echo "vm-init: insmod \$m failed"
done
ip link set lo up
hostname brkit-vm
export BRKIT_VM=1
cd /t
echo "vm-init: running $INNER"
. /t/env
set -- \$(cat /t/args)
BUILD=build /usr/bin/dash $INNER "\$@" </dev/null 2>&1
st=\$?
echo "BRKIT-VM-END status=\$st"
sync
poweroff -f
EOF
chmod 755 "$ROOT/init"

mkdir -p "$LOGDIR"
INITRD=$ROOT.cpio
(cd "$ROOT" && find . | cpio -o -H newc --quiet) >"$INITRD" || die "cpio failed"
QLOG=$LOGDIR/$(basename "$SCRIPT" .sh).log
trap 'rm -rf "$ROOT" "$INITRD"' EXIT

echo "vm: booting $(basename "$VMLINUZ") with $INNER (timeout ${VM_TIMEOUT}s)" >&2
start=$(date +%s)
timeout -k 10 "$VM_TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -m "$VM_MEM" -smp 1 \
	-nographic -no-reboot -nodefaults -serial stdio -display none \
	-kernel "$VMLINUZ" -initrd "$INITRD" \
	-append "console=ttyS0 quiet panic=-1 loglevel=3" </dev/null 2>&1 |
	tr -d '\r' | sed -u 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g' | tee "$QLOG"
qst=$(sed -n 's/^BRKIT-VM-END status=\([0-9]*\)$/\1/p' "$QLOG" | tail -n 1)
end=$(date +%s)
echo "vm: $((end - start)) s in the VM (log: $QLOG)" >&2
res=$(grep -E '^(\S+: )?[0-9]+ passed, [0-9]+ failed' "$QLOG" | tail -n 1)
if [ -z "$qst" ]; then
	if [ $((end - start)) -ge "$VM_TIMEOUT" ]; then
		echo "vm: timed out after ${VM_TIMEOUT}s" >&2
		st=124
	else
		echo "vm: the VM ended without reporting a status" >&2
		st=3
	fi
	# Count the lost end as one more failure, keeping what the script reported.
	set -- $(echo "$res" | sed -E 's/^(\S+: )?([0-9]+) passed, ([0-9]+) failed.*/\2 \3/')
	echo "vm: ${1:-0} passed, $((${2:-0} + 1)) failed"
	exit $st
fi
[ -n "$res" ] && echo "$res"
exit "$qst"
