#!/bin/sh
# The file formats, the daemon, the simulator and the library are documented
# where a user looks: every key, keyword, option and function the code
# accepts appears in its man page. The words are read from the code itself
# (the parsers' key tables and strcmp()s, the programs' --help, the compiler's
# view of the public headers), so a key added to a parser without its page
# fails here, naming the word and the page. Also `mandoc -Tlint -Wwarning`
# over these pages. Needs no root; needs a build (BUILD, default build/).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
CC=${CC:-cc}
PASS=0
FAIL=0
TMP=$(mktemp -d /tmp/brkit-docs.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
cd "$TOP" || exit 1

ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }

LAB5=man/man5/brkit-lab.5
CONF5=man/man5/brkit-stpd.conf.5
VMP5=man/man5/brkit-vm-ports.conf.5
STPD8=man/man8/brkit-stpd.8
SIM1=man/man1/brkit-stp-sim.1
LIB3=man/man3/libbrkit.3
PAGES="$LAB5 $CONF5 $VMP5 $STPD8 $SIM1 $LIB3"

# ---- mandoc -Tlint on every page of this suite ----
if ! command -v mandoc >/dev/null; then
	fail "mandoc is not installed (scripts/deps.sh test installs it): no page linted or rendered"
	echo "formats: $PASS passed, $FAIL failed"
	exit 1
fi
for p in $PAGES; do
	if [ ! -f "$p" ]; then
		fail "$p is missing"
		continue
	fi
	mandoc -Tlint -Wwarning "$p" >"$TMP/lint" 2>&1
	st=$?
	if [ "$st" = 0 ] && [ ! -s "$TMP/lint" ]; then
		ok "mandoc -Tlint -Wwarning $p: no message"
	else
		fail "mandoc -Tlint -Wwarning $p (exit $st): $(head -n 5 "$TMP/lint" | tr '\n' ' ')"
	fi
done

# The text a reader sees: rendered, overstrike removed, no line breaks
# inside paragraphs (one long line each).
render() { # PAGE -> $TMP/PAGE.txt
	out=$TMP/$(basename "$1").txt
	mandoc -Tascii -O width=1000 "$1" 2>/dev/null | sed 's/.\x08//g' >"$out"
	echo "$out"
}

# has FILE WORD: WORD appears whole (neither a letter, digit, '_' nor '-'
# right before or after it, so `config` is not found inside `config-file`).
has() {
	w=$(printf '%s' "$2" | sed 's/[].[*^$\\/]/\\&/g')
	grep -Eq -- "(^|[^A-Za-z0-9_-])$w([^A-Za-z0-9_-]|\$)" "$1"
}

# need WHAT PAGE MIN WORDS_FILE [SECTION]: each word of WORDS_FILE appears in
# PAGE's text before its EXAMPLES (an example alone does not document a word);
# with SECTION, as the tag of an entry of that section (the first word of a
# line indented as a .TP tag), as options and commands are listed. Fewer
# than MIN words means the extraction broke (the code's layout changed).
need() {
	what=$1 page=$2 min=$3 words=$4 sect=${5:-}
	n=$(sort -u "$words" | grep -c .)
	if [ "$n" -lt "$min" ]; then
		fail "found only $n ${what}s in the code (expected at least $min): this test's extraction no longer matches the source"
		return
	fi
	[ -f "$page" ] || return
	txt=$(render "$page")
	if [ -n "$sect" ]; then
		awk -v s="$sect" '$0 == s { on = 1; next } on && /^[A-Z]/ { exit } on' "$txt" |
			sed -n 's/^       \([^ ].*\)/\1/p' | cut -d' ' -f1 | sed 's/^/ /' >"$txt.part"
	else
		sed '/^EXAMPLES/,$d' "$txt" >"$txt.part"
	fi
	missing=0
	for k in $(sort -u "$words"); do
		if has "$txt.part" "$k"; then
			PASS=$((PASS + 1))
		else
			missing=$((missing + 1))
			fail "$what $k missing from $page${sect:+ (as an entry of $sect)}"
		fi
	done
	echo "ok - checked $n ${what}s against $page${sect:+ $sect} ($missing missing)"
}

