#!/usr/bin/env python3
"""The analyst file: 5,000 random pairs of graphs/onet roles answered by
`careerpath batch`, read back as an analyst would (pandas.read_csv where
pandas is installed, Python's csv module always) and checked against the
graph's own files, read here independently:

- titles beside ids: from_title, to_title and route_titles are the titles
  roles.csv gives the ids of from, to and route;
- a reason for every row without a route, and the two reasons about moves
  checked against transitions.csv (no transition leaves the origin or a role
  it is a kind of; none enters the destination);
- names beside titles: from_name and to_name are the title, or its
  singular where the role's aliases hold it ("Cashier" for "Cashiers");
- totals by the graph's metrics.csv: each metric's total lies within what
  the route's steps allow by its rule (the largest step for max, the last
  for last, their sum for sum), over every transition that could make a
  step, a blank counted as 0;
- numbers without float noise: no more than 10 significant digits, wages
  and gains in whole dollars (OEWS publishes annual medians in dollars),
  gain_pct equal to 100 * gain_usd / wage_start to one decimal, rounded
  half up.

usage: analyst_file_check.py CAREERPATH GRAPH_DIR
Exits 77 (skipped) when the graph is missing.
"""
import csv
import decimal
import io
import os
import random
import re
import subprocess
import sys

PAIRS = 5000
REASONS = {"no moves from origin", "no moves into destination", "unreachable",
           "filtered by rules", "over the caps", "work limit",
           "no route within the conditions"}


def fail(message):
    print("analyst file: " + message)
    sys.exit(1)


