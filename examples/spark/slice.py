"""Pick a slice of the Spark job's events and write its articles, syndicated
copies included, as JSONL for `dyad ingest`, in the order the job takes as
first-to-last (publication date, then id; undated last).

    spark-submit examples/spark/slice.py --events events/ --articles arts/ \\
        --input articles.jsonl --where "source_country = 'JPN' AND target_country = 'RUS'" \\
        --out slice.jsonl
    dyad ingest --db slice.db slice.jsonl && dyad serve --db slice.db

`--articles` is the job's --articles-output. dyad codes the same articles
into the same events, so the store then holds the slice's events with the
counts the job gave them (and the texts, sentences and search index the
dashboard needs, which the event Parquet does not carry). The slice is
collected on the driver: keep it to what a dashboard shows.
"""

import argparse
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", required=True, help="the job's --output")
    ap.add_argument("--articles", required=True, help="the job's --articles-output")
    ap.add_argument("--input", required=True, help="the job's --input (JSONL)")
    ap.add_argument("--where", required=True, help="a Spark SQL condition on the event columns")
    ap.add_argument("--out", required=True, help="JSONL file to write")
    a = ap.parse_args()
    spark = SparkSession.builder.appName("dyad-slice").getOrCreate()
    events = spark.read.parquet(a.events).where(a.where)
    originals = events.select(F.col("article").alias("original")).distinct()
    ids = spark.read.parquet(a.articles).join(originals, "original").select(F.col("article").alias("id"))
    rows = (
        spark.read.json(a.input)
        .join(ids, "id")
        .orderBy(F.coalesce("published", F.lit("9999-99-99")), "id")
        .toJSON()
        .collect()
    )
    with open(a.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(r + "\n")
    print(f"dyad slice: {len(rows)} articles for {events.count()} events written to {a.out}", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