# strings KEYWORD FILE: the quoted strings of a C array initialiser
# `... KEYWORD[...] = { "a", "b", ... };` (across lines).
strings_of() {
	awk -v name="$1" '
		index($0, name "[") && /=/ { on = 1 }
		on { print }
		on && /;/ { exit }' "$2" | grep -o '"[^"]*"' | tr -d '"'
}

# body FILE FUNCTION...: the text of each named function (its definition's
# first line to the closing brace in column 0).
body() {
	f=$1
	shift
	for fn in "$@"; do
		awk -v fn="$fn" '!on && $0 ~ "^[a-z].*[ *]" fn "\\(" && $0 !~ /;$/ { on = 1 }
			on { print } on && /^}/ { exit }' "$f"
	done
}
# strcmp_words REGEX: the quoted word of each match of REGEX on stdin
strcmp_words() {
	grep -oE "$1" | sed -E 's/.*"([^"]*)"\)$/\1/'
}

# ---- brkit-lab(5): every key lab/parse.c accepts ----
{
	# keys compared by name: strcmp(key, "K"), strcmp(scalar(k), "K"), ...
	grep -oE 'strcmp\((key|scalar\((k|bk|fk)\)), "[^"]+"\)' lab/parse.c | sed -E 's/.*"([^"]*)"\)$/\1/'
	# the port settings only brkit-stpd has
	strings_of lab_rstp_port_keys lab/parse.c
	# the bridge options lab nodes take: the library's table, each option's
	# own name (bridge_key() refuses the aliases), stp_state excluded
	awk '/opt_kw\[\] = \{/ { on = 1; next } on && /^\};/ { exit }
		on && match($0, /\{ "[a-z_0-9]+", BRKIT_BR_[A-Z_]+/) {
			split(substr($0, RSTART, RLENGTH), f, /[",]+/)
			if (!(f[3] in seen) && f[3] !~ /STP_STATE/) { seen[f[3]] = 1; print f[2] }
		}' bridge/bridge.c | sed 's/^ *//'
	# the port flags
	strings_of flag_names bridge/bridge.c
} | grep -v '^$' | sort -u >"$TMP/labkeys"
need key "$LAB5" 60 "$TMP/labkeys"
{
	# values: kinds, stp modes, p2p auto, FRR daemons, units
	grep -oE 'strcmp\(s, "[^"]+"\)' lab/parse.c | sed -E 's/.*"([^"]*)"\)$/\1/'
	strings_of frr_daemons lab/parse.c
	awk '/^static const struct unit/ { on = 1 } on { print } on && /^ *};/ { exit }' lab/parse.c |
		grep -oE '\{ "[a-z]+", ' | grep -o '"[^"]*"' | tr -d '"'
} | grep -v '^$' | sort -u >"$TMP/labvals"
need value "$LAB5" 30 "$TMP/labvals"

# ---- brkit-stpd.conf(5): line kinds, bridge and port settings, rules ----
{
	strings_of bnames stpd/common.c
	strings_of pnames stpd/common.c
	strings_of rule_names stpd/common.c
	body stpd/common.c stpd_rules_parse parse_onoff bopt popt stpd_opts_parse stpd_conf_parse |
		strcmp_words 'strcmp\((argv\[[0-9i]\]|s|v), "[^"]+"\)'
} | grep -v '^$' | sort -u >"$TMP/confkeys"
need keyword "$CONF5" 30 "$TMP/confkeys"

# ---- brkit-vm-ports.conf(5): the spec words, the file's own and the ACL's ----
{
	strings_of keywords hooks/spec.c
	body hooks/spec.c vmport_spec_parse vmport_conf_find acl_file |
		strcmp_words 'strcmp\((w\[[01]\]|v), "[^"]+"\)'
} | grep -v '^$' | sort -u >"$TMP/vmkeys"
need keyword "$VMP5" 15 "$TMP/vmkeys"

# ---- brkit-stpd(8): every option of its --help ----
if [ -x "$BUILD/brkit-stpd" ]; then
	"$BUILD/brkit-stpd" -h >"$TMP/stpd.help" 2>&1
	grep -oE '^ +-[A-Za-z]' "$TMP/stpd.help" | tr -d ' ' | sort -u >"$TMP/stpdopts"
	need option "$STPD8" 4 "$TMP/stpdopts" OPTIONS
else
	fail "$BUILD/brkit-stpd is missing (make): its options not checked against $STPD8"
fi

# ---- brkit-stp-sim(1): its options and every script word ----
if [ -x "$BUILD/brkit-stp-sim" ]; then
	"$BUILD/brkit-stp-sim" --help >"$TMP/sim.help" 2>&1
	grep -oE '\[--[a-z]+\]' "$TMP/sim.help" | tr -d '[]' | sort -u >"$TMP/simopts"
	need option "$SIM1" 2 "$TMP/simopts" OPTIONS
else
	fail "$BUILD/brkit-stp-sim is missing (make): its options not checked against $SIM1"
fi
# the directives (directive()'s match()es) and the words they take
grep -oE 'match\(c, "[A-Za-z]+"\)|strcmp\((opt|key|c->tok|l|t), "[A-Za-z]+"\)' sim/script.c |
	sed -E 's/.*"([^"]*)"\)$/\1/' | sort -u >"$TMP/simwords"
awk '/^static int directive\(/ { on = 1 } on { print } on && /^}/ { exit }' sim/script.c |
	grep -oE 'match\(c, "[a-z]+"\)' | sed -E 's/.*"([^"]*)"\)$/\1/' | sort -u >"$TMP/simcmds"
need "script command" "$SIM1" 12 "$TMP/simcmds" "SCRIPT LANGUAGE"
need "script word" "$SIM1" 40 "$TMP/simwords"

# ---- libbrkit(3): every function of include/brkit/*.h, in its header's section ----
for h in include/brkit/*.h; do
	echo "#include <brkit/$(basename "$h")>"
done >"$TMP/all.c"
if $CC -std=gnu11 -D_GNU_SOURCE -Iinclude -fsyntax-only -aux-info "$TMP/aux" "$TMP/all.c"; then
	grep '^/\* [^ ]*include/brkit/[^ ]*\.h:[0-9]*:' "$TMP/aux" | grep -v '\*/ static ' |
		sed -E 's|^/\* [^ ]*include/brkit/([^:]*):[^*]*\*/ ([^(]*) \(.*|\2 \1|' |
		awk '{ f = $(NF - 1); sub(/^\**/, "", f); print f, $NF }' | sort -u >"$TMP/decls"
	n=$(grep -c . "$TMP/decls")
	if [ "$n" -lt 100 ]; then
		fail "found only $n functions in include/brkit/*.h (expected at least 100)"
	elif [ -f "$LIB3" ]; then
		missing=0
		while read -r fn hdr; do
			# the section .SS <brkit/HDR> up to the next .SS or .SH
			awk -v s=".SS <brkit/$hdr>" '$0 == s { on = 1; next } on && /^\.S[SH]/ { exit } on' \
				"$LIB3" >"$TMP/sect"
			if has "$TMP/sect" "$fn"; then
				PASS=$((PASS + 1))
			else
				missing=$((missing + 1))
				fail "function $fn (brkit/$hdr) missing from $LIB3 (section <brkit/$hdr>)"
			fi
		done <"$TMP/decls"
		echo "ok - checked $n functions against $LIB3 ($missing missing)"
	fi
else
	fail "the public headers do not compile: functions not checked against $LIB3"
fi

# ---- the pages' examples are real ----
# examples PAGE: each .EX block of its EXAMPLES section, unescaped, as
# $TMP/ex.PAGE.N; prints the file names.
examples() {
	b=$TMP/ex.$(basename "$1")
	awk -v b="$b" '/^\.SH EXAMPLES/ { on = 1; next } on && /^\.SH/ { exit }
		on && /^\.EX/ { n++; f = b "." n; printf "" > f; print f; next }
		on && /^\.EE/ { f = ""; next }
		f { print > f }' "$1"
}
unescape() { sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g' -e 's/\\(dq/"/g' "$1"; }

# libbrkit(3): the program compiles against the headers
for f in $(examples "$LIB3"); do
	grep -q '^#include' "$f" || continue
	unescape "$f" >"$f.c"
	if $CC -std=gnu11 -Wall -Wextra -Werror -Iinclude -fsyntax-only "$f.c" 2>"$f.err"; then
		ok "$LIB3: its EXAMPLES program compiles (-Wall -Wextra -Werror)"
	else
		fail "$LIB3: its EXAMPLES program does not compile: $(head -n 3 "$f.err" | tr '\n' ' ')"
	fi
done

# brkit-lab(5): every complete example (one with name: and no "...") is a lab
# file brkit_lab_load() accepts
cat >"$TMP/labload.c" <<'EOC'
#include <stdio.h>
#include <brkit/lab.h>
int main(int argc, char **argv)
{
	struct brkit_lab *lab;
	struct brkit_lab_error e;

	if (argc != 2)
		return 2;
	if (brkit_lab_load(argv[1], &lab, &e)) {
		printf("%u:%u: %s\n", e.line, e.column, e.msg);
		return 1;
	}
	brkit_lab_free(lab);
	return 0;
}
EOC
if [ ! -e "$BUILD/libbrkit.so" ]; then
	fail "$BUILD/libbrkit.so is missing (make): the lab examples of $LAB5 not parsed"
elif ! $CC -std=gnu11 -Iinclude "$TMP/labload.c" -L"$BUILD" -lbrkit -Wl,-rpath,"$BUILD" \
	-o "$TMP/labload" 2>"$TMP/labload.err"; then
	fail "cannot build the lab parsing helper: $(head -n 3 "$TMP/labload.err" | tr '\n' ' ')"
else
	nex=0
	for f in $(examples "$LAB5"); do
		grep -q '^name:' "$f" || continue
		grep -q '\.\.\.$' "$f" && continue
		nex=$((nex + 1))
		unescape "$f" >"$f.yml"
		name=$(sed -n 's/^name: *//p' "$f.yml")
		# a key the parser of this tree does not know (yet) is the key
		# check's failure, not the example's: the example is not run
		# (the node names are keys too: those the links' endpoints name)
		grep -oE '"[A-Za-z0-9_.-]+:' "$f.yml" | tr -d '":' | sort -u >"$f.nodes"
		unknown=$(grep -oE '(^|[{ ,])[a-z_-]+:' "$f.yml" | tr -d '{ ,:' | sort -u |
			while read -r k; do
				grep -qx -- "$k" "$TMP/labkeys" || grep -qx -- "$k" "$f.nodes" || echo "$k"
			done | tr '\n' ' ')
		if [ -n "$unknown" ]; then
			echo "not run - $LAB5: example $name uses keys this tree's parser lacks: $unknown"
			continue
		fi
		if out=$("$TMP/labload" "$f.yml"); then
			ok "$LAB5: example $name parses"
		else
			fail "$LAB5: example $name does not parse: $out"
		fi
	done
	[ "$nex" -ge 2 ] || fail "$LAB5: found $nex complete examples (expected at least 2)"
fi

# brkit-stp-sim(1): the script of its EXAMPLES runs, every check holding
if [ -x "$BUILD/brkit-stp-sim" ]; then
	for f in $(examples "$SIM1"); do
		grep -q '^bridge ' "$f" || continue
		unescape "$f" >"$f.stp"
		if out=$("$BUILD/brkit-stp-sim" "$f.stp" 2>&1); then
			ok "$SIM1: its EXAMPLES script runs and every check holds"
		else
			fail "$SIM1: its EXAMPLES script fails: $out"
		fi
	done
fi

echo "formats: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
