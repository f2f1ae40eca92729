#!/bin/sh
# The batch benchmark against the peers, run on demand (never by ctest):
# generated graphs (tools/bench.c gen, fixed seed), a fixed-seed query file
# of random (from, to) pairs by months, answered by `careerpath batch` with
# --jobs 1 and --jobs 2, by python-igraph (one load, one distances() call per
# origin for all its targets) and by NetworkX (dijkstra_path_length per row);
# and a square cost matrix by `careerpath matrix`, python-igraph (one
# distances() call) and NetworkX (one single-source Dijkstra per origin).
# Whole processes, load included, in interleaved rounds; every peer's total
# cost over all rows must agree. Prints one Markdown table per size (medians,
# and ratios to `careerpath batch --jobs 1` within each round), then the
# peak RSS of `careerpath batch` as the row count grows.
#
#   tools/bench-batch.sh [--sizes S,M,L] [--runs N] [--rows N] [--rows-M N]
#                        [--rows-L N] [--networkx S,M,L] [--matrix N]
#                        [--mem-rows N,N,...] [--dir DIR] [--keep]
#     S: 1,000 roles, M: 100,000, L: 1,000,000. Defaults: --sizes S,M
#     --runs 3 --rows 10000 (the query file, answered whole by careerpath
#     with --jobs 1 and 2; --rows-M/--rows-L: the peers, and careerpath
#     beside them, answer only its first N rows on that size, where a
#     whole NetworkX run takes hours) --networkx S,M,L (the sizes NetworkX
#     runs on: at L it needs about 7 GB and a long load) --matrix 100 (an
#     N x N matrix) --mem-rows
#     10000,1000000,10000000 (rows streamed through graphs/medical-assistant,
#     generated into DIR; 10,000,000 rows take about 55 s of CPU and 550 MB;
#     '' for none).
#
# Needs python3-igraph and python3-networkx (installed with apt-get when
# missing, as tools/bench.sh does). The machine is shared: run it under
# nice, and read ratios, not seconds.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
name=bench-batch.sh
. tools/bench-lib.sh

sizes=S,M
runs=3
rows=10000
rows_M=
rows_L=
networkx=S,M,L
matrix=100
mem_rows=10000,1000000,10000000
dir=
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--rows) rows=$2; shift 2 ;;
	--rows-M) rows_M=$2; shift 2 ;;
	--rows-L) rows_L=$2; shift 2 ;;
	--networkx) networkx=$2; shift 2 ;;
	--matrix) matrix=$2; shift 2 ;;
	--mem-rows) mem_rows=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	*) echo "usage: tools/bench-batch.sh [--sizes S,M,L] [--runs N] [--rows N] [--rows-M N] [--rows-L N] [--networkx S,M,L] [--matrix N] [--mem-rows N,...] [--dir DIR] [--keep]" >&2
	   exit 2 ;;
	esac
done

bench_setup careerpath-bench-batch

# The query file: N random pairs of the graph's roles, seed fixed.
queries() { # roles rows out
	"$python" - "$1" "$2" >"$3" <<'EOF'
import random, sys
roles, rows = int(sys.argv[1]), int(sys.argv[2])
r = random.Random(15)
print("from,to,by")
for _ in range(rows):
    print("r%d,r%d,months" % (r.randrange(roles), r.randrange(roles)))
EOF
}

