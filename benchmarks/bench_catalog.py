"""Catalog: loading 10, 100 and 1,000 generated modules of about 20 KB each.

Three ways are timed on the same files, in turn, several times (in this process, after one
untimed round that warms imports and the OS file cache):
- baseline: plain tomllib, `tomllib.load` of every file (the parse alone: no checks, no models);
- first load: what `mhcourse` does with an empty cache (content/cache.py cached_catalog, as
  site.settings.load_catalog calls it): load_module on every file (parse, validate, rules), then
  writing the cache;
- cached load: the same with the cache written by the first load, as at any later start.
The ratio is the median over the rounds of each round's time over that round's tomllib time
(the order within a round alternates). Generated files are dated an hour back (content/cache.py
does not cache a file changed in the last two seconds). Growth is the time per module at 1,000
modules over the time per module at 100: 1.0 is linear.
"""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from pathlib import Path

from common import Figure, Row, ms, ms_spread, timed, write_modules

SIZES = (10, 100, 1000)
ROUNDS = {10: 15, 100: 9, 1000: 7}
FIRST_BUDGET = 1.3
CACHED_BUDGET = 0.2
GROWTH_BUDGET = 1.5


def _parse_all(files: list[Path]) -> None:
    for path in files:
        with open(path, "rb") as f:
            tomllib.load(f)


def _load(folder: Path, cache_folder: Path, expect: int, keep: list) -> None:
    """What site.settings.load_catalog does, for one folder of modules; the catalog is kept in `keep`.

    (Kept, so that freeing it, which the course never does, is not timed.)
    """
    from mhcourse.content.cache import cached_catalog
    from mhcourse.content.catalog import Source

    catalog = cached_catalog([Source("bench", folder)], cache_folder)
    keep.append(catalog)
    if len(catalog.modules) != expect or catalog.notices:
        raise RuntimeError(f"expected {expect} modules without notices, "
                           f"got {len(catalog.modules)}: {catalog.notices[:3]}")


def _measure(tmp: Path, size: int) -> dict[str, Figure]:
    folder = tmp / f"modules-{size}"
    files = write_modules(folder, size)
    cache = tmp / f"cache-{size}"
    samples: dict[str, list[float]] = {"tomllib": [], "first": [], "cached": []}
    for round_ in range(ROUNDS[size] + 1):
        shutil.rmtree(cache, ignore_errors=True)
        if round_ % 2:  # alternate the order, so a drift of the machine's speed favours neither
            parse = timed(lambda: _parse_all(files))
        keep: list = []
        first = timed(lambda keep=keep: _load(folder, cache, size, keep))
        cached = timed(lambda keep=keep: _load(folder, cache, size, keep))
        keep.clear()
        if not round_ % 2:
            parse = timed(lambda: _parse_all(files))
        if round_:  # the first round only warms up
            samples["tomllib"].append(parse)
            samples["first"].append(first)
            samples["cached"].append(cached)
    figures = {k: Figure(v) for k, v in samples.items()}
    for kind in ("first", "cached"):  # each round's time over the same round's tomllib time
        figures[f"{kind}/tomllib"] = Figure([a / b for a, b in zip(samples[kind], samples["tomllib"], strict=True)])
    return figures


def run() -> list[Row]:
    rows: list[Row] = []
    figures: dict[int, dict[str, Figure]] = {}
    with tempfile.TemporaryDirectory(prefix="mhcourse-bench-catalog-") as name:
        for size in SIZES:
            figures[size] = f = _measure(Path(name), size)
            base = f["tomllib"].median
            loads = (("first", "first load", FIRST_BUDGET), ("cached", "cached load", CACHED_BUDGET))
            for kind, label, budget in loads:
                ratio = f[f"{kind}/tomllib"].median
                checked = size == max(SIZES)
                rows.append(Row(
                    f"Catalog, {size:,} modules: {label}", ms(f[kind].median), ms_spread(f[kind]),
                    f"{ms(base)} (tomllib)", f"{ratio:.2f}×",
                    f"≤ {budget}×" if checked else "", (ratio <= budget) if checked else None,
                ))
    small, large = SIZES[-2], SIZES[-1]
    for kind, label in (("first", "first load"), ("cached", "cached load")):
        growth = (figures[large][kind].median / large) / (figures[small][kind].median / small)
        rows.append(Row(
            f"Catalog growth {small:,} → {large:,} modules: {label}",
            f"{growth:.2f}× per module", "", "", f"{growth:.2f}×", f"≤ {GROWTH_BUDGET}× (linear = 1)",
            growth <= GROWTH_BUDGET,
        ))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
