# What tools/bench.sh and tools/bench-batch.sh share, sourced by both from
# the source tree's root (not run on its own). They set name (for messages),
# runs, dir and keep before calling these.

python=/usr/bin/python3

# The Python peers, from Debian's archive when missing (as root), the
# programs measured, and the work folder: $dir, or a temporary one (named
# after prefix) removed at exit unless --keep.
bench_setup() { # prefix
	missing=
	for package in python3-igraph python3-networkx; do
		dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null |
			grep -q '^install ok installed$' || missing="$missing $package"
	done
	if [ -n "$missing" ]; then
		echo "$name: installing$missing" >&2
		as_root=
		[ "$(id -u)" -eq 0 ] || as_root=sudo
		$as_root apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq \
			--no-install-recommends $missing >/dev/null
	fi

	[ -f build/CMakeCache.txt ] || cmake -S . -B build >/dev/null
	cmake --build build --target careerpath-cli bench >/dev/null
	bench=$root/build/bin/bench
	careerpath=$root/build/bin/careerpath

	if [ -z "$dir" ]; then
		dir=$(mktemp -d "/tmp/$1-XXXXXX")
		[ "$keep" -eq 1 ] || trap 'rm -rf "$dir"' EXIT
	fi
	mkdir -p "$dir"
}

# The roles of a size: S 1,000, M 100,000, L 1,000,000.
bench_roles() { # size
	case "$1" in
	S) echo 1000 ;;
	M) echo 100000 ;;
	L) echo 1000000 ;;
	*) echo "$name: unknown size '$1' (expected S, M or L)" >&2; exit 2 ;;
	esac
}

# A generated graph (tools/bench.c gen, fixed seed) in folder, made once.
bench_graph() { # folder roles
	if [ ! -f "$1/summary" ]; then
		mkdir -p "$1"
		"$bench" gen "$1" "$2" >"$1/summary"
	fi
}

bench_banner() { # title
	echo "$1: $(uname -m), $(nproc) cores, load average" \
		"$(cut -d' ' -f1-3 /proc/loadavg), $runs interleaved rounds"
}

bench_fields() { # wall cpu rss exit, as bench measure prints them
	wall=$1 cpu=$2 rss=$3 exit_status=$4
}

# $runs interleaved rounds of every peer in $peers: each measured by the
# script's run_peer PEER ARGS... OUT, its line "round peer wall cpu rss
# answer" (answer by the script's answer_of PEER OUT) added to results. A
# peer that exits above max_exit stops the benchmark.
bench_rounds() { # size results max_exit run_peer-args...
	size=$1 results=$2 max_exit=$3
	shift 3
	: >"$results"
	round=1
	while [ "$round" -le "$runs" ]; do
		for peer in $peers; do
			out=$dir/$size.$peer.out
			bench_fields $(run_peer "$peer" "$@" "$out")
			if [ "$exit_status" -gt "$max_exit" ]; then
				echo "$name: $peer failed on $size (exit $exit_status):" >&2
				tail -n 5 "$out" >&2
				exit 1
			fi
			echo "$round $peer $wall $cpu $rss $(answer_of "$peer" "$out")" \
				>>"$results"
		done
		round=$((round + 1))
	done
}
