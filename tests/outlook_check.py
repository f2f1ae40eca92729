#!/usr/bin/env python3
"""Checks the outlook rules (--growing, --min-openings) of careerpath reach on
graphs/onet against the BLS Employment Projections table itself.

For each starting occupation and each rule, reach is asked twice, with the
rules and without, and every role it reaches is judged here: growing is BLS
employment change 2024-34 above 0, openings are BLS annual average openings
2024-34 in thousands, times 1,000 (graphs/onet/README.md). The figures come
from BLS EP Table 1.2 (../shared/data/bls_ep), found by the EP code that
roles.csv's outlook_source names, when the table is there; from roles.csv's
own columns otherwise (the table's figures are then checked against
roles.csv too, so both readings agree). Every role kept must keep the rules,
every role left out must break them or lack a figure, and the answer's
left_out and left_out_unknown must count them.

usage: outlook_check.py CAREERPATH GRAPH_DIR SHARED_DATA
exit: 0 all hold, 1 a role is judged wrongly (each is printed), 77 no graph
"""
import csv
import json
import os
import subprocess
import sys

STARTS = ("31-9092.00", "41-2011.00", "41-2031.00")  # MA, cashier, retail
RULES = ([("growing", None)], [("min-openings", 10000)],
         [("growing", None), ("min-openings", 50000)])


def number(text):
    text = text.strip()
    if text in ("", "—", "-"):
        return None
    return float(text)


def read_ep(path):
    """EP code -> (change %, openings in people) from Table 1.2."""
    ep = {}
    with open(path, encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)  # the table's title
        header = next(rows)
        code = header.index("2024 National Employment Matrix code")
        change = header.index("Employment change, percent, 2024–34")
        openings = header.index(
            "Occupational openings, 2024–34 annual average")
        for row in rows:
            if len(row) > openings and row[code]:
                thousands = number(row[openings])
                ep[row[code]] = (
                    number(row[change]),
                    None if thousands is None else round(thousands * 1000))
    return ep


def read_roles(graph, ep, problems):
    """Role id -> (change %, openings); from the EP table where there is."""
    figures = {}
    with open(os.path.join(graph, "roles.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            mine = (number(row["employment_change_pct"]),
                    number(row["annual_openings"]))
            source = row["outlook_source"]
            if ep is not None and source:
                # "BLS Employment Projections 2024-34, Table 1.2, 29-1141 ..."
                code = source.split(", ")[2].split(" ")[0]
                if code not in ep:
                    problems.append("%s: EP code %s not in Table 1.2" %
                                    (row["id"], code))
                    continue
                if ep[code] != mine:
                    problems.append("%s: roles.csv %r, Table 1.2 %s %r" %
                                    (row["id"], mine, code, ep[code]))
                figures[row["id"]] = ep[code]
            else:
                figures[row["id"]] = mine
    return figures


def reach(binary, graph, start, rules):
    args = [binary, "--graph", graph, "reach", start, "--format", "json"]
    for name, value in rules:
        args += ["--" + name] + ([] if value is None else [str(value)])
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit("%s: exit %d: %s" % (" ".join(args), done.returncode,
                                      done.stderr))
    return json.loads(done.stdout)


def judge(figures, role, rules):
    """'kept', 'broken' or 'unknown', as a destination rule reads it."""
    change, openings = figures[role]
    unknown = broken = False
    for name, value in rules:
        figure = change if name == "growing" else openings
        if figure is None:
            unknown = True
        elif (figure <= 0) if name == "growing" else (figure < value):
            broken = True
    return "unknown" if unknown else "broken" if broken else "kept"


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, graph, shared = sys.argv[1:]
    if not os.path.exists(os.path.join(graph, "roles.csv")):
        print("no %s/roles.csv: skipped" % graph)
        return 77
    table = os.path.join(shared, "bls_ep", "occupation.Table 1.2.tsv")
    ep = read_ep(table) if os.path.exists(table) else None
    print("figures from %s" %
          (table if ep is not None else "roles.csv (no BLS table)"))
    problems = []
    figures = read_roles(graph, ep, problems)
    checked = 0
    for start in STARTS:
        every = [r["id"] for r in reach(binary, graph, start, [])["roles"]]
        for rules in RULES:
            answer = reach(binary, graph, start, rules)
            kept = [r["id"] for r in answer["roles"]]
            verdicts = {role: judge(figures, role, rules) for role in every}
            want = [r for r in every if verdicts[r] == "kept"]
            name = "%s %s" % (start, rules)
            if kept != want:
                problems.append("%s: kept %d roles, the table keeps %d: "
                                "%s" % (name, len(kept), len(want),
                                        sorted(set(kept) ^ set(want))[:5]))
            out = [r for r in every if verdicts[r] != "kept"]
            unknown = [r for r in out if verdicts[r] == "unknown"]
            if answer["left_out"] != len(out):
                problems.append("%s: left_out %d, the table leaves out %d"
                                % (name, answer["left_out"], len(out)))
            if answer["left_out_unknown"] != len(unknown):
                problems.append("%s: left_out_unknown %d, %d lack a figure"
                                % (name, answer["left_out_unknown"],
                                   len(unknown)))
            checked += len(every)
            print("%s: %d reached, %d kept, %d left out (%d lack a figure)"
                  % (name, len(every), len(kept), len(out), len(unknown)))
    for p in problems:
        print(p)
    print("%d destinations judged, %d problems" % (checked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
