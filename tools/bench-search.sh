#!/bin/sh
# The search benchmark against the peers, run on demand (never by ctest):
# per-query times with each graph loaded once (load excluded), on the same
# generated graphs (tools/bench.c gen, fixed seed) and the same fixed-seed
# random pairs, for one cheapest route by months and for k = 5 routes.
# `bench search` times, in one process, the plain C floor, careerpath
# (fresh and kept workspace) and igraph C (igraph_get_shortest_path_dijkstra,
# igraph_get_k_shortest_paths); tools/bench-search.py times python-igraph
# (get_shortest_paths, get_k_shortest_paths) and NetworkX
# (single_source_dijkstra, shortest_simple_paths). Each query runs REPS
# times (median kept); every peer's costs are checked against careerpath's
# and the floor's. Prints the checks and two Markdown tables: medians per
# query, and the median over pairs of each pair's time ratio.
#
#   tools/bench-search.sh [--sizes S,M,L] [--pairs N] [--k-pairs N]
#                         [--reps N] [--networkx-pairs N,K]
#                         [--no-networkx SIZES] [--dir DIR] [--keep]
#     S: 1,000 roles, M: 100,000, L: 1,000,000 (about 9.8 transitions
#     each). Defaults: --sizes S,M --pairs 50 --k-pairs 15 --reps 3.
#     --networkx-pairs N,K: NetworkX answers only the first N pairs, the
#     first K of them with k = 5, each query once (it takes seconds a
#     query from M up). --no-networkx L leaves NetworkX out on L (its load
#     alone takes minutes there). Generated graphs go to DIR (default a
#     temporary folder), reused when present with --keep.
#
# Needs python3-igraph and python3-networkx (installed with apt-get when
# missing, as tools/bench.sh does). The machine is shared: run it under
# nice, and read ratios, not milliseconds.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)

sizes=S,M
pairs=50
k_pairs=15
reps=3
networkx_pairs=
no_networkx=
dir=
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--pairs) pairs=$2; shift 2 ;;
	--k-pairs) k_pairs=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--networkx-pairs) networkx_pairs=$2; shift 2 ;;
	--no-networkx) no_networkx=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	*) echo "usage: tools/bench-search.sh [--sizes S,M,L] [--pairs N] [--k-pairs N] [--reps N] [--networkx-pairs N,K] [--no-networkx SIZES] [--dir DIR] [--keep]" >&2
	   exit 2 ;;
	esac
done

name=bench-search.sh
. tools/bench-lib.sh
bench_setup careerpath-bench-search
peers=$root/tools/bench-search.py

echo "careerpath search benchmark: $(uname -m), $(nproc) cores, load" \
	"average $(cut -d' ' -f1-3 /proc/loadavg); $pairs pairs, the first" \
	"$k_pairs also with k = 5, each query $reps times"
report=
for size in $(echo "$sizes" | tr ',' ' '); do
	roles=$(bench_roles "$size")
	graph=$dir/$size
	bench_graph "$graph" "$roles"
	"$python" "$peers" pairs "$roles" "$pairs" 13 >"$dir/$size.pairs"
	out=$dir/$size.out
	rm -f "$out.c" "$out.igraph" "$out.networkx"
	"$bench" search "$graph" "$dir/$size.pairs" "$k_pairs" "$reps" >"$out.c"
	"$python" "$peers" igraph "$graph" "$dir/$size.pairs" "$k_pairs" \
		"$reps" >"$out.igraph"
	case ",$no_networkx," in
	*",$size,"*) ;;
	*) if [ -n "$networkx_pairs" ]; then
		head -n "${networkx_pairs%,*}" "$dir/$size.pairs" \
			>"$dir/$size.networkx-pairs"
		"$python" "$peers" networkx "$graph" "$dir/$size.networkx-pairs" \
			"${networkx_pairs#*,}" 1 >"$out.networkx"
	   else
		"$python" "$peers" networkx "$graph" "$dir/$size.pairs" \
			"$k_pairs" "$reps" >"$out.networkx"
	   fi ;;
	esac
	report="$report $size=$out"
done
"$python" "$peers" report $report
