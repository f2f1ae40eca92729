#!/bin/sh
# careerpath batch and matrix at scale, through the program:
#   order   --jobs 4 writes exactly what --jobs 1 writes
#   shards  N shards merged by tools/slurm-batch merge equal the unsharded
#           output byte for byte (batch CSV and JSON Lines, matrix)
#   costs   rows grouped by cost (answered in each worker's kept search
#           workspace) give the answers the same rows give alternating
#           between costs (each answered without it)
#   share   rows sharing a few origins (answered a window at a time, one
#           search for the rows of one origin and question) give, row by
#           row, what each row gives answered alone in a file of its own,
#           in any order of the rows, with any --jobs, with a --limit that
#           some searches reach
#   stream  a generated 1,000,000-row input streams through in bounded
#           memory (peak RSS by /usr/bin/time; no timing is asserted)
# usage: batch.sh PROGRAM SOURCE_DIR order|shards|costs|share|stream
set -eu
program="$1" source="$2" what="$3"
merge="$source/tools/slurm-batch"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CAREERPATH_GRAPH="$source/graphs/medical-assistant"

fail() {
	echo "batch.sh: $*" >&2
	exit 1
}

# Rows over every pair of the bundled graph's roles, by three costs, with
# conditions, bad rows and carried columns mixed in.
make_input() {
	"$program" roles --format csv | tail -n +2 | cut -d, -f1 >"$work/roles"
	awk -v rows="$1" '
		{ role[n++] = $1 }
		END {
			print "client,from,to,by,k,max,avoid"
			split("steps months cost_usd elapsed_months", by, " ")
			for (i = 0; i < rows; i++) {
				f = role[(i * 7) % n]; t = role[(i * 13 + 5) % n]
				if (i % 97 == 3) t = "no-such-role"
				if (i % 89 == 4) { print "c" i "," f; continue }
				max = i % 5 == 0 ? "cost_usd=30000;months=48" : ""
				avoid = i % 11 == 0 ? role[(i * 3 + 1) % n] : ""
				if (avoid == f || avoid == t) avoid = ""
				printf "c%d,%s,%s,%s,%d,%s,%s\n", i, f, t,
					by[i % 4 + 1], i % 3 + 1, max, avoid
			}
		}' "$work/roles" >"$work/in.csv"
}

status_of() {
	set +e
	"$@"
	echo $?
	set -e
}

case "$what" in
order)
	make_input 3000
	s1=$(status_of "$program" batch "$work/in.csv" --jobs 1 -o "$work/one.csv" 2>/dev/null)
	s4=$(status_of "$program" batch "$work/in.csv" --jobs 4 -o "$work/four.csv" 2>/dev/null)
	[ "$s1" = 3 ] && [ "$s4" = 3 ] || fail "exit status $s1 and $s4, expected 3 (bad rows)"
	cmp "$work/one.csv" "$work/four.csv" || fail "--jobs 4 differs from --jobs 1"
	rows=$(cut -d, -f1 "$work/four.csv" | uniq | wc -l)
	[ "$rows" = 3001 ] || fail "$rows lines of results for 3000 rows and a header"
	# the same through a pipe, JSON Lines
	"$program" batch --jobs 1 --format jsonl <"$work/in.csv" >"$work/one.jsonl" 2>/dev/null || true
	"$program" batch - --jobs 3 --format jsonl <"$work/in.csv" >"$work/three.jsonl" 2>/dev/null || true
	cmp "$work/one.jsonl" "$work/three.jsonl" || fail "JSON Lines differ with --jobs 3"
	;;
