#!/bin/sh
# Every test suite of brkit, with a total: the unit tests plain and under
# ASan+UBSan, the formatting check, the privileged netns suites on the host
# kernel, the valgrind run, the QEMU suites, and the man pages against the
# code. Exits non-zero on any failure.
BUILD=${BUILD:-build}
export BUILD
PASS=0
FAIL=0
LOG=$BUILD/check-logs
mkdir -p "$LOG"

count() { # LOGFILE: add up "N passed, N failed" and cmocka's PASSED/FAILED lines
	p=$(grep -E '^(\S+: )?[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 | sed -E 's/^(\S+: )?([0-9]+) passed, ([0-9]+) failed.*/\2 \3/')
	if [ -z "$p" ]; then
		cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
		cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | head -n 1)
		p="${cp:-0} ${cf:-0}"
	fi
	echo "$p"
}

suite() { # NAME CMD...: run one suite, keep its log, add its counts
	name=$1
	shift
	f=$LOG/$name.log
	echo "== $name"
	"$@" >"$f" 2>&1
	st=$?
	set -- $(count "$f")
	sp=${1:-0}
	sf=${2:-0}
	if [ "$st" != 0 ] && [ "$sf" = 0 ]; then sf=1; fi
	if [ "$sp" = 0 ] && [ "$sf" = 0 ]; then sf=1; echo "   ran no test"; fi
	PASS=$((PASS + sp))
	FAIL=$((FAIL + sf))
	echo "   $sp passed, $sf failed (exit $st)"
	if [ "$sf" != 0 ]; then grep -E 'FAIL|ERROR|error|\[  FAILED|runtime error|Sanitizer' "$f" | head -n 40; fi
}

suite format make --no-print-directory format-check
suite abi sh tests/abi/exports.sh
# documentation: the man pages against the code (no root needed)
for t in tests/docs/*.sh; do
	[ -f "$t" ] && suite "docs-$(basename "$t" .sh)" sh "$t"
done
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] && suite "unit-$(basename "$t")" "$t"
done
for t in "$BUILD"/asan/tests/test_*; do
	[ -x "$t" ] && suite "asan-$(basename "$t")" env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$t"
done
# each libFuzzer target for make check's shorter count, seed 1 (Makefile: FUZZ_CHECK_RUNS_*)
for t in $(make -s --no-print-directory fuzz-list); do
	suite "fuzz-$t" make --no-print-directory "fuzz-quick-$t"
done
suite stp-scenarios sh tests/stp/run.sh
# the man pages: lint, and every keyword of the code in the page of its family (no root)
for t in tests/docs/*.sh; do
	[ -f "$t" ] && suite "docs-$(basename "$t" .sh)" sh "$t"
done
if [ "$(id -u)" = 0 ]; then
	for t in tests/netns/*.sh; do
		[ -f "$t" ] && suite "netns-$(basename "$t" .sh)" sh "$t"
	done
	suite install sh tests/install/install.sh
	for t in tests/vm/suite-*.sh; do
		[ -f "$t" ] && suite "vm-$(basename "$t" .sh)" sh tests/vm/run.sh "$t"
	done
else
	echo "check: the privileged suites need root" >&2
	FAIL=$((FAIL + 1))
fi
echo "check: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
