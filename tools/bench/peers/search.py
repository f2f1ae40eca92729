"""The Python peers of `tools/bench/run search`: per-query times of
python-igraph and NetworkX with the graph loaded once (load excluded).

  python3 tools/bench/peers/search.py igraph|networkx DIR PAIRS K_PAIRS REPS
      loads DIR (bench gen), answers each pair of the file PAIRS (cheapest
      total of months), then k = 5 routes for the first K_PAIRS; each query
      REPS times; prints "PEER single|k5 INDEX SECONDS COSTS load=A,B" as
      `bench search` does (median of the REPS; the 1-minute load average
      before and after them)

python-igraph keeps every transition as an edge, parallel ones included,
as careerpath does: its k routes must cost exactly what careerpath's do.
NetworkX's shortest_simple_paths does not take a MultiDiGraph, so its
graph is a DiGraph keeping the cheapest of parallel transitions: its k
costs must equal careerpath's where none of careerpath's routes takes a
transition with a parallel twin, and be no lower elsewhere.
"""
import csv
import itertools
import statistics
import sys
import time

K = 5


def costs_text(costs):
    return ",".join(repr(float(c)) for c in costs) if costs else "-"


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def timed(reps, fn):
    """median seconds, the result, and the load average around the reps"""
    times, result, before = [], None, load_average()
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median_low(times), result, \
        "load=%.2f,%.2f" % (before, load_average())


def peer_main(lib, d, pairs_path, n_k, reps):
    t0 = time.perf_counter()
    with open(d + "/roles.csv", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    with open(pairs_path) as f:
        pairs = [line.split() for line in f if line.strip()]
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
        name = "python_igraph"

        def single(s, t):
            p = g.get_shortest_paths(index[s], to=index[t], weights="months",
                                     output="epath")[0]
            return [sum(months[e] for e in p)] if p else []

        def k_routes(s, t):
            ps = g.get_k_shortest_paths(index[s], to=index[t], k=K,
                                        mode="out", weights="months",
                                        output="epath")
            return [sum(months[e] for e in p) for p in ps if p]
    else:
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(ids)
        with open(d + "/transitions.csv", newline="") as f:
            for row in csv.DictReader(f):
                u, v, m = row["from"], row["to"], float(row["months"])
                old = g.get_edge_data(u, v)
                if old is None or m < old["months"]:
                    g.add_edge(u, v, months=m)
        name = "networkx"

        def single(s, t):
            try:
                return [nx.single_source_dijkstra(g, s, t, weight="months")[0]]
            except nx.NetworkXNoPath:
                return []

        def k_routes(s, t):
            paths = itertools.islice(
                nx.shortest_simple_paths(g, s, t, weight="months"), K)
            try:
                return [nx.path_weight(g, p, "months") for p in paths]
            except nx.NetworkXNoPath:
                return []
    print("# %s load %.3f s" % (name, time.perf_counter() - t0), flush=True)
    for q, (s, t) in enumerate(pairs):
        seconds, costs, load = timed(reps, lambda: single(s, t))
        print("%s single %d %.9f %s %s" % (name, q, seconds,
                                           costs_text(costs), load),
              flush=True)
    for q, (s, t) in enumerate(pairs[:n_k]):
        seconds, costs, load = timed(reps, lambda: k_routes(s, t))
        print("%s k5 %d %.9f %s %s" % (name, q, seconds, costs_text(costs),
                                       load), flush=True)


def main(argv):
    if len(argv) == 6 and argv[1] in ("igraph", "networkx"):
        peer_main(argv[1], argv[2], argv[3], int(argv[4]), int(argv[5]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
