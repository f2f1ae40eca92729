#!/bin/bash
# Drives the bash completion as bash does: COMP_WORDS and COMP_CWORD set,
# _careerpath called, COMPREPLY compared with what the small fixture graph
# (tests/data/small) and the program's tables hold.
#   tests/completion_check.sh SCRIPT BIN_DIR SOURCE_DIR
set -u
script=$1 bin_dir=$(cd "$2" && pwd) src=$(cd "$3" && pwd)
small=$src/tests/data/small
PATH=$bin_dir:$PATH
unset CAREERPATH_GRAPH
# shellcheck source=/dev/null
. "$script"
n_cases=0 failed=0

# expect "WANTED LINES" WORD...: the words typed, the last being completed
expect() {
	local wanted=$1 got
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_careerpath
	got=$(printf '%s\n' "${COMPREPLY[@]}")
	n_cases=$((n_cases + 1))
	if [[ $got != "$wanted" ]]; then
		printf 'completing %s:\n  wanted: %s\n  got:    %s\n' "$*" \
			"${wanted//$'\n'/ | }" "${got//$'\n'/ | }"
		failed=1
	fi
}

nl=$'\n'
commands="path${nl}reach${nl}pareto${nl}upskill${nl}batch${nl}matrix${nl}stats${nl}dot${nl}serve${nl}check${nl}roles${nl}help"
expect "$commands" careerpath ""
expect "path${nl}pareto" careerpath pa
expect "$commands" careerpath help ""
expect "--graph" careerpath --gr
expect "a${nl}Alpha\\ Aide${nl}b${nl}Beta\\ Tech${nl}c${nl}Gamma\\ Nurse${nl}d${nl}Delta\\ Lead" \
	careerpath --graph "$small" path ""
# bash splits --graph=DIR into three words
expect "Beta\\ Tech" careerpath --graph = "$small" path a B
expect "Gamma\\ Nurse" careerpath -g "$small" path a 'Gamma\ N'
expect "Beta Tech" careerpath --graph "$small" path a '"Be'
expect "Delta Lead" careerpath --graph "$small" path a "'D"
expect "" careerpath --graph "$small" path a b c
CAREERPATH_GRAPH=$small expect "Delta\\ Lead" careerpath reach --to D
expect "steps${nl}months${nl}cost_usd" careerpath --graph "$small" path a b --by ""
expect "cost_usd=" careerpath --graph "$small" path a b --max co
expect "" careerpath --graph "$small" path a b --max months = ""
expect "" careerpath --graph "$small" path a b --max months = 1
expect "d" careerpath --graph "$small" path a b --avoid c --via d
expect "months,months${nl}months,cost_usd" \
	careerpath --graph "$small" pareto a b --by months,
expect "id${nl}title${nl}aliases${nl}category${nl}median_wage_usd" \
	careerpath --graph "$small" dot --cluster-by ""
expect "--routes-only" careerpath path a b --r
# the default graph is the bundled one
expect "Medical Assistant${nl}Medical Assistant (Accredited Programme Graduate)${nl}Medical Assistant Instructor${nl}Medical Assistant Supervisor" \
	careerpath path '"Medical Assistant'

# every option of a command's table, read from the C source, and --help
for command in path reach pareto upskill batch matrix stats dot roles; do
	options=$(awk -v table="cmd_${command}_opts" '
		$0 ~ "^const cli_opt " table "\\[\\]" { in_table = 1 }
		in_table && match($0, /^[ \t]*\{"[a-z0-9-]+"/) {
			name = substr($0, RSTART, RLENGTH)
			gsub(/[ \t{"]/, "", name)
			print (length(name) > 1 ? "--" : "-") name
		}
		/^\};/ { in_table = 0 }' "$src/src/cli/cmd_$command.c")
	expect "$options${nl}--help" careerpath "$command" -
done

# folders for --graph, files for -o
work=$(mktemp -d)
mkdir "$work/graph-one"
: >"$work/graph-file"
cd "$work" || exit 1
expect "graph-one" careerpath --graph gr
expect "graph-file" careerpath dot -o graph-f
cd / && rm -rf "$work"

echo "completion: $n_cases cases, $([[ $failed == 0 ]] && echo all passed || echo some failed)"
exit $failed
