"""Side-by-side: loading the same GeoJSON with Sozialatlas and with geopandas.read_file.

Not part of the build or the tests; geopandas is not a dependency. Run it by hand:

    python3 -m venv /tmp/gpenv && /tmp/gpenv/bin/pip install geopandas
    cargo build --release
    cargo run --release --example make_grid -- --cell 100 --count 100000 --out /tmp/grid_100k.geojson
    /tmp/gpenv/bin/python benches/geopandas_read.py /tmp/grid_100k.geojson

Sozialatlas is timed as the whole command `sozialatlas info FILE` (process start, parse,
checks, reprojection to the metric CRS, typing, R-tree and drawing mesh, the report),
geopandas as the `read_file` call alone inside an already running interpreter, so the
comparison favours geopandas. Prints the median of the runs and the ratio.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 7


def time_sozialatlas(binary: Path, path: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([str(binary), "info", path], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def time_geopandas(path: str) -> tuple[list[float], int]:
    import geopandas as gpd

    gpd.read_file(path)  # warm-up: imports, GDAL drivers, file cache
    times, rows = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        frame = gpd.read_file(path)
        times.append(time.perf_counter() - start)
        rows = len(frame)
    return times, rows


def main() -> None:
    path = sys.argv[1]
    repo = Path(__file__).resolve().parent.parent
    binary = repo / "target" / "release" / "sozialatlas"
    subprocess.run([str(binary), "info", path], check=True, stdout=subprocess.DEVNULL)  # warm-up
    ours = time_sozialatlas(binary, path)
    theirs, rows = time_geopandas(path)
    import geopandas
    import pyogrio

    m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
    print(f"file: {path} ({rows} features)")
    print(f"sozialatlas info (whole command): median {m_ours * 1000:.0f} ms  runs {[round(t * 1000) for t in ours]}")
    print(
        f"geopandas {geopandas.__version__} read_file (pyogrio {pyogrio.__version__}): "
        f"median {m_theirs * 1000:.0f} ms  runs {[round(t * 1000) for t in theirs]}"
    )
    print(f"ratio: Sozialatlas is {m_theirs / m_ours:.1f}x faster")


if __name__ == "__main__":
    main()
