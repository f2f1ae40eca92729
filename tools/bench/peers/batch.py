"""The Python peers of `tools/bench/run batch`: load the graph, answer the
batch (rows without a route left out) or the matrix (empty cells left out),
print the total cost and the number of answers.

  python3 tools/bench/peers/batch.py igraph|networkx batch DIR QUERIES.csv
  python3 tools/bench/peers/batch.py igraph|networkx matrix DIR ROLE,ROLE...
"""
import csv
import sys

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
