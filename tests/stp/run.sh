#!/bin/sh
# Runs every scenario under tests/stp/ through brkit-stp-sim: files named
# stp-*.stp in the test-stp.c dialect (--stp), the others in test-rstp.c's.
# Prints one line a file and the total as "N passed, N failed".
BUILD=${BUILD:-build}
SIM=$BUILD/brkit-stp-sim
DIR=$(dirname "$0")
pass=0
fail=0
for f in "$DIR"/*.stp; do
	opt=
	case $(basename "$f") in stp-*) opt=--stp ;; esac
	if out=$("$SIM" $opt "$f" 2>&1 >/dev/null); then
		pass=$((pass + 1))
		echo "PASS $f"
	else
		fail=$((fail + 1))
		echo "FAIL $f"
		echo "$out" | sed 's/^/    /'
	fi
done

# The command's own exit status: 1 for a failing check, 2 for a bad script
# or usage, naming the file and line.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
printf 'bridge 0 0x111 = a\nbridge 1 0x222 = a\nrun 1000\ncheck 1 = Di\n' >"$tmp/fail.stp"
printf 'bridge 0 0x111 = a\nbridge 2 0x222 = a\n' >"$tmp/order.stp"
printf '# x\nbridge 0 0x111 = a A\n' >"$tmp/lan.stp"
printf 'bridge 0 0x111 = a\nloop never\n' >"$tmp/watch.stp"
expect() { # WANT_STATUS WANT_TEXT ARGS...
	want=$1
	text=$2
	shift 2
	out=$("$SIM" "$@" 2>&1)
	st=$?
	if [ "$st" = "$want" ] && echo "$out" | grep -qF -- "$text"; then
		pass=$((pass + 1))
		echo "PASS exit $want: $*"
	else
		fail=$((fail + 1))
		echo "FAIL exit $st (want $want, \"$text\"): $*: $out"
	fi
}
expect 1 "fail.stp:4: bridge 1 port 1: state is forwarding but should be discarding" "$tmp/fail.stp"
expect 2 "order.stp:2: bridges must be numbered consecutively" "$tmp/order.stp"
expect 2 "lan.stp:2: A is not a valid LAN name" "$tmp/lan.stp"
expect 2 "cannot open" "$tmp/none.stp"
expect 2 "usage" --bogus
expect 2 "no script" --stp
# the worst status of several files
expect 2 "order.stp:2:" "$tmp/fail.stp" "$tmp/order.stp"
expect 0 "" "$DIR/ring.stp"
# --strict: 802.1D-2004 to the letter, where the issue 16 script loops
expect 1 "loop-parallel.stp:26: the forwarding ports made a loop" --strict "$DIR/loop-parallel.stp"
expect 2 "watch.stp:2: loop never needs a loop watch before it" "$tmp/watch.stp"

echo "stp-scenarios: $pass passed, $fail failed"
[ "$fail" = 0 ]
