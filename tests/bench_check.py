"""The benchmark driver, tools/bench/run, kept from rotting without running a
benchmark.

  python3 tests/bench_check.py SOURCE_DIR CAREERPATH driver
      --help of the driver and of each command, --dry-run of each command
      (options parsed, the plan printed; nothing built, installed or
      measured) and the usage errors, exit 2; then one quick measurement
      (`query` on 300 roles, bench built in CAREERPATH's build folder):
      the load average and CPU model beside its figures, and --strict
      refusing (exit 3) under a load limit no machine meets
  python3 tests/bench_check.py SOURCE_DIR CAREERPATH peers
      the Python peers of tools/bench/peers on the small fixture graph,
      their answers against careerpath's; skipped (77) when Debian's
      python3-igraph or python3-networkx is missing

Prints "N of M checks passed" and each failing check.
"""
import csv
import importlib.machinery
import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77
src, careerpath, mode = sys.argv[1:4]
run = os.path.join(src, "tools", "bench", "run")
small = os.path.join(src, "tests", "data", "small")
checks, failed = 0, 0


def check(what, ok, detail=""):
    global checks, failed
    checks += 1
    if not ok:
        failed += 1
        print("failed: %s%s" % (what, "\n  " + detail if detail else ""))


def driver(*args):
    r = subprocess.run([sys.executable, run] + list(args), text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stdout, r.stderr


def expect(args, status, out=(), err=()):
    got, stdout, stderr = driver(*args)
    what = "tools/bench/run " + " ".join(args)
    check(what + ": exit %d" % status, got == status,
          "exit %d; stderr: %s" % (got, stderr.strip()))
    for text in out:
        check("%s: stdout has '%s'" % (what, text), text in stdout, stdout)
    for text in err:
        check("%s: stderr has '%s'" % (what, text), text in stderr, stderr)


def driver_checks():
    commands = ("load", "search", "report", "batch", "query", "differ")
    expect(["--help"], 0, out=commands + ("--dry-run",))
    for command in commands:
        expect([command, "--help"], 0, out=("usage: tools/bench/run " + command,))
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "work")
        expect(["load", "--dry-run", "--sizes", "S", "--runs", "1", "--dir",
                work, "--keep", "--before", "/bin/true"], 0,
               out=("S: 1000 roles, r0 -> r999", "before_check before_path"))
        check("a dry run makes no work folder", not os.path.exists(work))
        # kept outputs of a run with --k-pairs 0: one route only, no k = 5
        # table; costs checked against the floor's all the same
        prefix = os.path.join(tmp, "S.out")
        with open(prefix + ".c", "w") as f:
            f.write("# 3 roles\n"
                    "floor single 0 0.002 7 load=0.5,0.5\n"
                    "careerpath_fresh single 0 0.001 7 load=0.5,0.5\n"
                    "careerpath_kept single 0 0.0005 7 load=0.5,0.5\n")
        expect(["report", "S=" + prefix], 0,
               out=("none with k = 5", "| careerpath, kept workspace | 0.500 "
                    "| 0.25 | 0.50 -> 0.50 |"))
        check("report with --k-pairs 0 gives no k = 5 table",
              "k = 5 routes" not in driver("report", "S=" + prefix)[1])
    expect(["load", "--dry-run"], 0, out=("S: 1000 roles", "M: 100000 roles"))
    expect(["load", "--dry-run", "--sizes", "M,L", "--no-networkx", "L"], 0,
           out=("M: 100000 roles, r0 -> r99999 by months; peers floor "
                "careerpath_check careerpath_path igraph_c python_igraph "
                "networkx\n",
                "L: 1000000 roles, r0 -> r999999 by months; peers floor "
                "careerpath_check careerpath_path igraph_c python_igraph\n"))
    expect(["search", "--dry-run", "--sizes", "S,M,L", "--pairs", "20",
            "--k-pairs", "5", "--reps", "1", "--networkx-pairs", "20,5",
            "--no-networkx", "L"], 0,
           out=("M: 100000 roles, 20 pairs, the first 5 also with k = 5",
                "NetworkX on the first 20 pairs, 5 with k = 5",
                "L: 1000000 roles", "NetworkX not run"))
    expect(["report", "--dry-run", "S=DIR/S.out", "M=DIR/M.out"], 0,
           out=("S: DIR/S.out.c", "M: DIR/M.out.c"))
    expect(["batch", "--dry-run", "--sizes", "S,M", "--runs", "1",
            "--rows-M", "200", "--networkx", "S", "--matrix", "10",
            "--mem-rows", ""], 0,
           out=("S: 1000 roles, 10000 query rows, the peers on the first "
                "10000, 10 x 10 matrix; peers check batch_jobs1 batch_jobs2 "
                "python_igraph networkx matrix matrix_jobs2 "
                "python_igraph_matrix networkx_matrix",
                "M: 100000 roles, 10000 query rows, the peers on the first "
                "200, 10 x 10 matrix; peers check all_jobs1 all_jobs2 "
                "batch_jobs1 python_igraph matrix matrix_jobs2 "
                "python_igraph_matrix\n",
                "memory: not measured"))
    expect(["batch", "--dry-run", "--sizes", "L", "--rows", "500",
            "--rows-L", "50", "--mem-rows", "10000,1000000"], 0,
           out=("the peers on the first 50", "memory: 10000 rows, 1000000 rows"))
    expect(["query", "--dry-run", "--roles", "S"], 0,
           out=("1000 roles, 200 queries, 10 with k = 5",))
    expect(["query", "--dry-run", "--roles", "2500", "--queries", "3",
            "--k-queries", "1"], 0, out=("2500 roles, 3 queries, 1 with k = 5",))

    expect([], 2, err=("usage: tools/bench/run",))
    expect(["plot"], 2, err=("invalid choice: 'plot'",))
    expect(["load", "--sizes", "XL", "--dry-run"], 2,
           err=("unknown size 'XL' (expected S, M or L)",))
    expect(["batch", "--rows", "many", "--dry-run"], 2,
           err=("expected a count, got 'many'",))
    # no median comes from none: counts of rounds, pairs and rows are >= 1
    for command, option in (("search", "--pairs"), ("search", "--reps"),
                            ("load", "--runs"), ("batch", "--runs"),
                            ("batch", "--rows-M"), ("batch", "--matrix"),
                            ("query", "--queries")):
        expect([command, option, "0", "--dry-run"], 2,
               err=("argument %s: expected at least 1, got '0'" % option,))
    expect(["search", "--k-pairs", "0", "--dry-run"], 0,
           out=("the first 0 also with k = 5",))
    expect(["batch", "--mem-rows", "10,-1", "--dry-run"], 2,
           err=("expected a count, got '-1'",))
    expect(["search", "--networkx-pairs", "20", "--dry-run"], 2,
           err=("expected N,K, got '20'",))
    expect(["search", "--frobnicate", "--dry-run"], 2,
           err=("unrecognized arguments: --frobnicate",))
    expect(["report", "--dry-run"], 2, err=("SIZE=PREFIX",))
    expect(["report", "--dry-run", "S"], 2,
           err=("expected SIZE=PREFIX, got 'S'",))
    expect(["query", "--roles", "XL", "--dry-run"], 2,
           err=("expected a count, got 'XL'",))

    expect(["search", "--dry-run", "--sizes", "S", "--peers", "pgrouting"],
           0, out=("pgRouting in a throwaway cluster",))
    expect(["batch", "--dry-run", "--sizes", "S", "--peers", "pgrouting",
            "--mem-rows", ""], 0,
           out=("python_igraph networkx pgrouting matrix",
                "networkx_matrix pgrouting_matrix"))
    expect(["batch", "--peers", "postgis", "--dry-run"], 2,
           err=("unknown peer 'postgis' (expected pgrouting)",))
    expect(["load", "--max-load", "high", "--dry-run"], 2,
           err=("expected a number, got 'high'",))

    quick_checks()

    for peer in ("load", "batch", "search", "pgrouting"):
        path = os.path.join(src, "tools", "bench", "peers", peer + ".py")
        try:
            with open(path) as f:
                compile(f.read(), path, "exec")
            ok, detail = True, ""
        except SyntaxError as e:
            ok, detail = False, str(e)
        check("tools/bench/peers/%s.py compiles" % peer, ok, detail)


