#!/usr/bin/env python3
"""Independent reference figures for the composite social-monitoring index (Berlin MSS method).

Written in plain Python 3 (standard library only), without looking at the Rust implementation,
so that the Rust index code can be cross-checked against it. It reads the sample indicator
tables and writes, for a few parameter sets ("cases"), every intermediate and final value of
the status index, the dynamics index and their classes to `tests/data/index_reference.json`.

Run from the repository root (/work/main):

    python3 tests/reference/index_reference.py

It reads

    sample-data/indikatoren_2024.csv   current edition
    sample-data/indikatoren_2022.csv   comparison edition

(UTF-8 with BOM, `;` delimiter, decimal comma, CRLF, one header row; key column `sr_id`,
population column `einwohner`; rows are matched by `sr_id`, never by position) and writes

    tests/data/index_reference.json

Method (Monitoring Soziale Stadtentwicklung Berlin)
1. An area is valid for the status index if its `einwohner` in the current edition is at least
   `min_population` (default 300), it is not excluded by hand, and it has a value for every
   chosen indicator.
2. For each indicator k, over the valid areas only and unweighted by population:
   z_k = sign_k * (x_k - mean_k) / sd_k, with sd the sample standard deviation (divisor n - 1)
   by default or the population standard deviation (divisor n) in a variant; sign_k = +1, or -1
   for a "flipped" indicator (higher value = less disadvantage).
3. status_sum = sum_k w_k * z_k; status_index = (status_sum - mean) / sd over the valid areas,
   with the same kind of standard deviation.
4. Status classes (boundaries belong to the middle classes):
   "hoch" idx < -1.0; "mittel" -1.0 <= idx <= 1.0; "niedrig" 1.0 < idx <= 1.5;
   "sehr niedrig" idx > 1.5; invalid areas "ohne Zuordnung". An index within 1e-9 of a
   threshold counts as lying on it.
5. Dynamics: change_k = x_k(current) - x_k(comparison) in percentage points (plain float
   subtraction of the parsed values), same indicators. Valid for dynamics: valid for the status
   index AND a value for every chosen indicator in both editions AND `einwohner` in the
   comparison edition >= min_population. z over the dynamics-valid areas with the same signs,
   weights and SD kind; dynamik_sum = sum_k w_k * z_k; dynamik_index re-standardised.
   Classes: "positiv" idx < -1.0; "stabil" -1.0 <= idx <= 1.0; "negativ" idx > 1.0;
   otherwise "ohne Zuordnung" (same 1e-9 rule).

Numerics
- Numbers are parsed by replacing the decimal comma with a point and calling float(), i.e. the
  correctly rounded double of the decimal text.
- Means and sums of squared deviations use math.fsum (correctly rounded sums) and a two-pass
  variance; sd = sqrt(sum_sq / (n - ddof)). The weighted sums sum_k w_k z_k use math.fsum,
  too. An implementation with naive left-to-right summation will differ in the last few
  ulps, so compare with a small tolerance (e.g. 1e-12 absolute on z/index values).
- Values are written with Python's repr (shortest round-trip), i.e. full double precision.
- `near_threshold` in each case lists areas whose index lies within 1e-6 of a class boundary,
  where a last-ulp difference could change the class (empty for the sample data at the time of
  writing).

Output layout: a JSON object keyed by case name. Each case holds `settings`, `counts`
(valid areas), `stats` (means and SDs used), `summary` (class counts and the 4x3
status x dynamics matrix) and `areas` (per sr_id, in file order of the current edition).
Values that do not exist for an area (not valid) are null.
"""

import csv
import hashlib
import io
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CURRENT_CSV = ROOT / "sample-data" / "indikatoren_2024.csv"
COMPARISON_CSV = ROOT / "sample-data" / "indikatoren_2022.csv"
OUT = ROOT / "tests" / "data" / "index_reference.json"

CURRENT_YEAR = 2024
COMPARISON_YEAR = 2022
KEY = "sr_id"
POPULATION = "einwohner"
EPS = 1e-9
NEAR = 1e-6

