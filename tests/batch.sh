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
#   recover rows that cannot be read (a NUL byte, invalid UTF-8, a field
#           over 1 MiB, a stray quote, a bad record over two lines) each
#           get an error row of their own, and every other row the answer
#           it gets in a file without them, with any --jobs and shards; a
#           quoted field left open on the last line stops the run after
#           every row before it, written to -o
#   kill    batch -o killed with SIGKILL mid-run leaves the old file and no
#           temporary file behind (or, where the filesystem cannot make
#           unnamed files, one that the next run removes)
# usage: batch.sh PROGRAM SOURCE_DIR order|shards|costs|share|stream|recover|kill
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
			# k routes need the spur searches 40 labels do not give
			[ $limit = 40 ] || cp "$work/one" "$work/full"
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
	grep -q '"rank":3' "$work/full" || fail "no row of k routes"
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
recover)
	# 20,000 rows over the small graph; every 997th row is damaged in one
	# of five ways, each damage on a row of its own
	awk 'BEGIN {
		print "client,from,to,by"
		split("a b c d", r, " ")
		for (i = 0; i < 20000; i++)
			printf "c%d,%s,%s,months\n", i, r[i % 4 + 1], r[int(i / 4) % 4 + 1]
	}' >"$work/clean.csv"
	awk 'BEGIN { long = "x"; while (length(long) < 1100000) long = long long }
	NR > 1 && NR % 997 == 0 {
		kind = int(NR / 997) % 5
		if (kind == 0) { sub(/,/, ",@NUL@"); print; next }
		if (kind == 1) { sub(/,months/, ",mon@FF@ths"); print; next }
		if (kind == 2) { sub(/,months/, "," long); print; next }
		if (kind == 3) { sub(/,months/, ",mo\"nths"); print; next }
		# a quoted field with a line end and a bad byte: one row, two lines
		sub(/,months/, ",\"mo\n@FF@nths\""); print; next
	} { print }' "$work/clean.csv" |
		sed 's/@NUL@/\x00/; s/@FF@/\xff/' >"$work/damaged.csv"
	# where each damaged row starts in the damaged file: a row over two
	# lines moves those after it one line down
	awk -F, 'NR > 1 && NR % 997 == 0 {
		print NR + shift
		if (int(NR / 997) % 5 == 4) shift++
		print $1 >"'"$work/bad.clients"'"
	}' "$work/clean.csv" >"$work/bad.want"
	for jobs in 1 3; do
		status=$(status_of "$program" --graph "$source/tests/data/small" batch \
			"$work/damaged.csv" --jobs $jobs -o "$work/out.csv" 2>"$work/err")
		[ "$status" = 3 ] || fail "exit status $status, expected 3 (bad rows)"
		"$program" --graph "$source/tests/data/small" batch "$work/clean.csv" \
			--jobs $jobs -o "$work/clean.out" 2>/dev/null || [ $? = 1 ] ||
			fail "the clean input failed"
		# one line per row: the header and 20,000 rows
		[ "$(wc -l <"$work/out.csv")" = 20001 ] ||
			fail "$(wc -l <"$work/out.csv") lines for 20,000 rows (--jobs $jobs)"
		# each damaged row has an error row of its own, at its line
		awk -F, 'NR > 1 && $2 == ""' "$work/out.csv" | cut -d, -f1 >"$work/bad.lines"
		cmp "$work/bad.want" "$work/bad.lines" ||
			fail "the error rows are not the damaged rows (--jobs $jobs)"
		[ "$(grep -c "^careerpath: .*/damaged.csv:[0-9]*:[0-9]*: " "$work/err" || true)" = 10 ] ||
			fail "not the first ten damaged rows on stderr"
		grep -q "^careerpath: 10 more bad rows" "$work/err" || fail "no count of the rest"
		for what in "NUL byte" "invalid UTF-8 byte 0xFF" "field longer than 1048576 bytes" \
			"inside an unquoted field"; do
			grep -q "$what" "$work/out.csv" || fail "no error row says '$what'"
		done
		# every other row: what the clean file answers (without the line)
		awk -F, 'NR > 1 && $2 != ""' "$work/out.csv" | cut -d, -f2- | sort >"$work/a"
		awk -F, -v bad="$work/bad.clients" 'BEGIN { while ((getline c < bad) > 0) skip[c] }
			NR > 1 && !($2 in skip)' "$work/clean.out" | cut -d, -f2- | sort >"$work/b"
		[ "$(wc -l <"$work/a")" = 19980 ] || fail "$(wc -l <"$work/a") rows answered, expected 19,980"
		cmp "$work/a" "$work/b" || fail "rows around the damage answered otherwise (--jobs $jobs)"
	done
	# shards merged equal the whole
	for i in 1 2 3; do
		"$program" --graph "$source/tests/data/small" batch "$work/damaged.csv" \
			--shard $i/3 -o "$work/shard.$i" 2>/dev/null || true
	done
	"$merge" merge "$work/merged.csv" "$work/shard.1" "$work/shard.2" "$work/shard.3"
	cmp "$work/out.csv" "$work/merged.csv" || fail "3 shards of a damaged file merged differ"
	# a quoted field left open on the last line: every row before it is
	# written, the stop is reported with its line, exit 3
	cp "$work/clean.csv" "$work/open.csv"
	printf 'c-last,a,"b\n' >>"$work/open.csv"
	status=$(status_of "$program" --graph "$source/tests/data/small" batch \
		"$work/open.csv" -o "$work/open.out" 2>"$work/err")
	[ "$status" = 3 ] || fail "exit status $status for a quoted field left open, expected 3"
	cmp "$work/open.out" "$work/clean.out" || fail "rows before the open quote lost"
	grep -q "open.csv:20002:10: unterminated quoted field" "$work/err" ||
		fail "the stop is not reported at its place: $(cat "$work/err")"
	;;
kill)
	# the input is a FIFO this script holds open: the batch has its output
	# open and waits for more rows when it is killed
	mkfifo "$work/in.fifo"
	echo old >"$work/out.csv"
	"$program" --graph "$source/tests/data/small" batch "$work/in.fifo" \
		--jobs 2 -o "$work/out.csv" 2>/dev/null &
	pid=$!
	exec 3>"$work/in.fifo"
	awk 'BEGIN { print "from,to"; for (i = 0; i < 5000; i++) print "a,d" }' >&3
	# rows answered and written to the temporary file, then no more
	tries=0
	until [ -n "$(find /proc/$pid/fd -lname "$work/*" 2>/dev/null | head -n 2 | tail -n +2)" ] ||
		[ $tries -ge 50 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	sleep 0.5
	named=$(ls "$work" | grep -c '^out\.csv\.tmp\.' || true)
	kill -9 $pid
	wait $pid 2>/dev/null || true
	exec 3>&-
	[ "$(cat "$work/out.csv")" = old ] || fail "the old file changed"
	left=$(ls "$work" | grep -c '^out\.csv\.tmp\.' || true)
	if [ "$named" = 0 ]; then
		echo "kill -9 mid-run: nothing named while writing (O_TMPFILE), $left left behind"
		[ "$left" = 0 ] || fail "$left temporary files left behind"
	else
		echo "kill -9 mid-run: a named temporary file (no O_TMPFILE here), removed by the next run"
		printf 'from,to\na,b\n' | "$program" --graph "$source/tests/data/small" \
			batch -o "$work/out.csv" >/dev/null
		left=$(ls "$work" | grep -c '^out\.csv\.tmp\.' || true)
		[ "$left" = 0 ] || fail "$left temporary files left after the next run"
	fi
	;;
*)
	fail "unknown test '$what'"
	;;
esac
