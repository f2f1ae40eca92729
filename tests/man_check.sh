#!/bin/sh
# careerpath(1) documents every command and every option of the program's
# tables, read here from the C sources, and renders without a warning.
#   tests/man_check.sh PAGE SOURCE_DIR
set -u
page=$1 src=$2
if ! command -v groff >/dev/null 2>&1; then
	echo "SKIPPED: groff is missing (tools/setup installs groff-base)"
	exit 77
fi
failed=0
fail() {
	echo "careerpath.1: $*"
	failed=1
}

# Each table entry starts {"name", 'c' or {"name", 0 at the start of a line.
entries=$(awk '
	/^const cli_opt [a-z_]+\[\] = \{/ { table = 1 }
	table && match($0, /^[ \t]*\{"[a-z0-9-]+", *('"'"'.'"'"'|0)/) {
		entry = substr($0, RSTART, RLENGTH)
		gsub(/[ \t{"'"'"']/, "", entry)
		print entry
	}
	/^\};/ { table = 0 }' "$src"/src/cli/*.c)
n_options=0
for entry in $entries; do
	name=${entry%,*} short=${entry#*,}
	n_options=$((n_options + 1))
	if [ ${#name} -gt 1 ]; then
		roff_name=$(printf '%s' "$name" | sed 's/-/\\-/g')
		grep -qF "\\fB\\-\\-$roff_name\\fR" "$page" ||
			fail "no option --$name"
	fi
	if [ "$short" != 0 ]; then
		grep -qF "\\fB\\-$short\\fR" "$page" || fail "no option -$short"
	fi
done
[ "$n_options" -ge 20 ] || fail "only $n_options options read from the tables"

commands=$(grep -o '^	{"[a-z]*", cmd_' "$src/src/cli/main.c" | cut -d'"' -f2)
n_commands=0
for command in $commands; do
	n_commands=$((n_commands + 1))
	grep -qx "\\.SS $command" "$page" || fail "no command $command"
done
[ "$n_commands" -ge 6 ] || fail "only $n_commands commands read from main.c"

sections="NAME,SYNOPSIS,DESCRIPTION,OPTIONS,COMMANDS,COST EXPRESSIONS,DATA FORMAT"
sections="$sections,EXIT STATUS,ENVIRONMENT,FILES,EXAMPLES,DATA ATTRIBUTION"
IFS=,
for section in $sections; do
	grep -qx "\\.SH $section" "$page" || fail "no section $section"
done
unset IFS

warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
[ -z "$warnings" ] || fail "groff -ww: $warnings"
if command -v man >/dev/null 2>&1; then
	warnings=$(MANWIDTH=80 man --warnings=w -l "$page" 2>&1 >/dev/null)
	[ -z "$warnings" ] || fail "man -l: $warnings"
fi
[ $failed = 0 ] && echo "careerpath.1: $n_commands commands, $n_options options, all there; renders without warnings"
exit $failed
