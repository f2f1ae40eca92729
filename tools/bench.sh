#!/bin/sh
# The benchmark against the peers, run on demand (never by ctest): generated
# graphs (tools/bench.c gen, fixed seed) at up to three sizes, each loaded by
# careerpath (`check`, and a `path` query), the plain C floor, igraph C,
# python-igraph and NetworkX, in interleaved rounds. Every peer answers the
# same cheapest-months query and the answers must agree. Prints one Markdown
# table per size: medians of wall time, CPU time (user+sys) and peak RSS,
# and ratios to the floor taken within each round.
#
#   tools/bench.sh [--sizes S,M,L] [--runs N] [--dir DIR] [--keep]
#                  [--before CAREERPATH]
#     S: 1,000 roles, M: 100,000, L: 1,000,000 (about 9.8 transitions
#     each); default --sizes S,M --runs 5. Generated graphs go to DIR
#     (default a temporary folder), reused when present with --keep.
#     --before adds another careerpath program (an older build) to the
#     rounds, to measure a change.
#
# The Python peers use Debian's python3-igraph and python3-networkx, which
# this script installs with apt-get when they are missing (as root).
# The machine is shared: run it under nice, and read ratios, not seconds.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
name=bench.sh
. tools/bench-lib.sh

sizes=S,M
runs=5
dir=
keep=0
before=
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--before) before=$(realpath "$2"); shift 2 ;;
	*) echo "usage: tools/bench.sh [--sizes S,M,L] [--runs N] [--dir DIR] [--keep] [--before CAREERPATH]" >&2
	   exit 2 ;;
	esac
done

bench_setup careerpath-bench

# Each peer: load both files, build its graph, answer one query, print the
# cheapest total of months.
cat >"$dir/peer_igraph.py" <<'EOF'
import csv, sys
import igraph
d, src, dst = sys.argv[1:4]
with open(d + "/roles.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
index = {r: i for i, r in enumerate(ids)}
edges, months, cost = [], [], []
with open(d + "/transitions.csv", newline="") as f:
    for row in csv.DictReader(f):
        edges.append((index[row["from"]], index[row["to"]]))
        months.append(float(row["months"]))
        cost.append(float(row["cost_usd"]))
g = igraph.Graph(n=len(ids), edges=edges, directed=True)
g.es["months"] = months
g.es["cost_usd"] = cost
print("%g" % g.distances(index[src], index[dst], weights="months")[0][0])
EOF
cat >"$dir/peer_networkx.py" <<'EOF'
import csv, sys
import networkx as nx
d, src, dst = sys.argv[1:4]
g = nx.MultiDiGraph()
with open(d + "/roles.csv", newline="") as f:
    for row in csv.DictReader(f):
        g.add_node(row["id"], title=row["title"])
with open(d + "/transitions.csv", newline="") as f:
    g.add_edges_from((row["from"], row["to"],
                      {"months": float(row["months"]),
                       "cost_usd": float(row["cost_usd"])})
                     for row in csv.DictReader(f))
print("%g" % nx.dijkstra_path_length(g, src, dst, weight="months"))
EOF

peers="floor careerpath_check careerpath_path"
[ -z "$before" ] || peers="$peers before_check before_path"
peers="$peers igraph_c python_igraph networkx"

run_peer() { # peer graph-dir from to out
	case "$1" in
	floor) "$bench" measure "$5" "$bench" floor "$2" "$3" "$4" ;;
	careerpath_check) "$bench" measure "$5" "$careerpath" --graph "$2" check ;;
	careerpath_path) "$bench" measure "$5" "$careerpath" --graph "$2" \
		path "$3" "$4" --by months --format json ;;
	before_check) "$bench" measure "$5" "$before" --graph "$2" check ;;
	before_path) "$bench" measure "$5" "$before" --graph "$2" \
		path "$3" "$4" --by months --format json ;;
	igraph_c) "$bench" measure "$5" "$bench" igraph "$2" "$3" "$4" ;;
	python_igraph) "$bench" measure "$5" "$python" "$dir/peer_igraph.py" \
		"$2" "$3" "$4" ;;
	networkx) "$bench" measure "$5" "$python" "$dir/peer_networkx.py" \
		"$2" "$3" "$4" ;;
	esac
}

answer_of() { # peer out: the cheapest months it printed
	case "$1" in
	careerpath_check | before_check) echo - ;;
	careerpath_path | before_path)
		sed -n 's/.*"routes":\[{"cost":\([^,]*\),.*/\1/p' "$2" ;;
	*) tail -n 1 "$2" ;;
	esac
}

bench_banner "careerpath benchmark"
for size in $(echo "$sizes" | tr ',' ' '); do
	roles=$(bench_roles "$size")
	graph=$dir/$size
	bench_graph "$graph" "$roles"
	from=r0
	to=r$((roles - 1))
	results=$dir/$size.results
	bench_rounds "$size" "$results" 0 "$graph" "$from" "$to"
	"$python" - "$results" "$size" "$(cat "$graph/summary")" \
		"$peers" <<'EOF'
import statistics, sys
path, size, summary, peers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
rows = [l.split() for l in open(path)]
by = {}
for r, peer, wall, cpu, rss, answer in rows:
    by.setdefault(peer, {})[int(r)] = (float(wall), float(cpu), int(rss), answer)
answers = {p: {v[3] for v in by[p].values()} for p in peers}
expected = answers["floor"]
for p in peers:
    if answers[p] != {"-"} and answers[p] != expected:
        sys.exit("bench.sh: %s answered %s, the floor %s" % (p, answers[p], expected))
def med(p, i):
    return statistics.median(v[i] for v in by[p].values())
def ratio(p, i):
    return statistics.median(by[p][r][i] / by["floor"][r][i] for r in by[p])
print()
print("%s: %s; every peer's cheapest months r0 -> last role: %s"
      % (size, summary, ", ".join(sorted(expected))))
print()
print("| | wall s | CPU s | peak RSS MiB | wall / floor | CPU / floor | RSS / floor |")
print("|---|---|---|---|---|---|---|")
names = {"floor": "plain C floor", "careerpath_check": "careerpath check",
         "careerpath_path": "careerpath path", "igraph_c": "igraph C",
         "before_check": "careerpath check, before",
         "before_path": "careerpath path, before",
         "python_igraph": "python-igraph", "networkx": "NetworkX"}
for p in peers:
    print("| %s | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f |" % (
        names[p], med(p, 0), med(p, 1), med(p, 2) / 1024,
        ratio(p, 0), ratio(p, 1), ratio(p, 2)))
EOF
done
