"""Checks the Spark job's output against single-process dyad runs.

    python scripts/spark_check.py --spark OUT --export REF --code CODE.jsonl --db REF.db

1. OUT (examples/spark/dyad_spark.py) and REF (`dyad ingest` of the same
   input, then `dyad export --format parquet --partition month`) hold the
   same multiset of rows over every column, counts, day, year and month
   included, and the same column names and types.
2. OUT's events are exactly the events of `dyad code` (CODE.jsonl, one
   process) on the same input, less those of the articles that `dyad ingest`
   stored as syndicated copies (REF.db), as a multiset of all record fields.
3. With --articles: the job's copies are the store's, article for article.
4. With --slice-export: a store ingested from examples/spark/slice.py's
   articles holds exactly OUT's events of the slice, counts included.

Exits 1 with the first differences when either fails. Reads Parquet with
pyspark in local mode (the venv that ran the job).
"""

import argparse
import os
import sqlite3
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "spark"))
from dyad_spark import EVENT_SCHEMA, first_day  # noqa: E402


def same(name, a, b, label_a, label_b):
    """Whether two DataFrames hold the same multiset of rows; prints the
    first differences when not."""
    only_a = a.exceptAll(b)
    only_b = b.exceptAll(a)
    na, nb = only_a.count(), only_b.count()
    if na == 0 and nb == 0:
        return True
    print(f"spark-check: FAIL {name}: {na} rows only in {label_a}, {nb} only in {label_b}", file=sys.stderr)
    for r in only_a.limit(3).collect():
        print(f"  only in {label_a}: {r}", file=sys.stderr)
    for r in only_b.limit(3).collect():
        print(f"  only in {label_b}: {r}", file=sys.stderr)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spark", required=True)
    ap.add_argument("--export", required=True)
    ap.add_argument("--code", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--articles", help="the job's --articles-output: its copies must be the store's")
    ap.add_argument("--slice-export", help="export of a store made from examples/spark/slice.py's output")
    ap.add_argument("--slice-where", help="the slice's condition")
    a = ap.parse_args()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("dyad-spark-check")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    ref = spark.read.parquet(a.export).cache()
    out = spark.read.parquet(a.spark).cache()
    ok = True

    ref_types = [(f.name, f.dataType.simpleString()) for f in ref.schema.fields]
    out_types = [(f.name, f.dataType.simpleString()) for f in out.schema.fields]
    if ref_types != out_types:
        ok = False
        print(f"spark-check: FAIL columns differ:\n  export: {ref_types}\n  spark:  {out_types}", file=sys.stderr)
    columns = ref.columns
    ok &= same("rows against dyad ingest + export", out.select(*columns), ref, "spark", "export")

    # 2. Against `dyad code`, less the events of syndicated copies.
    con = sqlite3.connect(a.db)
    copy_ids = [(r[0],) for r in con.execute("SELECT id FROM articles WHERE duplicate_of IS NOT NULL")]
    con.close()
    copies = spark.createDataFrame(copy_ids or [("",)], "article string")
    record = [f.name for f in EVENT_SCHEMA.fields]
    code_all = spark.read.schema(EVENT_SCHEMA).json(a.code)
    code = code_all.join(F.broadcast(copies), "article", "left_anti").select(
        *[first_day(c).alias(c) if c in ("published", "date") else F.col(c) for c in record]
    )
    ok &= same("events against dyad code", out.select(*record), code, "spark", "dyad code")

    if a.articles:
        con = sqlite3.connect(a.db)
        stored = set(
            con.execute(
                "SELECT c.id, o.id FROM articles c JOIN articles o ON o.pk = c.duplicate_of"
            )
        )
        con.close()
        mapped = {
            (r.article, r.original)
            for r in spark.read.parquet(a.articles).where("article != original").select("article", "original").collect()
        }
        if mapped != stored:
            ok = False
            print(
                f"spark-check: FAIL copies differ: {len(mapped - stored)} only in Spark "
                f"(e.g. {sorted(mapped - stored)[:3]}), {len(stored - mapped)} only in the store "
                f"(e.g. {sorted(stored - mapped)[:3]})",
                file=sys.stderr,
            )

    if a.slice_export:
        sliced = out.where(a.slice_where)
        store = spark.read.parquet(a.slice_export).where(a.slice_where).select(*columns)
        ok &= same("the slice's events against a store made from it", sliced, store, "spark", "slice store")
        if sliced.count() == 0:
            ok = False
            print("spark-check: FAIL the slice holds no events", file=sys.stderr)

    n_out, n_ref, n_code, n_kept = out.count(), ref.count(), code_all.count(), code.count()
    multi = out.where("num_articles > 1").count()
    if n_out == 0:
        ok = False
        print("spark-check: FAIL the Spark output holds no events", file=sys.stderr)
    spark.stop()
    print(
        f"spark-check: {'ok' if ok else 'FAILED'}: {n_out} events from Spark, {n_ref} from dyad export; "
        f"dyad code wrote {n_code}, {n_code - n_kept} of them from the {len(copy_ids)} articles stored "
        f"as syndicated copies; {multi} events count more than one article",
        file=sys.stderr,
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