# Each peer: load the graph, answer the batch (rows without a route left
# out) or the matrix (empty cells left out), print the total cost and the
# number of answers.
cat >"$dir/peer.py" <<'EOF'
import csv, sys
lib, mode, d, arg = sys.argv[1:5]
with open(d + "/roles.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
if mode == "batch":
    with open(arg, newline="") as f:
        pairs = [(row["from"], row["to"]) for row in csv.DictReader(f)]
else:
    names = arg.split(",")
total, answered = 0.0, 0
if lib == "igraph":
    import igraph
    index = {r: i for i, r in enumerate(ids)}
    edges, months = [], []
    with open(d + "/transitions.csv", newline="") as f:
        for row in csv.DictReader(f):
            edges.append((index[row["from"]], index[row["to"]]))
            months.append(float(row["months"]))
    g = igraph.Graph(n=len(ids), edges=edges, directed=True)
    g.es["months"] = months
    if mode == "batch":
        # One search per origin for all of its targets.
        targets = {}
        for s, t in pairs:
            targets.setdefault(index[s], []).append(index[t])
        for s, ts in targets.items():
            for c in g.distances(s, ts, weights="months")[0]:
                if c != float("inf"):
                    total += c
                    answered += 1
    else:
        v = [index[n] for n in names]
        for line in g.distances(v, v, weights="months"):
            for c in line:
                if c != float("inf"):
                    total += c
                    answered += 1
else:
    import networkx as nx
    g = nx.MultiDiGraph()
    g.add_nodes_from(ids)
    with open(d + "/transitions.csv", newline="") as f:
        g.add_edges_from((row["from"], row["to"], {"months": float(row["months"])})
                         for row in csv.DictReader(f))
    if mode == "batch":
        for s, t in pairs:
            try:
                total += nx.dijkstra_path_length(g, s, t, weight="months")
                answered += 1
            except nx.NetworkXNoPath:
                pass
    else:
        for s in names:
            reach = nx.single_source_dijkstra_path_length(g, s, weight="months")
            for t in names:
                if t in reach:
                    total += reach[t]
                    answered += 1
print("%.6g %d" % (total, answered))
EOF

# careerpath's answer in the same form, from its CSV output.
cat >"$dir/total.py" <<'EOF'
import csv, sys
mode, path = sys.argv[1:3]
total, answered = 0.0, 0
with open(path, newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    for row in reader:
        if mode == "batch":
            if row[header.index("error")] == "":
                total += float(row[header.index("cost")])
                answered += 1
        else:
            for c in row[1:]:
                if c != "":
                    total += float(c)
                    answered += 1
print("%.6g %d" % (total, answered))
EOF

run_peer() { # peer graph-dir query-rows matrix-roles all-query-rows out
	case "$1" in
	all_jobs1) "$bench" measure "$6" "$careerpath" --graph "$2" batch "$5" \
		--jobs 1 -o "$6.csv" ;;
	all_jobs2) "$bench" measure "$6" "$careerpath" --graph "$2" batch "$5" \
		--jobs 2 -o "$6.csv" ;;
	batch_jobs1) "$bench" measure "$6" "$careerpath" --graph "$2" batch "$3" \
		--jobs 1 -o "$6.csv" ;;
	batch_jobs2) "$bench" measure "$6" "$careerpath" --graph "$2" batch "$3" \
		--jobs 2 -o "$6.csv" ;;
	matrix) "$bench" measure "$6" "$careerpath" --graph "$2" matrix \
		--from "$4" --to "$4" --by months --jobs 1 -o "$6.csv" ;;
	python_igraph) "$bench" measure "$6" "$python" "$dir/peer.py" igraph batch "$2" "$3" ;;
	networkx) "$bench" measure "$6" "$python" "$dir/peer.py" networkx batch "$2" "$3" ;;
	python_igraph_matrix) "$bench" measure "$6" "$python" "$dir/peer.py" igraph matrix "$2" "$4" ;;
	networkx_matrix) "$bench" measure "$6" "$python" "$dir/peer.py" networkx matrix "$2" "$4" ;;
	esac
}

answer_of() { # peer out: "total answered"
	case "$1" in
	all_jobs1 | all_jobs2 | batch_jobs1 | batch_jobs2)
		"$python" "$dir/total.py" batch "$2.csv" ;;
	matrix) "$python" "$dir/total.py" matrix "$2.csv" ;;
	*) tail -n 1 "$2" ;;
	esac
}

bench_banner "careerpath batch benchmark"
for size in $(echo "$sizes" | tr ',' ' '); do
	roles=$(bench_roles "$size")
	case "$size" in
	M) n=${rows_M:-$rows} ;;
	L) n=${rows_L:-$rows} ;;
	*) n=$rows ;;
	esac
	# careerpath answers every row with --jobs 1 and 2; the peers, and
	# careerpath beside them, the first n
	if [ "$n" -ge "$rows" ]; then
		peers="batch_jobs1 batch_jobs2 python_igraph"
	else
		peers="all_jobs1 all_jobs2 batch_jobs1 python_igraph"
	fi
	case ",$networkx," in *",$size,"*) with_networkx=1 ;; *) with_networkx=0 ;; esac
	[ "$with_networkx" -eq 0 ] || peers="$peers networkx"
	peers="$peers matrix python_igraph_matrix"
	[ "$with_networkx" -eq 0 ] || peers="$peers networkx_matrix"
	graph=$dir/$size
	bench_graph "$graph" "$roles"
	queries "$roles" "$rows" "$dir/$size.queries.csv"
	head -n $((n + 1)) "$dir/$size.queries.csv" >"$dir/$size.run.csv"
	# The matrix's roles: N spread evenly over the graph.
	cells=$(seq 0 $((matrix - 1)) |
		awk -v r="$roles" -v m="$matrix" '{printf "%sr%d", (NR > 1 ? "," : ""), int($1 * r / m)}')
	results=$dir/$size.results
	# exit 1: rows without a route
	bench_rounds "$size" "$results" 1 "$graph" "$dir/$size.run.csv" "$cells" \
		"$dir/$size.queries.csv"
	"$python" - "$results" "$size" "$(cat "$graph/summary")" "$n" "$rows" \
		"$matrix" "$peers" <<'EOF'
