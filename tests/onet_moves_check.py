#!/usr/bin/env python3
"""Checks every direct move of graphs/onet/transitions.csv against the source
files themselves (BLS EP Table 1.2, the NCES CIP-SOC crosswalk, O*NET's
education ratings), without the importer's code: the lower bounds that
graphs/onet/README.md promises, each computed here from the rows.

- A move into an occupation whose programme the origin lacks (no shared CIP
  code, the 6-digit programme: a shared 4-digit series alone is another
  programme; or a licensed destination the origin is not licensed for) costs
  at least that programme at its shortest: a certificate 2 months, some
  college 12, an associate's 24, a bachelor's 24 when O*NET gives its
  associate's 15% or more, else 48; a graduate degree 24 (master's) or 36
  (doctoral) plus the part of a bachelor's the origin's typical BLS level
  does not hold.
- A move into a physician occupation (29-12xx) from outside them costs at
  least medical school and residency: 48 + 36 months, plus the missing
  bachelor's; from another physician occupation (another specialty), at
  least the residency, 36 months.
- A move into an advanced practice nursing occupation (nurse anesthetists
  29-1151, nurse midwives 29-1161, nurse practitioners 29-1171), whose
  licence asks the RN licence first, from an origin that is not a
  registered nurse nor one of them costs at least the RN programme (24) and
  the destination's own programme after the part of a bachelor's neither
  the origin nor the RN's associate's degree gives.
- A move into an occupation where BLS asks related work experience asks at
  least 1 month of it, and no start role moves there; into a first-line
  supervisor, it comes from the SOC major group of the workers supervised;
  into Detectives and Criminal Investigators (33-3021.00), from police or
  detective work (SOC 33-302x, 33-305x, police sergeants 33-1012), as BLS
  OOH says detectives come up from patrol: not from a bailiff's, a
  correctional officer's or a private investigator's work.
- Every move with 0 months is of a kind README.md explains: no programme
  (BLS asks a diploma or less), or a shared CIP programme (6-digit code)
  whose level the origin already holds.
- A move without a diploma (from `no-diploma`, or from an occupation for
  which BLS asks no formal credential) into one that asks a diploma or more
  costs the GED (3 months, README.md's estimate) besides any programme; and
  `no-diploma` moves in one step into every occupation `entry` moves into,
  at `entry`'s months plus the GED where a diploma is asked, as a
  counsellor tells it (a GED, then the programme).

usage: onet_moves_check.py SHARED_DATA GRAPH_DIR
exit: 0 all hold, 1 a move breaks one (each is printed), 77 no data
"""
import csv
import os
import sys

LEVEL = {
    "No formal educational credential": 1,
    "High school diploma or equivalent": 2,
    "Postsecondary nondegree award": 3,
    "Some college, no degree": 4,
    "Associate's degree": 5,
    "Bachelor's degree": 6,
    "Master's degree": 8,
    "Doctoral or professional degree": 10,
}
# the shortest programme of each level (graduate: after a bachelor's)
SHORTEST = {1: 0, 2: 0, 3: 2, 4: 12, 5: 24, 6: 48, 8: 24, 10: 36}
LICENSED = ("29-1", "29-2021", "29-2034", "29-2042", "29-2043", "29-2061",
            "31-1131", "23-1011", "17-1011", "19-3033")
COMBINED = {"21-1011": "21-1018", "21-1014": "21-1018",
            "25-2055": "25-2052", "25-2056": "25-2052",
            "25-9042": "25-9045", "25-9043": "25-9045", "25-9049": "25-9045",
            "51-2022": "51-2028", "51-2023": "51-2028",
            "53-1042": "53-1047", "53-1043": "53-1047", "53-1044": "53-1047",
            "53-1049": "53-1047"}
STARTS = ("entry", "no-diploma")
GED_MONTHS = 3
# licences that ask another licence first: BLS OOH, APRNs must be RNs
PREREQUISITE = {"29-1151": "29-1141", "29-1161": "29-1141",
                "29-1171": "29-1141"}


def read_tsv(path, skip=0):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")[skip:]
    rows = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows)
    return [dict(zip(header, r)) for r in rows if len(r) == len(header)]


