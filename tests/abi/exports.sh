#!/bin/sh
# libbrkit.so exports exactly the functions that include/brkit/*.h declare,
# each under the version node LIBBRKIT_0. The declared set comes from the
# compiler itself (gcc -aux-info over a file that includes every public
# header), so a new header is covered without editing this test. Each
# difference is one failure, named.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
CC=${CC:-cc}
SO=$BUILD/libbrkit.so
PASS=0
FAIL=0
TMP=$(mktemp -d /tmp/brkit-abi.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }

[ -f "$SO" ] || { echo "FAIL - $SO is missing (make all)"; echo "abi: 0 passed, 1 failed"; exit 1; }

# Declared: every non-static function prototype whose declaration is in a
# public header, with the header that declares it.
for h in "$TOP"/include/brkit/*.h; do
	echo "#include <brkit/$(basename "$h")>"
done >"$TMP/all.c"
if ! $CC -std=gnu11 -D_GNU_SOURCE -I"$TOP/include" -fsyntax-only -aux-info "$TMP/aux" "$TMP/all.c"; then
	echo "FAIL - the public headers do not compile on their own"
	echo "abi: 0 passed, 1 failed"
	exit 1
fi
# Each header compiles on its own, as C and (when a C++ compiler is there) as
# C++: a program may include just the one it needs.
f0=$FAIL
nh=0
for h in "$TOP"/include/brkit/*.h; do
	nh=$((nh + 1))
	b=$(basename "$h")
	echo "#include <brkit/$b>" >"$TMP/one.c"
	$CC -std=gnu11 -Wall -Wextra -Werror -I"$TOP/include" -fsyntax-only "$TMP/one.c" 2>"$TMP/one.err" ||
		fail "brkit/$b does not compile on its own as C: $(head -n 1 "$TMP/one.err")"
	if command -v c++ >/dev/null; then
		c++ -Wall -Wextra -Werror -I"$TOP/include" -fsyntax-only -x c++ "$TMP/one.c" 2>"$TMP/one.err" ||
			fail "brkit/$b does not compile on its own as C++: $(head -n 1 "$TMP/one.err")"
	fi
done
[ "$FAIL" = "$f0" ] && ok "each of the $nh public headers compiles on its own (C$(command -v c++ >/dev/null && echo ' and C++'))"

grep '^/\* [^ ]*include/brkit/[^ ]*\.h:[0-9]*:' "$TMP/aux" | grep -v '\*/ static ' |
	sed -E 's|^/\* [^ ]*include/brkit/([^:]*):[^*]*\*/ ([^(]*) \(.*|\2 \1|' |
	awk '{ f = $(NF - 1); sub(/^\**/, "", f); print f, $NF }' |
	sort -u >"$TMP/declared"
cut -d' ' -f1 "$TMP/declared" | sort -u >"$TMP/dnames"
# Exported: the defined dynamic symbols, with their version.
nm -D --defined-only "$SO" | awk '{ print $NF }' | grep -v '^LIBBRKIT_[0-9]*$' | sort -u >"$TMP/exported"
sed 's/@.*//' "$TMP/exported" | sort -u >"$TMP/enames"

n=$(wc -l <"$TMP/dnames")
if [ "$n" -gt 0 ]; then ok "the public headers declare $n functions"; else fail "no function found in include/brkit/*.h"; fi

comm -23 "$TMP/dnames" "$TMP/enames" | while read -r f; do
	echo "FAIL - declared in include/brkit/$(grep "^$f " "$TMP/declared" | cut -d' ' -f2 | head -n 1) but not exported: $f (is it defined in the library? are the header's declarations inside its #pragma GCC visibility push(default) ... pop?)"
done >"$TMP/missing"
comm -13 "$TMP/dnames" "$TMP/enames" | while read -r f; do
	echo "FAIL - exported but declared in no public header: $f (make it static, declare it in an internal header, or declare it in include/brkit/)"
done >"$TMP/extra"
for f in missing extra; do
	if [ -s "$TMP/$f" ]; then
		cat "$TMP/$f"
		FAIL=$((FAIL + $(wc -l <"$TMP/$f")))
	fi
done
[ -s "$TMP/missing" ] || ok "every declared function is exported"
[ -s "$TMP/extra" ] || ok "nothing else is exported ($(wc -l <"$TMP/enames") symbols)"

bad=$(grep -v '@@LIBBRKIT_0$' "$TMP/exported")
if [ -z "$bad" ]; then ok "every exported symbol has the version LIBBRKIT_0"; else fail "symbols without the version LIBBRKIT_0: $(echo $bad)"; fi

soname=$(objdump -p "$SO" | awk '$1 == "SONAME" { print $2 }')
if [ "$soname" = libbrkit.so.0 ]; then ok "soname libbrkit.so.0"; else fail "soname: got [$soname], want [libbrkit.so.0]"; fi

# The library's own rules (brkit.h, README): it never reads the environment,
# never exits or aborts, never prints. Its undefined symbols say what it calls.
OBJ=$BUILD/obj
nm -D --undefined-only "$SO" | awk '{ print $2 }' | sed 's/@.*//' | sort -u >"$TMP/calls"
f0=$FAIL
for f in getenv secure_getenv abort exit _exit _Exit printf fprintf vprintf vfprintf dprintf \
	puts fputs fputc putchar perror syslog err errx warn warnx; do
	if grep -qx "$f" "$TMP/calls"; then
		who=$(cd "$OBJ" 2>/dev/null && nm -A --undefined-only */*.o 2>/dev/null |
			awk -v f="$f" '$NF == f && $1 !~ /^cli\// { sub(/:.*/, "", $1); print $1 }' | sort -u | tr '\n' ' ')
		fail "libbrkit.so calls $f(), which the library never may (${who% }; see nm -u)"
	fi
done
[ "$FAIL" = "$f0" ] && ok "no getenv, exit, abort or printing in the library ($(wc -l <"$TMP/calls") functions called)"

# Every public struct has its layout pinned in tests/unit/test_abi.c (GROWS:
# with a reserved tail; FIXED: never grows), so a new header's structs are
# covered too. brkit_fdb_fmt is the FDB formatter's options, which move to
# the command (issue 7, one print path).
nstruct=0
f0=$FAIL
for t in $(sed -n 's/^struct \(brkit_[a-z0-9_]*\) {.*/\1/p' "$TOP"/include/brkit/*.h | sort -u); do
	[ "$t" = brkit_fdb_fmt ] && continue
	nstruct=$((nstruct + 1))
	grep -qE "(GROWS|FIXED)\($t," "$TOP/tests/unit/test_abi.c" ||
		fail "struct $t: its layout is not pinned in tests/unit/test_abi.c (GROWS or FIXED, see brkit.h)"
done
if [ "$nstruct" = 0 ]; then
	fail "no public struct found in include/brkit/*.h"
elif [ "$FAIL" = "$f0" ]; then
	ok "each of the $nstruct public structs has its layout pinned in test_abi.c"
fi

echo "abi: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