def main():
    program, graph = sys.argv[1], sys.argv[2]
    if not os.path.exists(os.path.join(graph, "roles.csv")):
        print("no %s: skipped" % graph)
        sys.exit(77)
    with open(os.path.join(graph, "roles.csv"), newline="") as f:
        roles = list(csv.DictReader(f))
    title = {r["id"]: r["title"] for r in roles}
    aliases = {r["id"]: {x.lower() for x in r.get("aliases", "").split(";")}
               for r in roles}
    parent = {r["id"]: r["kind_of"] for r in roles if r.get("kind_of")}
    with open(os.path.join(graph, "transitions.csv"), newline="") as f:
        transitions = list(csv.DictReader(f))
    moves = [(t["from"], t["to"]) for t in transitions]
    rules = {}
    rules_path = os.path.join(graph, "metrics.csv")
    if os.path.exists(rules_path):
        with open(rules_path, newline="") as f:
            rules = {r["metric"]: r["total"] for r in csv.DictReader(f)}
    by_pair = {}
    for t in transitions:
        by_pair.setdefault((t["from"], t["to"]), []).append(t)
    leaves = {a for a, _ in moves}
    enters = {b for _, b in moves}

    ids = sorted(title)
    rng = random.Random(25)
    pairs = [rng.sample(ids, 2) for _ in range(PAIRS)]
    query = io.StringIO()
    writer = csv.writer(query, lineterminator="\n")
    writer.writerow(["from", "to"])
    writer.writerows(pairs)
    run = subprocess.run([program, "--graph", graph, "batch"],
                         input=query.getvalue(), capture_output=True,
                         text=True)
    if run.returncode not in (0, 1):
        fail("batch exited %d: %s" % (run.returncode, run.stderr))
    text = run.stdout

    rows = list(csv.DictReader(io.StringIO(text)))
    if len(rows) != PAIRS:
        fail("%d rows for %d pairs" % (len(rows), PAIRS))
    for column in ("line", "from", "to", "from_title", "to_title",
                   "from_name", "to_name", "rank",
                   "cost", "steps", "wage_start", "wage_end", "gain_usd",
                   "gain_pct", "route", "route_titles", "error", "reason",
                   "unknown_steps"):
        if column not in rows[0]:
            fail("no column '%s'" % column)
    numeric = [c for c in rows[0] if c not in (
        "from", "to", "from_title", "to_title", "from_name", "to_name", "by",
        "route", "route_titles", "error", "reason", "unknown_steps", "payback")]
    metrics = [c for c in transitions[0] if c in numeric]
    if not any(rule == "max" for rule in rules.values()):
        fail("metrics.csv declares no max total")

    def chain_of(role):
        chain, r = [], role
        while r and r not in chain:
            chain.append(r)
            r = parent.get(r)
        return chain

    def cell_value(t, metric):
        cell = t[metric]
        return decimal.Decimal(cell) if cell else decimal.Decimal(0)

    def check_totals(where, row, path):
        # the transitions that could make each step, a kind taking its
        # parent's moves
        steps = []
        for x, y in zip(path, path[1:]):
            ways = [t for r in chain_of(x) for t in by_pair.get((r, y), [])]
            if not ways:
                fail(where + ": no transition makes the step %s -> %s" %
                     (x, y))
            steps.append(ways)
        for metric in metrics:
            rule = rules.get(metric, "sum")
            lows = [min(cell_value(t, metric) for t in ways) for ways in steps]
            highs = [max(cell_value(t, metric) for t in ways) for ways in steps]
            if rule == "max":
                low, high = max(lows), max(highs)
            elif rule == "min":
                low, high = min(lows), min(highs)
            elif rule == "last":
                low, high = lows[-1], highs[-1]
            else:
                low, high = sum(lows), sum(highs)
            total = decimal.Decimal(row[metric])
            if not low - decimal.Decimal("1e-6") <= total <= \
                    high + decimal.Decimal("1e-6"):
                fail(where + ": %s total %s outside %s..%s by its rule %s" %
                     (metric, total, low, high, rule))

    def plural_word(one, many):
        return one + "s" == many or one + "es" == many or \
            (one.endswith("y") and one[:-1] + "ies" == many)

    def singular_of(name, plural):
        # the last word turns singular, or in a title with " of " the
        # word before it ("First-Line Supervisors of Retail Sales Workers")
        name, plural = name.lower(), plural.lower()
        if plural_word(name, plural):
            return True
        if " of " not in plural or " of " not in name:
            return False
        head, tail = plural.split(" of ", 1)
        one, rest = name.split(" of ", 1)
        return rest == tail and plural_word(one, head)

    singulars = 0
    noise = re.compile(r"^-?0*([0-9]*)\.?([0-9]*)$")
    routed = 0
    for row, (a, b) in zip(rows, pairs):
        where = "line %s (%s -> %s)" % (row["line"], a, b)
        if (row["from"], row["to"]) != (a, b):
            fail(where + ": answers another pair")
        if (row["from_title"], row["to_title"]) != (title[a], title[b]):
            fail(where + ": titles %r, %r" % (row["from_title"],
                                              row["to_title"]))
        for column, role in (("from_name", a), ("to_name", b)):
            name = row[column]
            if name == title[role]:
                continue
            if name.lower() not in aliases[role] or \
                    not singular_of(name, title[role]):
                fail(where + ": %s %r is neither the title %r nor its "
                     "singular among the aliases" % (column, name,
                                                     title[role]))
            singulars += 1
        for c in numeric:
            value = row[c]
            if value == "":
                continue
            float(value)
            m = noise.match(value)
            if not m:
                fail(where + ": %s '%s' is not a plain decimal" % (c, value))
            digits = (m.group(1) + m.group(2)).strip("0")
            if len(digits) > 10:
                fail(where + ": %s '%s' has float noise" % (c, value))
        # graphs/onet has no cost_usd: no route's payback is known
        if row["payback"] not in ("unknown", "never", "") or \
                row["payback_months"]:
            fail(where + ": payback %r, payback_months %r" %
                 (row["payback"], row["payback_months"]))
        if row["route"]:
            routed += 1
            if row["error"] or row["reason"]:
                fail(where + ": a route with an error or reason")
            path = row["route"].split(">")
            if path[0] != a or path[-1] != b:
                fail(where + ": route %s" % row["route"])
            if row["route_titles"] != " > ".join(title[i] for i in path):
                fail(where + ": route_titles %r" % row["route_titles"])
            check_totals(where, row, path)
            start = decimal.Decimal(row["wage_start"] or "NaN")
            gain = decimal.Decimal(row["gain_usd"] or "NaN")
            for c in ("wage_start", "wage_end", "gain_usd"):
                if row[c] and not re.fullmatch(r"-?[0-9]+", row[c]):
                    fail(where + ": %s '%s' is not whole dollars" %
                         (c, row[c]))
            if start.is_finite() and gain.is_finite() and start > 0:
                exact = decimal.Context(prec=40).divide(100 * gain, start)
                want = exact.quantize(decimal.Decimal("0.1"),
                                      rounding=decimal.ROUND_HALF_UP)
                if decimal.Decimal(row["gain_pct"]) != want or \
                        re.search(r"\.[0-9]{2}", row["gain_pct"]):
                    fail(where + ": gain_pct %s, expected %s" %
                         (row["gain_pct"], want))
            continue
        if row["error"] != "no route" or row["reason"] not in REASONS:
            fail(where + ": no route, error %r, reason %r" %
                 (row["error"], row["reason"]))
        chain, r = set(), a
        while r and r not in chain:
            chain.add(r)
            r = parent.get(r)
        if (row["reason"] == "no moves from origin") != (not chain & leaves):
            fail(where + ": reason %r, but moves out: %s" %
                 (row["reason"], sorted(chain & leaves)))
        if row["reason"] == "no moves into destination" and b in enters:
            fail(where + ": reason %r, but a move enters it" % row["reason"])
    if not routed or routed == PAIRS:
        fail("%d of %d rows routed: the check needs both kinds" %
             (routed, PAIRS))
    if not singulars:
        fail("no name differs from its title: the names are not checked")

    try:
        import pandas
    except ImportError:
        print("pandas not installed: read with the csv module only")
    else:
        frame = pandas.read_csv(io.StringIO(text))
        for c in numeric:
            if frame[c].dtype.kind not in "fi":
                fail("pandas reads %s as %s" % (c, frame[c].dtype))
    print("%d rows, %d with a route, %d names in the singular, every column "
          "checked" % (PAIRS, routed, singulars))


main()