def main():
    data, graph = sys.argv[1], sys.argv[2]
    ep_path = os.path.join(data, "bls_ep", "occupation.Table 1.2.tsv")
    cip_path = os.path.join(data, "nces_cip_soc",
                            "CIP2020_SOC2018_Crosswalk.CIP-SOC.tsv")
    ete_path = os.path.join(data, "onet",
                            "Education, Training, and Experience.txt")
    if not os.path.exists(ete_path):
        ete_path = ete_path[:-4] + ".from_xlsx.tsv"
    if not all(map(os.path.exists, (ep_path, cip_path, ete_path))):
        print("no shared data in %s: skipped" % data)
        return 77

    ep = {}
    for r in read_tsv(ep_path, skip=1):
        if r["Occupation type"] == "Line item":
            ep[r["2024 National Employment Matrix code"]] = r
    programmes = {}
    for r in read_tsv(cip_path):
        if r["CIP2020Code"] != "99.9999" and r["SOC2018Code"] != "99-9999":
            programmes.setdefault(r["SOC2018Code"], set()).add(
                r["CIP2020Code"])
    associate_share = {}
    for r in read_tsv(ete_path):
        if r["Scale ID"] == "RL" and r["Category"] == "5":
            try:
                associate_share[r["O*NET-SOC Code"]] = float(r["Data Value"])
            except ValueError:
                pass

    def ep_row(code):
        soc = code[:7]
        return ep.get(soc) or ep.get(soc[:6] + "0") or ep.get(
            COMBINED.get(soc, ""))

    def level(code):
        row = ep_row(code)
        return LEVEL.get(row["Typical education needed for entry"]) if row \
            else None

    def least_programme(a, b, held_also=0):
        lb = level(b)
        if lb == 6 and associate_share.get(b, 0) >= 15:
            return SHORTEST[5]
        months = SHORTEST[lb]
        if lb >= 8:
            la = level(a) if a not in STARTS else 2
            held = 48 if la and la >= 6 else 24 if la == 5 else 0
            months += 48 - max(held, held_also)
        return months

    def least_with_prerequisite(a, b):
        p = PREREQUISITE.get(b[:7])
        if p is None or a[:7] == p or PREREQUISITE.get(a[:7]) == p:
            return None
        first = least_programme(a, p + ".00")
        return first + least_programme(a, b, held_also=first)

    failures = []
    zero_kinds = {}
    n_moves = 0
    start_months = {"entry": {}, "no-diploma": {}}
    with open(os.path.join(graph, "transitions.csv"), encoding="utf-8") as f:
        for line, t in enumerate(csv.DictReader(f), start=2):
            a, b = t["from"], t["to"]
            n_moves += 1
            if b in STARTS:
                continue
            row = ep_row(b)
            months = t["months"]
            if row is None or months == "":
                continue
            months = int(months)
            lb = level(b)
            shared = a not in STARTS and bool(
                programmes.get(a[:7], set()) & programmes.get(b[:7], set()))
            licensed_b = b.startswith(LICENSED)
            licensed_a = a.startswith(LICENSED)
            needs_programme = lb and lb >= 3 and (
                not shared or (licensed_b and not licensed_a))
            if needs_programme and months < least_programme(a, b):
                failures.append("line %d: %s -> %s costs %d months, less "
                                "than its programme (%d)" % (
                                    line, a, b, months,
                                    least_programme(a, b)))
            without_diploma = a == "no-diploma" or (
                a not in STARTS and level(a) == 1)
            if without_diploma and lb and lb >= 2:
                least = GED_MONTHS + (least_programme(a, b)
                                      if needs_programme else 0)
                if months < least:
                    failures.append("line %d: %s -> %s costs %d months, "
                                    "less than the GED and the programme "
                                    "(%d)" % (line, a, b, months, least))
            if a in STARTS:
                start_months[a][b] = (months, lb)
            residency = row["Typical on-the-job training needed to attain "
                            "competency in the occupation"] == \
                "Internship/residency"
            if b.startswith("29-12") and not a.startswith("29-12") and \
                    residency and months < 48 + 36:
                failures.append("line %d: %s -> %s costs %d months, less "
                                "than medical school and residency" % (
                                    line, a, b, months))
            if b.startswith("29-12") and a.startswith("29-12") and \
                    residency and months < 36:
                failures.append("line %d: %s -> %s costs %d months, less "
                                "than a new specialty's residency" % (
                                    line, a, b, months))
            least = least_with_prerequisite(a, b)
            if least is not None and months < least:
                failures.append("line %d: %s -> %s costs %d months, less "
                                "than the RN licence and the programme "
                                "(%d)" % (line, a, b, months, least))
            asks = row["Work experience in a related occupation"]
            if asks != "None":
                if a in STARTS:
                    failures.append("line %d: start role %s moves into %s, "
                                    "which asks work experience" % (
                                        line, a, b))
                elif t["experience_months"] in ("", "0"):
                    failures.append("line %d: %s -> %s asks no experience; "
                                    "BLS: %s" % (line, a, b, asks))
                if b == "33-3021.00" and a not in STARTS and \
                        not a.startswith(("33-302", "33-305", "33-1012")):
                    failures.append("line %d: %s -> %s: a detective's "
                                    "related work is police or detective "
                                    "work" % (line, a, b))
                title = row["2024 National Employment Matrix title"]
                if a not in STARTS and title.strip().lower().startswith(
                        "first-line supervisors") and a[:2] != b[:2]:
                    failures.append("line %d: %s -> %s: a supervisor's "
                                    "related work is the work it "
                                    "supervises, in SOC %s" % (
                                        line, a, b, b[:2]))
            if months == 0:
                if lb <= 2:
                    kind = "no programme: BLS asks a diploma or less"
                    if a in STARTS:
                        kind += ", from a start role"
                elif shared and not (licensed_b and not licensed_a) and \
                        least_with_prerequisite(a, b) is None and \
                        not (b.startswith("29-12") and residency):
                    kind = "a shared CIP programme whose level the origin holds"
                else:
                    kind = "unexplained"
                    failures.append("line %d: %s -> %s costs 0 months" % (
                        line, a, b))
                zero_kinds[kind] = zero_kinds.get(kind, 0) + 1
    entry, no_diploma = start_months["entry"], start_months["no-diploma"]
    for b in sorted(set(entry) ^ set(no_diploma)):
        failures.append("%s: a move from %s only" % (
            b, "entry" if b in entry else "no-diploma"))
    for b in sorted(set(entry) & set(no_diploma)):
        (months, lb), want = no_diploma[b], entry[b][0]
        want += GED_MONTHS if lb >= 2 else 0
        if months != want:
            failures.append("no-diploma -> %s costs %d months, not %d "
                            "(entry's %d%s)" % (
                                b, months, want, entry[b][0],
                                " and the GED" if lb >= 2 else ""))
    print("start moves: %d from entry, %d from no-diploma" % (
        len(entry), len(no_diploma)))
    zeros = sum(zero_kinds.values())
    print("%d moves, %d of 0 months (%.1f%%):" % (
        n_moves, zeros, 100.0 * zeros / n_moves))
    for kind, n in sorted(zero_kinds.items()):
        print("  %6d  %s" % (n, kind))
    for failure in failures:
        print(failure)
    print("%d moves break a rule" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
