#!/usr/bin/env python3
"""Reads a `dyad export --format parquet --partition month` dataset back with DuckDB.

Usage: parquet_check.py DIR EXPECTED_ROWS

Checks that the dates are DATE, the counts and offsets integers, goldstein a
DOUBLE, that year/month come from the folder names, and that a filter on them
prunes partitions: a copy of the dataset with every other partition's file
replaced by garbage still answers the filtered query on the first partition (so
those files were never opened; DuckDB takes the schema from the first file), while the unfiltered query over the same copy fails. Prints one JSON
line with what it found; exits 1 on any failed check.
"""
import json
import shutil
import sys
import tempfile
from pathlib import Path

import duckdb

EXPECTED = {
    "published": "DATE",
    "date": "DATE",
    "day": "DATE",
    "date_precision": "VARCHAR",
    "sentence_index": "BIGINT",
    "char_start": "BIGINT",
    "quad_class": "INTEGER",
    "num_articles": "INTEGER",
    "goldstein": "DOUBLE",
    "cameo": "VARCHAR",
}


def scan(root):
    return f"read_parquet('{root}/**/*.parquet', hive_partitioning = true)"


def main():
    root, expected_rows = Path(sys.argv[1]), int(sys.argv[2])
    con = duckdb.connect()
    failures = []
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {scan(root)}").fetchall()}
    for col, want in EXPECTED.items():
        if types.get(col) != want:
            failures.append(f"{col}: {types.get(col)} (want {want})")
    for col in ("year", "month"):
        if types.get(col) not in ("BIGINT", "INTEGER"):
            failures.append(f"partition column {col}: {types.get(col)} (want an integer)")
    rows = con.execute(f"SELECT COUNT(*) FROM {scan(root)}").fetchone()[0]
    if rows != expected_rows:
        failures.append(f"{rows} rows (want {expected_rows})")
    # Every row sits in the partition of its own day.
    wrong = con.execute(
        f"SELECT COUNT(*) FROM {scan(root)} WHERE day IS NOT NULL "
        "AND (year(day) <> year OR month(day) <> month)"
    ).fetchone()[0]
    if wrong:
        failures.append(f"{wrong} rows outside their day's partition")
    parts = con.execute(
        f"SELECT year, month, COUNT(*) AS n FROM {scan(root)} WHERE year IS NOT NULL "
        "GROUP BY ALL ORDER BY n DESC, year, month"
    ).fetchall()
    pruned = None
    if len(parts) < 2:
        failures.append(f"{len(parts)} dated partitions (the check needs two)")
    else:
        # DuckDB reads the schema from the first file in path order, so the
        # partition kept intact is the first one.
        first = sorted(str(f.relative_to(root)) for f in root.rglob("*.parquet"))[0]
        year, month = (int(p.split("=")[1]) for p in first.split("/")[:2])
        n = dict(((y, m), c) for y, m, c in parts)[(year, month)]
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "ds"
            shutil.copytree(root, copy)
            keep = copy / f"year={year}" / f"month={month}"
            broken = 0
            for f in copy.rglob("*.parquet"):
                if keep not in f.parents:
                    f.write_bytes(b"not a parquet file")
                    broken += 1
            try:
                got = con.execute(
                    f"SELECT COUNT(*) FROM {scan(copy)} WHERE year = ? AND month = ?", [year, month]
                ).fetchone()[0]
                if got != n:
                    failures.append(f"pruned query: {got} rows (want {n})")
            except duckdb.Error as e:
                failures.append(f"filter on year/month opened other partitions: {e}")
            try:
                con.execute(f"SELECT COUNT(*) FROM {scan(copy)}").fetchone()
                failures.append("the unfiltered query read garbage files without error")
            except duckdb.Error:
                pass
            pruned = {"year": year, "month": month, "rows": n, "other_files_skipped": broken}
    print(json.dumps({
        "rows": rows,
        "partitions": len(parts),
        "types": {k: types.get(k) for k in list(EXPECTED) + ["year", "month"]},
        "pruning": pruned,
        "failures": failures,
    }))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
