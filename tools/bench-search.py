"""The Python side of tools/bench-search.sh: per-query times of python-igraph
and NetworkX with the graph loaded once (load excluded), and the report.

  python3 tools/bench-search.py pairs ROLES N SEED
      N random pairs "rI rJ" of distinct roles of a generated graph
  python3 tools/bench-search.py igraph|networkx DIR PAIRS K_PAIRS REPS
      loads DIR (tools/bench.c gen), answers each pair of the file PAIRS
      (cheapest total of months), then k = 5 routes for the first K_PAIRS;
      each query REPS times; prints "PEER single|k5 INDEX SECONDS COSTS"
      as `bench search` does (median of the REPS)
  python3 tools/bench-search.py report SIZE=PREFIX...
      reads PREFIX.c (bench search), PREFIX.igraph and PREFIX.networkx
      (the last may be missing: skipped), checks that every peer's costs
      agree and prints the tables

python-igraph keeps every transition as an edge, parallel ones included,
as careerpath does: its k routes must cost exactly what careerpath's do.
NetworkX's shortest_simple_paths does not take a MultiDiGraph, so its
graph is a DiGraph keeping the cheapest of parallel transitions: its k
costs must equal careerpath's where none of careerpath's routes takes a
transition with a parallel twin, and be no lower elsewhere.
"""
import csv
import itertools
import random
import statistics
import sys
import time

K = 5


def pairs_main(roles, n, seed):
    r = random.Random(seed)
    for _ in range(n):
        s = r.randrange(roles)
        t = r.randrange(roles - 1)
        print("r%d r%d" % (s, t + (t >= s)))


def costs_text(costs):
    return ",".join(repr(float(c)) for c in costs) if costs else "-"


def timed(reps, fn):
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median_low(times), result


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
        seconds, costs = timed(reps, lambda: single(s, t))
        print("%s single %d %.9f %s" % (name, q, seconds, costs_text(costs)),
              flush=True)
    for q, (s, t) in enumerate(pairs[:n_k]):
        seconds, costs = timed(reps, lambda: k_routes(s, t))
        print("%s k5 %d %.9f %s" % (name, q, seconds, costs_text(costs)),
              flush=True)


def read_runs(prefix):
    """{(peer, kind): {index: (seconds, costs, flags)}}, comments"""
    runs, notes = {}, []
    for ext in ("c", "igraph", "networkx"):
        try:
            f = open("%s.%s" % (prefix, ext))
        except FileNotFoundError:
            continue
        with f:
            for line in f:
                if line.startswith("#"):
                    notes.append(line[1:].strip())
                    continue
                peer, kind, q, seconds, costs, *flags = line.split()
                costs = [] if costs == "-" else [float(c) for c in costs.split(",")]
                flags = dict(fl.split("=") for fl in flags)
                runs.setdefault((peer, kind), {})[int(q)] = (
                    float(seconds), costs, flags)
    return runs, notes


def same(a, b):
    return len(a) == len(b) and all(abs(x - y) <= 1e-6 * max(1, abs(x))
                                    for x, y in zip(a, b))


