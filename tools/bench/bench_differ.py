"""`tools/bench/run differ`: routes that differ (path -k N --differ THETA)
against plain -k N and the penalty method, on a generated graph, by
build/bin/bench-differ (tools/bench/differ.c). Kept apart from the driver's
other commands; it uses the driver's helpers, passed in as `run`.

Prints, per method, the median time per query; the median over queries of
each query's ratio of the exact search to plain k routes and to the
penalty method; how often the penalty method misses the exact answer (its
routes' costs differ, or it finds fewer); how often the work limit stopped
the exact search; and the load average around the figures.
"""
import os
import statistics
import subprocess
import sys

METHODS = ("plain", "exact", "heuristic")


def options(p, run):
    p.add_argument("--roles", type=run.count, metavar="N", default="100000",
                   help="roles of the generated graph")
    p.add_argument("--queries", type=run.count, metavar="N", default="30",
                   help="random pairs, each answered once by each method")
    p.add_argument("--k", type=run.count, metavar="N", default="3",
                   help="routes asked for")
    p.add_argument("--theta", type=float, metavar="THETA", default=0.5,
                   help="the overlap allowed")


def plan(args):
    return ["%d roles, %d queries by months: k = %d with THETA %g, plain "
            "k = %d and the penalty method, in one process"
            % (args.roles, args.queries, args.k, args.theta, args.k)]


def parse(text):
    """{method: {query: (seconds, [costs], limited)}}, {query: loads}"""
    got = {m: {} for m in METHODS}
    loads = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split()
        method, q, seconds, costs = fields[0], int(fields[1]), \
            float(fields[2]), fields[3]
        extra = dict(f.split("=", 1) for f in fields[4:])
        got[method][q] = (seconds, [] if costs == "-" else
                          [float(c) for c in costs.split(",")],
                          extra.get("limited") == "1")
        loads[q] = [float(x) if float(x) >= 0 else None
                    for x in extra["load"].split(",")]
    return got, loads


def same_costs(a, b):
    return len(a) == len(b) and all(
        abs(x - y) <= 1e-9 * max(1, abs(x)) for x, y in zip(sorted(a),
                                                              sorted(b)))


def main(args, run):
    name = "bench differ"
    run.check_quiet(name, args)
    run.build("bench", "bench-differ")
    if not args.dir:
        import atexit
        import shutil
        import tempfile
        args.dir = tempfile.mkdtemp(prefix="careerpath-differ-", dir="/tmp")
        if not args.keep:
            atexit.register(shutil.rmtree, args.dir, True)
    folder = os.path.join(args.dir, "graph-%d" % args.roles)
    run.graph(folder, args.roles)
    print("careerpath differ benchmark: %s" % run.machine(), flush=True)
    program = os.path.join(run.BUILD, "bin", "bench-differ")
    r = subprocess.run([program, folder, str(args.queries), str(args.k),
                        "%g" % args.theta], stdout=subprocess.PIPE,
                       text=True)
    if r.returncode:
        sys.stdout.write(r.stdout)
        run.fail(name, "bench-differ failed (exit %d)" % r.returncode)
    got, loads = parse(r.stdout)
    answered = [q for q in got["exact"] if got["exact"][q][1]]
    medians = {m: statistics.median(got[m][q][0] for q in answered)
               for m in METHODS} if answered else {}
    ratio = {m: statistics.median(got["exact"][q][0] / got[m][q][0]
                                  for q in answered)
             for m in ("plain", "heuristic")} if answered else {}
    misses = sum(not same_costs(got["heuristic"][q][1], got["exact"][q][1])
                 for q in answered)
    fewer = sum(len(got["heuristic"][q][1]) < len(got["exact"][q][1])
                for q in answered)
    limited = sum(got["exact"][q][2] for q in got["exact"])
    judged = run.verdict(name, args, "the ratios", loads, args.max_load,
                         {}, "plain", unit="pair")
    print()
    print("%d roles, by months, k = %d, THETA %g: %d queries, %d with a "
          "route" % (args.roles, args.k, args.theta, args.queries,
                     len(answered)))
    print()
    print("| method | median ms per query | exact / method (median of "
          "per-query ratios) |")
    print("|---|---|---|")
    for m, said in (("exact", "exact (--differ)"),
                    ("plain", "plain -k"),
                    ("heuristic", "penalty method")):
        if not medians:
            break
        print("| %s | %.1f | %s |" % (
            said, 1e3 * medians[m],
            "%.2f" % ratio[m] if m in ratio else "1"))
    print()
    print("penalty method misses the exact answer on %d of %d queries "
          "(%d of them with fewer routes); the work limit stopped the "
          "exact search on %d" % (misses, len(answered), fewer, limited))
    print("load average %s; %s; ratios %s" % (
        run.load_span([x for q in sorted(loads) for x in loads[q]]),
        run.cpu_model(), judged))