def quick_checks():
    """One small measurement: its figures carry the load average and the
    CPU model, and --strict refuses when the load limit is below any load
    average (-1), before measuring anything."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(careerpath)))
    quick = ["query", "--roles", "300", "--queries", "20", "--k-queries",
             "2", "--build", build]
    got, stdout, stderr = driver(*quick)
    check("tools/bench/run query, 300 roles: exit 0", got == 0,
          "exit %d; stderr: %s" % (got, stderr.strip()))
    with open("/proc/cpuinfo") as f:
        model = next((" ".join(line.partition(":")[2].split())
                      for line in f if line.startswith("model name")), None)
    header = "| figures above | load average | CPU | ratios |"
    check("query: a table with load average and CPU columns",
          header in stdout, stdout)
    rows = [line for line in stdout.splitlines()
            if line.startswith("| 300 roles, 20 queries")]
    cells = rows[0].strip("|").split(" | ") if rows else []
    check("query: one row of figures with 4 cells", len(cells) == 4,
          stdout)
    if len(cells) == 4:
        check("query: the load average 'A -> B'",
              re.fullmatch(r"\d+\.\d\d -> \d+\.\d\d", cells[1]) is not None,
              cells[1])
        if model:
            check("query: the CPU model of /proc/cpuinfo", cells[2] == model,
                  "%r, /proc/cpuinfo says %r" % (cells[2], model))
        check("query: the ratios judged", cells[3].strip() == "reliable" or
              cells[3].startswith("unreliable: "), cells[3])
    check("query: every answer checked against the floor",
          "0 of 10 with a first route the floor disagrees with" in stdout,
          stdout)
    got, stdout, stderr = driver("differ", "--roles", "300", "--queries",
                                 "6", "--build", build)
    check("tools/bench/run differ, 300 roles: exit 0", got == 0,
          "exit %d; stderr: %s" % (got, stderr.strip()))
    check("differ: the misses of the penalty method, and the load",
          re.search(r"penalty method misses the exact answer on \d+ of "
                    r"\d+ queries", stdout) is not None and
          "load average " in stdout, stdout)
    for command in (quick, ["load", "--sizes", "S", "--runs", "1", "--build",
                            build]):
        expect(command + ["--strict", "--max-load=-1"], 3,
               err=("refused (--strict): the load average is",
                    "above -1"))
    # without --strict the same limit marks the ratios instead
    got, stdout, stderr = driver(*quick, "--max-load=-1")
    check("query --max-load=-1: exit 0, the ratios marked", got == 0 and
          "unreliable: load average up to" in stdout and "(above -1)" in
          stdout, "exit %d\n%s%s" % (got, stdout, stderr))


def load_driver():
    """tools/bench/run as a module, for its interpreter and readers."""
    loader = importlib.machinery.SourceFileLoader("bench_run", run)
    spec = importlib.util.spec_from_loader("bench_run", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def output(command):
    """stdout of a command that answers (exit 0) or finds no route (1)"""
    r = subprocess.run(command, text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    check(" ".join(command) + ": exit 0 or 1", r.returncode in (0, 1),
          "exit %d; stderr: %s" % (r.returncode, r.stderr.strip()))
    return r.stdout


def peers_checks():
    bench = load_driver()
    python = bench.PYTHON
    r = subprocess.run([python, "-c", "import igraph, networkx"],
                       stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        print("%s cannot import igraph and networkx (Debian's "
              "python3-igraph and python3-networkx; tools/bench/run installs "
              "them when it runs): skipped" % python)
        sys.exit(SKIP)
    peers = os.path.join(src, "tools", "bench", "peers")
    with open(os.path.join(small, "roles.csv"), newline="") as f:
        roles = [row["id"] for row in csv.DictReader(f)]
    pairs = [(s, t) for s, t in itertools.permutations(roles, 2)]

    def cost(s, t, k=1):
        text = output([careerpath, "--graph", small, "path", s, t, "--by",
                       "months", "-k", str(k), "--format", "json"])
        return [r["cost"] for r in json.loads(text)["routes"]] \
            if text.strip() else []

    with tempfile.TemporaryDirectory() as tmp:
        # load: one cheapest route by months, as "%g"
        s, t = pairs[0]
        want = "%g" % cost(s, t)[0]
        for lib in ("igraph", "networkx"):
            got = output([python, os.path.join(peers, "load.py"), lib, small,
                          s, t]).strip()
            check("load.py %s %s -> %s: %s" % (lib, s, t, want), got == want,
                  "got %s" % got)

        # batch and matrix: the total and count of answers, as careerpath's
        queries = os.path.join(tmp, "queries.csv")
        with open(queries, "w") as f:
            f.write("from,to,by\n")
            f.writelines("%s,%s,months\n" % p for p in pairs)
        answers = os.path.join(tmp, "answers.csv")
        output([careerpath, "--graph", small, "batch", queries, "--jobs", "1",
                "-o", answers])
        want_batch = bench.careerpath_total("batch", answers)
        names = ",".join(roles)
        output([careerpath, "--graph", small, "matrix", "--from", names,
                "--to", names, "--by", "months", "--jobs", "1", "-o",
                answers])
        want_matrix = bench.careerpath_total("matrix", answers)
        for lib in ("igraph", "networkx"):
            for what, arg, want in (("batch", queries, want_batch),
                                    ("matrix", names, want_matrix)):
                got = output([python, os.path.join(peers, "batch.py"), lib,
                              what, small, arg]).strip()
                check("batch.py %s %s: %s" % (lib, what, want), got == want,
                      "got %s" % got)

        # search: one route for every pair, k = 5 for the first ones
        pairs_file = os.path.join(tmp, "pairs")
        with open(pairs_file, "w") as f:
            f.writelines("%s %s\n" % p for p in pairs)
        n_k = 4
        for lib in ("igraph", "networkx"):
            lines = output([python, os.path.join(peers, "search.py"), lib,
                            small, pairs_file, str(n_k), "1"]).splitlines()
            got = {}
            for line in lines:
                if not line.startswith("#"):
                    peer, kind, q, _, costs = line.split()[:5]
                    got[(kind, int(q))] = [] if costs == "-" else \
                        [float(c) for c in costs.split(",")]
            for q, (s, t) in enumerate(pairs):
                want = cost(s, t)[:1]
                check("search.py %s single %s -> %s: %s" % (lib, s, t, want),
                      got.get(("single", q)) == want,
                      "got %s" % got.get(("single", q)))
            if lib == "igraph":  # NetworkX drops parallel transitions
                for q, (s, t) in enumerate(pairs[:n_k]):
                    want = cost(s, t, 5)
                    check("search.py igraph k5 %s -> %s: %s" % (s, t, want),
                          got.get(("k5", q)) == want,
                          "got %s" % got.get(("k5", q)))


if mode == "driver":
    driver_checks()
elif mode == "peers":
    peers_checks()
else:
    sys.exit(__doc__)
print("%d of %d checks passed" % (checks - failed, checks))
sys.exit(1 if failed else 0)
