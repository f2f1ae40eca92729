#!/usr/bin/env python3
"""What careerpath reach keeps in memory on a long chain of roles.

  reach_memory.py PROGRAM WORK_DIR [sanitized]

A chain r0 -> r1 -> ... -> r99999 (one month and $10 a step), made here and
never committed. Role i's cheapest route has i steps, so its whole routes
hold 99,999 * 100,000 / 2, about 5 billion, steps: kept whole, as reach
once kept them, that is hundreds of gigabytes (a 10,000-role chain peaked
at 2.16 GB, a 3,000-role one at 200 MB). A reach answer is a tree of routes,
and kept as one it takes O(roles) memory.

The bound: the peak resident memory of reach on the chain may pass that of
a query that builds nothing on the same graph (path r0 r1, which loads it
and settles one step) by at most 64 MB, 670 bytes a role. The tree keeps
about 100 bytes a role (pred, arc, role, cost, steps, two totals, three
blank counts) and the search its labels, about as many again; measured,
the difference is some 15 MB. A whole route per role would need 5 billion
steps of at least 8 bytes each, so the bound cannot hold unless the routes
are shared.

Checks, each with its peak (os.wait4, ru_maxrss; Linux counts in it this
script's own memory when it started the program, so the script reads every
output a line at a time and stays near 10 MB):
- reach r0 --tree --format csv on the chain: every row exact (role i has
  parent r(i-1), i steps, i months, $10 i), within the bound;
- reach r0 on the chain, routes whole: refused by the work limit (5
  billion steps to write), quickly and within the bound;
- reach r0 --limit 10000000 on a 3,000-role chain, routes whole (4.5
  million steps, written as they are rebuilt): every route complete, and
  within the bound over its own baseline.

Exit status 0 when every check holds, 1 otherwise, 77 (skipped) under
AddressSanitizer, whose shadow memory and quarantine make the peak no
measure of what the program keeps.
"""
import os
import subprocess
import sys

MARGIN_KB = 64 * 1024

failures = []


def fail(message):
    print("FAIL: " + message)
    failures.append(message)


def make_chain(directory, n):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "roles.csv"), "w") as f:
        f.write("id,title,median_wage_usd\n")
        for i in range(n):
            f.write("r%d,Role %d,%d\n" % (i, i, 30000 + i))
    with open(os.path.join(directory, "transitions.csv"), "w") as f:
        f.write("from,to,months,cost_usd\n")
        for i in range(n - 1):
            f.write("r%d,r%d,1,10\n" % (i, i + 1))


def run(program, args, out_path):
    """Runs program with args, stdout to out_path; (status, stderr, peak KB)."""
    with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
        child = subprocess.Popen([program] + args, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    with open(out_path + ".err") as f:
        message = f.read()
    return child.returncode, message, usage.ru_maxrss


def check_tree(program, work, chain):
    status, _, base = run(program, ["--graph", chain, "path", "r0", "r1"],
                          os.path.join(work, "base.txt"))
    if status != 0:
        fail("path r0 r1 exited %d" % status)
    out = os.path.join(work, "tree.csv")
    status, message, peak = run(
        program, ["--graph", chain, "reach", "r0", "--tree", "--format",
                  "csv"], out)
    print("100,000-role chain: path r0 r1 peaks at %d KB, reach --tree "
          "at %d KB (bound %d KB)" % (base, peak, base + MARGIN_KB))
    if status != 0:
        fail("reach --tree exited %d: %s" % (status, message))
        return base
    if peak > base + MARGIN_KB:
        fail("reach --tree peaked at %d KB, over %d KB" %
             (peak, base + MARGIN_KB))
    rows = 0
    with open(out) as f:
        header = f.readline()
        if header != ("id,title,name,parent,cost,steps,months,cost_usd,route,"
                      "wage_start,wage_end,gain_usd,gain_pct,"
                      "unknown_steps\n"):
            fail("reach --tree header: %r" % header)
        for i, row in enumerate(f, 1):
            want = "r%d,Role %d,Role %d,r%d,%d,%d,%d,%d,,30000,%d,%d," % (
                i, i, i, i - 1, i, i, i, 10 * i, 30000 + i, i)
            rows = i
            if not row.startswith(want) or not row.endswith(",\n"):
                fail("reach --tree row %d: %r, expected %r..." %
                     (i, row, want))
                break
    if rows != 99999:
        fail("reach --tree gave %d rows, not 99999" % rows)
    return base


def check_whole_refused(program, work, chain, base):
    status, message, peak = run(program, ["--graph", chain, "reach", "r0"],
                                os.path.join(work, "whole.txt"))
    print("100,000-role chain, whole routes: exit %d, peak %d KB" %
          (status, peak))
    if status != 5 or "search stopped after" not in message:
        fail("whole routes of the chain: exit %d, %r (expected the work "
             "limit, exit 5)" % (status, message))
    if peak > base + MARGIN_KB:
        fail("whole routes of the chain peaked at %d KB, over %d KB" %
             (peak, base + MARGIN_KB))


def check_whole_streamed(program, work):
    chain = os.path.join(work, "chain3000")
    make_chain(chain, 3000)
    _, _, base = run(program, ["--graph", chain, "path", "r0", "r1"],
                     os.path.join(work, "base3000.txt"))
    out = os.path.join(work, "whole3000.csv")
    status, message, peak = run(
        program, ["--graph", chain, "reach", "r0", "--limit", "10000000",
                  "--format", "csv"], out)
    print("3,000-role chain, whole routes: path peaks at %d KB, reach at "
          "%d KB (bound %d KB)" % (base, peak, base + MARGIN_KB))
    if status != 0:
        fail("whole routes of 3,000 roles exited %d: %s" % (status, message))
        return
    if peak > base + MARGIN_KB:
        fail("whole routes of 3,000 roles peaked at %d KB, over %d KB" %
             (peak, base + MARGIN_KB))
    rows, last = 0, ""
    with open(out) as f:
        f.readline()
        for rows, last in enumerate(f, 1):
            pass
    if rows != 2999:
        fail("whole routes of 3,000 roles: %d rows" % rows)
        return
    route = " > ".join("r%d" % i for i in range(3000))
    if (",%s," % route) not in last:
        fail("the last route is not r0 > r1 > ... > r2999")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    if len(sys.argv) > 3 and sys.argv[3] == "sanitized":
        print("under AddressSanitizer the peak is no measure: skipped")
        return 77
    program, work = sys.argv[1], sys.argv[2]
    chain = os.path.join(work, "chain")
    make_chain(chain, 100000)
    check_whole_streamed(program, work)
    base = check_tree(program, work, chain)
    check_whole_refused(program, work, chain, base)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