import statistics, sys
path, size, summary, n, rows, m, peers = sys.argv[1:8]
peers = peers.split()
by = {}
for line in open(path):
    r, peer, wall, cpu, rss, total, answered = line.split()
    by.setdefault(peer, {})[int(r)] = (float(wall), float(cpu), int(rss),
                                       (total, answered))
def answers(ps):
    return {v[3] for p in ps if p in by for v in by[p].values()}
batch = answers(["batch_jobs1", "batch_jobs2", "python_igraph", "networkx"])
whole = answers(["all_jobs1", "all_jobs2"]) or set(batch)
matrix = answers(["matrix", "python_igraph_matrix", "networkx_matrix"])
if len(batch) != 1 or len(whole) != 1 or len(matrix) != 1:
    sys.exit("bench-batch.sh: the peers disagree on %s: batch %s, all rows "
             "%s, matrix %s" % (size, batch, whole, matrix))
(bt, ba), (wt, wa), (mt, ma) = batch.pop(), whole.pop(), matrix.pop()
def med(p, i):
    return statistics.median(v[i] for v in by[p].values())
def ratio(p, base, i):
    return statistics.median(by[p][r][i] / by[base][r][i] for r in by[p])
print()
print("%s: %s; all %s query rows (%s answered, total months %s); the "
      "peers on the first %s (%s answered, total months %s); %s x %s "
      "matrix (%s cells with a route, total months %s)"
      % (size, summary, rows, wa, wt, min(int(n), int(rows)), ba, bt, m, m,
         ma, mt))
print()
print("| | wall s | CPU s | peak RSS MiB | peer wall / careerpath wall |")
print("|---|---|---|---|---|")
names = {"all_jobs1": ("careerpath batch --jobs 1, all rows", "all_jobs1"),
         "all_jobs2": ("careerpath batch --jobs 2, all rows", "all_jobs1"),
         "batch_jobs1": ("careerpath batch --jobs 1", "batch_jobs1"),
         "batch_jobs2": ("careerpath batch --jobs 2", "batch_jobs1"),
         "python_igraph": ("python-igraph batch", "batch_jobs1"),
         "networkx": ("NetworkX batch", "batch_jobs1"),
         "matrix": ("careerpath matrix --jobs 1", "matrix"),
         "python_igraph_matrix": ("python-igraph matrix", "matrix"),
         "networkx_matrix": ("NetworkX matrix", "matrix")}
for p in peers:
    name, base = names[p]
    print("| %s | %.2f | %.2f | %.0f | %.2f |" % (
        name, med(p, 0), med(p, 1), med(p, 2) / 1024, ratio(p, base, 0)))
EOF
done

# Peak RSS of a batch as the rows grow, on the bundled graph: rows over
# pairs of its roles by months, the answers thrown away (/dev/null).
# --mem-rows '' leaves it out.
[ -n "$mem_rows" ] || exit 0
graph=$root/graphs/medical-assistant
"$careerpath" --graph "$graph" roles --format csv | tail -n +2 | cut -d, -f1 \
	>"$dir/mem.roles"
echo
echo "| careerpath batch --jobs 2, graphs/medical-assistant | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---|---|"
for n in $(echo "$mem_rows" | tr ',' ' '); do
	awk -v rows="$n" '
		{ role[count++] = $1 }
		END {
			print "from,to,by"
			for (i = 0; i < rows; i++)
				printf "%s,%s,months\n", role[(i * 7) % count],
					role[(i * 13 + 5) % count]
		}' "$dir/mem.roles" >"$dir/mem.csv"
	bench_fields $("$bench" measure "$dir/mem.out" "$careerpath" \
		--graph "$graph" batch "$dir/mem.csv" --jobs 2 -o /dev/null)
	rm -f "$dir/mem.csv"
	if [ "$exit_status" -gt 1 ]; then
		echo "$name: batch of $n rows failed (exit $exit_status):" >&2
		tail -n 5 "$dir/mem.out" >&2
		exit 1
	fi
	awk -v n="$n" -v w="$wall" -v c="$cpu" -v k="$rss" \
		'BEGIN {printf "| %d rows | %.2f | %.2f | %.1f |\n", n, w, c, k / 1024}'
done