STATUS_CLASSES = ["hoch", "mittel", "niedrig", "sehr niedrig"]
DYNAMIK_CLASSES = ["positiv", "stabil", "negativ"]
NO_CLASS = "ohne Zuordnung"


# --------------------------------------------------------------------------- reading

def parse_number(text, where):
    """Decimal-comma number -> float; empty cell -> None. Rejects anything else."""
    s = text.strip()
    if s == "":
        return None
    if "." in s or s.count(",") > 1:
        raise ValueError(f"{where}: unexpected number format {text!r}")
    try:
        return float(s.replace(",", "."))
    except ValueError:
        raise ValueError(f"{where}: not a number: {text!r}") from None


def read_table(path):
    """Returns (header, {sr_id: {column: raw text}}, [sr_id in file order])."""
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        print(f"note: {path.name} has no UTF-8 BOM", file=sys.stderr)
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    if KEY not in header or POPULATION not in header:
        raise ValueError(f"{path}: missing {KEY} or {POPULATION} column")
    table = {}
    order = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not row or all(c.strip() == "" for c in row):
            continue
        if len(row) != len(header):
            raise ValueError(f"{path}:{lineno}: {len(row)} fields, header has {len(header)}")
        rec = dict(zip(header, row))
        key = rec[KEY].strip()
        if key in table:
            raise ValueError(f"{path}:{lineno}: duplicate {KEY} {key!r}")
        table[key] = rec
        order.append(key)
    return header, table, order


def value(table, key, column, path):
    rec = table.get(key)
    if rec is None or column not in rec:
        return None
    return parse_number(rec[column], f"{path.name} {key} {column}")


def as_int_if_integral(x):
    """Residents are counts: write them as JSON integers."""
    return int(x) if x is not None and x == int(x) else x


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- statistics

def mean_sd(values, ddof):
    n = len(values)
    if n - ddof <= 0:
        raise ValueError(f"too few values ({n}) for a standard deviation with ddof={ddof}")
    mean = math.fsum(values) / n
    ss = math.fsum((v - mean) * (v - mean) for v in values)
    sd = math.sqrt(ss / (n - ddof))
    if not sd > 0.0:
        raise ValueError("standard deviation is zero")
    return mean, sd


def composite(data, keys, indicators, ddof):
    """data: {key: {indicator: value}} for the valid keys.

    Returns (z {key: {ind: z}}, sums {key: s}, index {key: idx}, stats)."""
    stats = {"n": len(keys), "indicators": {}}
    z = {k: {} for k in keys}
    for ind in indicators:
        name, sign = ind["name"], ind["sign"]
        mean, sd = mean_sd([data[k][name] for k in keys], ddof)
        stats["indicators"][name] = {"mean": mean, "sd": sd}
        for k in keys:
            z[k][name] = sign * ((data[k][name] - mean) / sd)
    sums = {k: math.fsum(ind["weight"] * z[k][ind["name"]] for ind in indicators) for k in keys}
    smean, ssd = mean_sd([sums[k] for k in keys], ddof)
    stats["sum"] = {"mean": smean, "sd": ssd}
    index = {k: (sums[k] - smean) / ssd for k in keys}
    return z, sums, index, stats


def status_class(idx):
    if idx is None:
        return NO_CLASS
    if idx < -1.0 - EPS:
        return "hoch"
    if idx <= 1.0 + EPS:
        return "mittel"
    if idx <= 1.5 + EPS:
        return "niedrig"
    return "sehr niedrig"


def dynamik_class(idx):
    if idx is None:
        return NO_CLASS
    if idx < -1.0 - EPS:
        return "positiv"
    if idx <= 1.0 + EPS:
        return "stabil"
    return "negativ"


# --------------------------------------------------------------------------- one case