shards)
	make_input 1000
	"$program" batch "$work/in.csv" -j 2 >"$work/all.csv" 2>/dev/null || true
	"$program" batch "$work/in.csv" -j 2 -f jsonl >"$work/all.jsonl" 2>/dev/null || true
	"$program" matrix --by months -j 2 >"$work/all.matrix"
	for n in 1 3 7; do
		i=1
		while [ $i -le $n ]; do
			"$program" batch "$work/in.csv" --shard $i/$n -j 2 \
				-o "$work/csv.$i" 2>/dev/null || true
			"$program" batch "$work/in.csv" --shard $i/$n -f jsonl \
				-o "$work/jsonl.$i" 2>/dev/null || true
			"$program" matrix --by months --shard $i/$n -o "$work/matrix.$i"
			i=$((i + 1))
		done
		"$merge" merge "$work/m.csv" $(seq -f "$work/csv.%g" 1 $n)
		"$merge" merge --format jsonl "$work/m.jsonl" $(seq -f "$work/jsonl.%g" 1 $n)
		"$merge" merge --matrix "$work/m.matrix" $(seq -f "$work/matrix.%g" 1 $n)
		cmp "$work/all.csv" "$work/m.csv" || fail "$n CSV shards merged differ"
		cmp "$work/all.jsonl" "$work/m.jsonl" || fail "$n JSON Lines shards merged differ"
		cmp "$work/all.matrix" "$work/m.matrix" || fail "$n matrix shards merged differ"
		# every shard is a real part: none is the whole when n > 1
		if [ $n -gt 1 ] && cmp -s "$work/csv.1" "$work/all.csv"; then
			fail "shard 1/$n holds every row"
		fi
		rm -f "$work"/csv.* "$work"/jsonl.* "$work"/matrix.*
	done
	;;
costs)
	# make_input turns the cost every row; sorted by it (the 4th field,
	# rows without one first), runs of one cost follow
	make_input 2000
	head -n 1 "$work/in.csv" >"$work/grouped.csv"
	tail -n +2 "$work/in.csv" | sort -t, -k4,4 -s >>"$work/grouped.csv"
	for jobs in 1 2; do
		"$program" batch "$work/in.csv" --jobs $jobs -o "$work/turns.csv" 2>/dev/null || true
		"$program" batch "$work/grouped.csv" --jobs $jobs -o "$work/runs.csv" 2>/dev/null || true
		# a line per route: some rows ask for several
		[ "$(wc -l <"$work/runs.csv")" -gt 2000 ] || fail "grouped rows lost"
		# without the first column, the row's number in its file
		cut -d, -f2- "$work/turns.csv" | sort >"$work/a"
		cut -d, -f2- "$work/runs.csv" | sort >"$work/b"
		cmp "$work/a" "$work/b" || fail "rows grouped by cost answered otherwise (--jobs $jobs)"
	done
	;;
