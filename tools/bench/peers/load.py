"""The Python peers of `tools/bench/run load`: load both files, build the
library's graph, answer one query, print the cheapest total of months.

  python3 tools/bench/peers/load.py igraph|networkx DIR FROM TO
"""
import csv
import sys

lib, d, src, dst = sys.argv[1:5]
if lib == "igraph":
    import igraph

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
else:
    import networkx as nx

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