def run_case(indicators, sd_kind, min_population, excluded, note, cur, cmp_):
    ddof = {"sample": 1, "population": 0}[sd_kind]
    _, ctab, order = cur
    _, ptab, _ = cmp_
    names = [i["name"] for i in indicators]

    status_data, dyn_data = {}, {}
    areas = {}
    for key in order:
        pop = value(ctab, key, POPULATION, CURRENT_CSV)
        pop_cmp = value(ptab, key, POPULATION, COMPARISON_CSV)
        xc = {n: value(ctab, key, n, CURRENT_CSV) for n in names}
        xp = {n: value(ptab, key, n, COMPARISON_CSV) for n in names}

        reasons = []
        if key in excluded:
            reasons.append("excluded")
        if pop is None or pop < min_population:
            reasons.append(f"einwohner {CURRENT_YEAR} < {min_population}")
        missing = [n for n in names if xc[n] is None]
        if missing:
            reasons.append(f"missing {CURRENT_YEAR}: " + ",".join(missing))
        valid_status = not reasons

        dyn_reasons = list(reasons)
        if key not in ptab:
            dyn_reasons.append(f"no row in {COMPARISON_YEAR}")
        else:
            if pop_cmp is None or pop_cmp < min_population:
                dyn_reasons.append(f"einwohner {COMPARISON_YEAR} < {min_population}")
            missing_p = [n for n in names if xp[n] is None]
            if missing_p:
                dyn_reasons.append(f"missing {COMPARISON_YEAR}: " + ",".join(missing_p))
        valid_dyn = not dyn_reasons

        if valid_status:
            status_data[key] = xc
        change = None
        if valid_dyn:
            change = {n: xc[n] - xp[n] for n in names}
            dyn_data[key] = change

        areas[key] = {
            "name": ctab[key].get("name"),
            "einwohner": as_int_if_integral(pop),
            "einwohner_vergleich": as_int_if_integral(pop_cmp),
            "valid_status": valid_status,
            "valid_dynamik": valid_dyn,
            "invalid_reasons_status": reasons,
            "invalid_reasons_dynamik": dyn_reasons,
            "values": xc,
            "values_vergleich": xp,
            "change": change,
        }

    skeys = [k for k in order if k in status_data]
    dkeys = [k for k in order if k in dyn_data]
    sz, ssum, sidx, sstats = composite(status_data, skeys, indicators, ddof)
    dz, dsum, didx, dstats = composite(dyn_data, dkeys, indicators, ddof)

    s_counts = {c: 0 for c in STATUS_CLASSES + [NO_CLASS]}
    d_counts = {c: 0 for c in DYNAMIK_CLASSES + [NO_CLASS]}
    matrix = {s: {d: 0 for d in DYNAMIK_CLASSES} for s in STATUS_CLASSES}
    status_valid_dyn_invalid = {c: 0 for c in STATUS_CLASSES}
    near = []
    for key in order:
        a = areas[key]
        a["z"] = {n: (sz[key][n] if key in sz else None) for n in names}
        a["status_sum"] = ssum.get(key)
        a["status_index"] = sidx.get(key)
        a["status_class"] = status_class(sidx.get(key))
        a["dynamik_z"] = {n: (dz[key][n] if key in dz else None) for n in names}
        a["dynamik_sum"] = dsum.get(key)
        a["dynamik_index"] = didx.get(key)
        a["dynamik_class"] = dynamik_class(didx.get(key))
        s_counts[a["status_class"]] += 1
        d_counts[a["dynamik_class"]] += 1
        if a["status_class"] != NO_CLASS:
            if a["dynamik_class"] != NO_CLASS:
                matrix[a["status_class"]][a["dynamik_class"]] += 1
            else:
                status_valid_dyn_invalid[a["status_class"]] += 1
        for label, idx, bounds in (("status_index", sidx.get(key), (-1.0, 1.0, 1.5)),
                                   ("dynamik_index", didx.get(key), (-1.0, 1.0))):
            if idx is not None and any(abs(idx - b) <= NEAR for b in bounds):
                near.append({"sr_id": key, "which": label, "value": idx})

    settings = {
        "indicators": [
            {"name": i["name"], "sign": i["sign"], "flipped": i["sign"] < 0, "weight": i["weight"]}
            for i in indicators
        ],
        "min_population": min_population,
        "sd_kind": sd_kind,
        "ddof": ddof,
        "excluded": sorted(excluded),
        "exclusion_note": note,
        "current": {"file": "sample-data/" + CURRENT_CSV.name, "year": CURRENT_YEAR,
                    "sha256": sha256(CURRENT_CSV)},
        "comparison": {"file": "sample-data/" + COMPARISON_CSV.name, "year": COMPARISON_YEAR,
                       "sha256": sha256(COMPARISON_CSV)},
        "dynamik": True,
        "status_class_rule": "hoch: idx < -1; mittel: -1 <= idx <= 1; niedrig: 1 < idx <= 1.5; "
                             "sehr niedrig: idx > 1.5; invalid: ohne Zuordnung",
        "dynamik_class_rule": "positiv: idx < -1; stabil: -1 <= idx <= 1; negativ: idx > 1; "
                              "invalid: ohne Zuordnung",
        "threshold_tolerance": EPS,
        "summation": "math.fsum, two-pass variance",
    }
    return {
        "settings": settings,
        "counts": {"areas": len(order), "valid_status": len(skeys), "valid_dynamik": len(dkeys)},
        "stats": {"status": sstats, "dynamik": dstats},
        "summary": {
            "status_classes": s_counts,
            "dynamik_classes": d_counts,
            "matrix": matrix,
            "matrix_rows": STATUS_CLASSES,
            "matrix_columns": DYNAMIK_CLASSES,
            "status_valid_dynamik_invalid": status_valid_dyn_invalid,
        },
        "near_threshold": near,
        "areas": areas,
    }