share)
	# 1,500 rows (two windows) from four origins to every role, by four
	# costs (each written three ways), with caps, avoided roles (some the
	# target itself), k routes, via roles, experience, wage and step
	# rules, and bad rows mixed in; many pairs have no route (a role back
	# to the entry point)
	"$program" roles --format csv | tail -n +2 | cut -d, -f1 >"$work/roles"
	awk -v rows=1500 '
		{ role[n++] = $1 }
		END {
			print "client,from,to,by,k,max,avoid,via,experience,min_gain,step_max"
			split("entry medical-assistant certified-medical-assistant licensed-practical-nurse", from, " ")
			split("steps months cost_usd elapsed_months", by, " ")
			for (i = 0; i < rows; i++) {
				f = from[int(i / 7) % 4 + 1]; t = role[(i * 13 + 5) % n]
				b = by[int(i / 3) % 4 + 1]
				# one cost written three ways: one search
				if (i % 3 == 1) b = " " b
				if (i % 3 == 2) b = "1*" b " + 0*months"
				k = i % 23 == 0 ? 3 : i % 31 == 0 ? 1 : ""
				max = i % 5 == 0 ? "cost_usd=30000;months=48" : ""
				avoid = i % 11 == 0 ? "phlebotomist" : i % 43 == 0 ? t : ""
				via = i % 29 == 0 ? "medical-assistant" : ""
				if (via == f || via == t) via = ""
				worked = i % 6 == 0 ? 12 : ""
				gain = i % 9 == 0 ? 5 : ""
				step = i % 10 == 0 ? "months=24" : ""
				if (i % 97 == 3) t = "no-such-role"
				if (i % 89 == 4) k = "many"
				printf "c%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", i, f, t,
					b, k, max, avoid, via, worked, gain, step
			}
		}' "$work/roles" >"$work/in.csv"
	# the same rows shuffled (a fixed permutation)
	head -n 1 "$work/in.csv" >"$work/shuffled.csv"
	tail -n +2 "$work/in.csv" | awk '{ printf "%d,%s\n", (NR * 7919) % 1511, $0 }' |
		sort -t, -k1,1n | cut -d, -f2- >>"$work/shuffled.csv"
	# without the first field, the row's line in its file
	strip() { sed 's/^{"line":[0-9]*,/{/; s/^[0-9]*,//' "$1"; }
	for limit in 2000000 40; do
		for format in csv jsonl; do
			"$program" batch "$work/in.csv" --jobs 1 -f $format \
				--limit $limit -o "$work/one" 2>/dev/null || true
			"$program" batch "$work/in.csv" --jobs 4 -f $format \
				--limit $limit -o "$work/four" 2>/dev/null || true
			cmp "$work/one" "$work/four" ||
				fail "--jobs 4 differs from --jobs 1 ($format, --limit $limit)"
			"$program" batch "$work/shuffled.csv" --jobs 2 -f $format \
				--limit $limit -o "$work/shuffled" 2>/dev/null || true
			strip "$work/one" | sort >"$work/a"
			strip "$work/shuffled" | sort >"$work/b"
			cmp "$work/a" "$work/b" ||
				fail "shuffled rows answered otherwise ($format, --limit $limit)"
		done
		# every seventh row alone in a file: a search of its own
		: >"$work/alone"
		: >"$work/clients"
		tail -n +2 "$work/in.csv" | awk 'NR % 7 == 0' | while IFS= read -r line; do
			{ head -n 1 "$work/in.csv"; echo "$line"; } >"$work/row.csv"
			"$program" batch "$work/row.csv" --jobs 1 -f jsonl \
				--limit $limit -o "$work/row.out" 2>/dev/null || true
			cat "$work/row.out" >>"$work/alone"
			echo "${line%%,*}" >>"$work/clients"
		done
		strip "$work/alone" >"$work/a"
		strip "$work/one" | awk -F'"' 'NR == FNR { alone[$1]; next } $4 in alone' \
			"$work/clients" - >"$work/b"
		[ "$(wc -l <"$work/clients")" = 214 ] || fail "$(wc -l <"$work/clients") rows alone, expected 214"
		cmp "$work/a" "$work/b" ||
			fail "rows answered together differ from rows alone (--limit $limit)"
	done
	grep -q '"error":"no route"' "$work/one" || fail "no row without a route"
	grep -q '"error":"search stopped' "$work/one" || fail "no row reached the limit"
	grep -q '"rank":3' "$work/one" || fail "no row of k routes"
	grep -q "cannot avoid" "$work/one" || fail "no row avoiding its target"
	;;
stream)
	# rows over the small test graph; results go to a file. Memory must
	# be flat: a million rows peak no higher than 20,000 do, give or take
	# 16 MiB (a sanitizer's quarantine of freed blocks is turned off, as
	# it would hold every row ever freed)
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=0"
	peak() {
		awk -v rows="$1" 'BEGIN {
			print "client,from,to,by"
			split("a b c d", r, " ")
			for (i = 0; i < rows; i++)
				printf "%d,%s,%s,months\n", i, r[i % 4 + 1], r[int(i / 4) % 4 + 1]
		}' >"$work/in.csv"
		/usr/bin/time -f %M -o "$work/rss" "$program" --graph "$source/tests/data/small" \
			batch "$work/in.csv" --jobs 2 >"$work/out.csv" || [ $? = 1 ] ||
			fail "batch failed"
		lines=$(wc -l <"$work/out.csv")
		[ "$lines" = $(($1 + 1)) ] || fail "$lines lines for $1 rows and a header"
		tail -n 1 "$work/rss"
	}
	small=$(peak 20000)
	million=$(peak 1000000)
	echo "peak RSS: $small KiB for 20,000 rows, $million KiB for 1,000,000 rows"
	[ "$million" -lt $((small + 16384)) ] ||
		fail "peak RSS grew from $small KiB to $million KiB"
	;;
*)
	fail "unknown test '$what'"
	;;
esac