def check(size, runs):
    """Cross-checks every peer's costs; returns notes for the report."""
    problems, notes = [], []
    base = runs[("floor", "single")]
    for (peer, kind), by in runs.items():
        if kind != "single":
            continue
        for q, (_, costs, _) in by.items():
            if not same(costs, base[q][1]):
                problems.append("%s single pair %d: %s, the floor %s"
                                % (peer, q, costs, base[q][1]))
    ours = runs[("careerpath_kept", "k5")]
    limited = [q for q, v in ours.items() if v[2].get("limited") == "1"]
    parallel = [q for q, v in ours.items() if v[2].get("parallel") == "1"]
    for (peer, kind), by in runs.items():
        if kind != "k5" or peer == "careerpath_kept":
            continue
        for q, (_, costs, _) in by.items():
            want = ours[q][1]
            if q in limited:
                continue
            if peer == "networkx" and q in parallel:
                if any(x < y - 1e-6 for x, y in zip(costs, want)):
                    problems.append("networkx k5 pair %d: %s below %s"
                                    % (q, costs, want))
            elif not same(costs, want):
                problems.append("%s k5 pair %d: %s, careerpath %s"
                                % (peer, q, costs, want))
    if problems:
        sys.exit("bench-search: the peers disagree on %s:\n  %s"
                 % (size, "\n  ".join(problems[:10])))
    nx_single = runs.get(("networkx", "single"), {})
    nx_k = runs.get(("networkx", "k5"), {})
    nx_lower = [q for q in nx_k if q in parallel and q not in limited]
    notes.append("%d pairs, %d with k = 5 (careerpath stopped by its limit "
                 "on %d); every peer's costs agree" % (
                     len(base), len(ours), len(limited)))
    if not nx_single:
        notes.append("NetworkX not run")
        return notes
    notes.append("NetworkX answered %d pairs, %d with k = 5: equal on %d, "
                 "no lower on %d where a route of careerpath's takes a "
                 "parallel transition" % (
                     len(nx_single), len(nx_k),
                     len(nx_k) - len(nx_lower), len(nx_lower)))
    return notes


def ratio(runs, peer, kind, base):
    a, b = runs.get((peer, kind)), runs.get((base, kind))
    if not a or not b:
        return None
    return statistics.median(a[q][0] / b[q][0] for q in a if b[q][0] > 0)


def med(runs, peer, kind):
    by = runs.get((peer, kind))
    return statistics.median(v[0] for v in by.values()) if by else None


def report_main(args):
    sizes = [a.split("=", 1) for a in args]
    all_runs = {}
    for size, prefix in sizes:
        runs, notes = read_runs(prefix)
        notes += check(size, runs)
        all_runs[size] = runs
        print("%s: %s" % (size, "; ".join(notes)))
    names = {"floor": "plain C floor",
             "careerpath_fresh": "careerpath, fresh workspace",
             "careerpath_kept": "careerpath, kept workspace",
             "igraph_c": "igraph C", "python_igraph": "python-igraph",
             "networkx": "NetworkX"}
    for kind, base, title in (
            ("single", "floor", "one cheapest route: median ms per query, "
             "and the median over pairs of its time / the floor's"),
            ("k5", "careerpath_kept", "k = 5 routes: median ms per query, "
             "and the median over pairs of its time / careerpath's (kept)")):
        print()
        print(title)
        print()
        print("| | " + " | ".join("%s ms | %s ratio" % (s, s)
                                   for s, _ in sizes) + " |")
        print("|---|" + "---|---|" * len(sizes))
        for peer, label in names.items():
            if kind == "k5" and peer == "floor":
                continue
            cells = []
            for size, _ in sizes:
                m = med(all_runs[size], peer, kind)
                r = ratio(all_runs[size], peer, kind, base)
                n = len(all_runs[size].get((peer, kind), {}))
                whole = len(all_runs[size][(base, kind)])
                # a peer that answered only the first n pairs says so
                part = " (%d pair%s)" % (n, "s" * (n > 1)) \
                    if n < whole else ""
                ms = m * 1e3 if m else 0
                digits = 0 if ms >= 100 else 1 if ms >= 10 else 3
                cells += ["%.*f%s" % (digits, ms, part), "%.2f" % r] if m \
                    else ["not run", ""]
            print("| %s | %s |" % (label, " | ".join(cells)))


def main(argv):
    if len(argv) == 5 and argv[1] == "pairs":
        pairs_main(int(argv[2]), int(argv[3]), int(argv[4]))
    elif len(argv) == 6 and argv[1] in ("igraph", "networkx"):
        peer_main(argv[1], argv[2], argv[3], int(argv[4]), int(argv[5]))
    elif len(argv) > 2 and argv[1] == "report":
        report_main(argv[2:])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