# --------------------------------------------------------------------------- main

def main():
    cur = read_table(CURRENT_CSV)
    cmp_ = read_table(COMPARISON_CSV)
    order = cur[2]

    # Data notes on stderr (peculiarities worth knowing when comparing).
    only_cur = [k for k in order if k not in cmp_[1]]
    only_cmp = [k for k in cmp_[2] if k not in cur[1]]
    if only_cur or only_cmp:
        print(f"note: keys only in {CURRENT_YEAR}: {only_cur}; only in {COMPARISON_YEAR}: {only_cmp}",
              file=sys.stderr)
    if order != [k for k in cmp_[2] if k in cur[1]]:
        print("note: row order differs between editions (matched by key)", file=sys.stderr)

    mss = [
        {"name": "arbeitslosenquote", "sign": 1, "weight": 1},
        {"name": "sgb2_quote", "sign": 1, "weight": 1},
        {"name": "kinderarmut", "sign": 1, "weight": 1},
    ]
    weighted = [
        {"name": "sgb2_quote", "sign": 1, "weight": 2},
        {"name": "alleinerziehende", "sign": 1, "weight": 1},
        {"name": "wohnflaeche_je_ew", "sign": -1, "weight": 1},
    ]
    if "SR-10-1" in cur[1]:
        excl_key, excl_note = "SR-10-1", "SR-10-1 excluded by hand"
    else:
        excl_key = order[0]
        excl_note = f"SR-10-1 not in the file; first key {excl_key} excluded instead"

    cases = {
        "mss_default": run_case(mss, "sample", 300, set(), None, cur, cmp_),
        "population_sd": run_case(mss, "population", 300, set(), None, cur, cmp_),
        "weighted_flipped": run_case(weighted, "sample", 300, set(), None,
                                     cur, cmp_),
        "excluded": run_case(mss, "sample", 300, {excl_key}, excl_note, cur, cmp_),
    }

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1, allow_nan=False)
        f.write("\n")

    for name, case in cases.items():
        c = case["counts"]
        s = case["summary"]
        print(f"{name}: valid status {c['valid_status']}, valid dynamik {c['valid_dynamik']}")
        print(f"  status:  {s['status_classes']}")
        print(f"  dynamik: {s['dynamik_classes']}")
        print(f"  matrix:  {s['matrix']}")
        if case["near_threshold"]:
            print(f"  near threshold: {case['near_threshold']}")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
