#!/usr/bin/env python3
"""Reference figures for `src/analysis/classify.rs`, produced with PySAL mapclassify.

Runs the mapclassify classifiers whose definitions `sozialatlas::analysis::classify` follows
(Quantiles, EqualInterval, FisherJenks, StdMean, BoxPlot, Percentiles, UserDefined) on a few
deterministic data sets and writes the inputs, the parameters and mapclassify's `bins` and
`counts` (or the error it raises) to `tests/data/mapclassify_reference.json`, which
`tests/classify_reference.rs` compares with our results.

Re-run from the repository root (the versions used are recorded in the JSON):

    python3 -m venv /tmp/mcenv
    /tmp/mcenv/bin/pip install mapclassify==2.10.0 numpy==2.4.6 scipy==1.17.1
    /tmp/mcenv/bin/python tests/reference/mapclassify_reference.py

Notes
- All inputs are float64 with at most 15 significant digits, so that every JSON reader parses
  them to exactly the same doubles (the Rust test uses serde_json's default float parser).
- mapclassify's FisherJenks runs its dynamic program in float32 (`_fisher_jenks_means`); for
  the data sets here its breaks equal the exact optimum that the Rust side computes in f64.
- A case whose classifier raises records `error` instead of `bins`/`counts`; the Rust side
  must then return an error as well. StdMean on a single value gives NaN bins in mapclassify
  (sample standard deviation with ddof=1); that case is recorded as an error, too.
"""

import csv
import json
import math
import sys
import warnings
from pathlib import Path

import mapclassify
import numpy as np
import scipy

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "sample-data" / "indikatoren_2024.csv"
OUT = ROOT / "tests" / "data" / "mapclassify_reference.json"

KS = [3, 5, 7, 9]


def csv_column(name):
    """One numeric column of the sample indicator table (`;`, decimal comma, UTF-8 BOM)."""
    with CSV.open(encoding="utf-8-sig", newline="") as f:
        rows = csv.DictReader(f, delimiter=";")
        return [float(r[name].replace(",", ".")) for r in rows if r[name].strip()]


def datasets():
    rng = np.random.default_rng(20240601)
    lognormal = np.round(rng.lognormal(mean=2.0, sigma=0.75, size=1000), 4)
    rng = np.random.default_rng(7)
    negative = np.round(rng.normal(loc=-1.5, scale=4.0, size=150), 3)
    rng = np.random.default_rng(11)
    core = np.round(rng.normal(loc=50.0, scale=5.0, size=60), 2)
    box = np.concatenate([core, [3.5, 12.0, 15.25, 88.0, 91.5, 140.0]])
    return {
        "sgb2_quote": (
            "Column sgb2_quote of sample-data/indikatoren_2024.csv (SGB-II rate, %)",
            csv_column("sgb2_quote"),
        ),
        "einwohner": (
            "Column einwohner of sample-data/indikatoren_2024.csv (inhabitants)",
            csv_column("einwohner"),
        ),
        "lognormal_1000": (
            "numpy default_rng(20240601).lognormal(2.0, 0.75, 1000), rounded to 4 decimals",
            lognormal.tolist(),
        ),
        "ties": ("Small data set with ties", [1.0, 1, 1, 2, 2, 3, 5, 8, 13, 21]),
        "box_outliers": (
            "default_rng(11).normal(50, 5, 60) rounded to 2 decimals plus outliers on both sides",
            box.tolist(),
        ),
        "negative": (
            "default_rng(7).normal(-1.5, 4.0, 150), rounded to 3 decimals (mostly negative)",
            negative.tolist(),
        ),
        "integers_0_100": ("The integers 0..=100 (breaks fall on data values)", list(range(0, 101))),
        "few_distinct": ("Four distinct values with ties", [2.0, 2, 4, 4, 4, 6, 8, 8]),
        "all_equal": ("Seven equal values", [4.2] * 7),
        "single": ("A single value", [7.5]),
    }


# Manual (UserDefined) breaks per data set: some below the maximum (mapclassify appends max),
# some reaching or covering it, some with a break below the minimum or on a tied value.
MANUAL = {
    "sgb2_quote": [[5, 10, 15, 20], [10, 20, 35], [8.5, 12.6, 31.7]],
    "einwohner": [[2000, 4000, 6000, 8000], [5000, 12000]],
    "lognormal_1000": [[5, 10, 20], [2, 4, 8, 16, 32, 1000]],
    "ties": [[1, 2, 5], [2, 21], [0, 3, 30]],
    "box_outliers": [[40, 50, 60]],
    "negative": [[-5, 0, 5], [-20, -10, 0, 10, 20]],
    "integers_0_100": [[25, 50, 75], [20, 40, 60, 80, 100]],
    "few_distinct": [[3, 5]],
    "all_equal": [[4.2], [1, 5]],
    "single": [[7.5], [1, 10]],
}


def run(cls, y, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            mc = cls(y, **kw)
        except Exception as e:  # noqa: BLE001 - the error is part of the reference
            return {"error": f"{type(e).__name__}: {e}"}
    bins = [float(b) for b in np.asarray(mc.bins)]
    if any(math.isnan(b) for b in bins):
        return {"error": "mapclassify yields NaN bins (sample standard deviation of one value)"}
    return {"bins": bins, "counts": [int(c) for c in mc.counts]}


def cases(data):
    out = []
    for name, (_, values) in data.items():
        y = np.asarray(values, dtype="f8")
        for k in KS:
            out.append({"dataset": name, "method": "quantile", "k": k} | run(mapclassify.Quantiles, y, k=k))
            out.append({"dataset": name, "method": "equal", "k": k} | run(mapclassify.EqualInterval, y, k=k))
            out.append({"dataset": name, "method": "jenks", "k": k} | run(mapclassify.FisherJenks, y, k=k))
        out.append({"dataset": name, "method": "sd"} | run(mapclassify.StdMean, y))
        out.append({"dataset": name, "method": "box"} | run(mapclassify.BoxPlot, y))
        out.append({"dataset": name, "method": "percentile"} | run(mapclassify.Percentiles, y))
        for breaks in MANUAL[name]:
            breaks = [float(b) for b in breaks]
            out.append(
                {"dataset": name, "method": "manual", "manual": breaks}
                | run(mapclassify.UserDefined, y, bins=breaks)
            )
        print(f"{name}: done", file=sys.stderr)
    return out


def main():
    data = datasets()
    all_cases = cases(data)
    # Hand-written layout: one line per case and per data set, so that diffs stay readable.
    lines = ["{"]
    lines.append(f' "generator": {json.dumps("tests/reference/mapclassify_reference.py")},')
    lines.append(f' "mapclassify_version": {json.dumps(mapclassify.__version__)},')
    lines.append(f' "numpy_version": {json.dumps(np.__version__)},')
    lines.append(f' "scipy_version": {json.dumps(scipy.__version__)},')
    lines.append(' "datasets": {')
    items = list(data.items())
    for i, (name, (desc, values)) in enumerate(items):
        entry = json.dumps({"description": desc, "values": [float(v) for v in values]})
        lines.append(f"  {json.dumps(name)}: {entry}{',' if i + 1 < len(items) else ''}")
    lines.append(" },")
    lines.append(' "cases": [')
    for i, case in enumerate(all_cases):
        lines.append(f"  {json.dumps(case)}{',' if i + 1 < len(all_cases) else ''}")
    lines.append(" ]")
    lines.append("}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(all_cases)} cases to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
