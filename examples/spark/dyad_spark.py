"""Code news articles into events on a Spark cluster with the dyad binary.

    spark-submit --master spark://HOST:7077 --files /path/to/dyad \\
        examples/spark/dyad_spark.py --input articles.jsonl --output events/

Input: JSONL (one article a line, the fields `dyad code` reads: id, published,
text or html, url, source, title) or Parquet with those columns. Each Spark
partition is streamed through one `dyad code --format jsonl --simhash -`
process; the binary is taken from the files shipped with `--files`, else from
`--dyad` (a path, or a name looked up on the executor's PATH).

Output: events as Parquet partitioned by year and month of the event's day
(`year=YYYY/month=M/`, events without a day under
`year=__HIVE_DEFAULT_PARTITION__`), the same columns and types as
`dyad export --format parquet --partition month`.

Syndicated copies are counted once across all partitions, by the rule of
`dyad ingest`: an article whose SimHash is within 3 bits of an earlier
original, or within 10 bits with 4-shingle sets at least 80 % alike, is a
copy of that original; it adds to the original's num_articles (and
num_sources when its source differs) and its own events are dropped. "Earlier" is by (publication date, article id), articles without a
publication date last; `dyad ingest` goes by input order, so the two agree
when the input is in publication order. docs/scale.md says what differs.
"""

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

# The near-duplicate rule of dyad ingest (crates/dyad-store/src/simhash.rs
# and ingest.rs): a copy is within MAX_DISTANCE bits of an original, or
# within CONFIRM_DISTANCE bits, sharing one of the BANDS 16-bit bands, with a
# Jaccard similarity of their 4-shingle sets of at least MIN_JACCARD (the
# MAX_JACCARD_CHECKS nearest such originals are checked).
MAX_DISTANCE = 3
CONFIRM_DISTANCE = 10
MIN_JACCARD = 0.8
MAX_JACCARD_CHECKS = 16
BANDS = 4


ARTICLE_SCHEMA = T.StructType(
    [
        T.StructField("record", T.StringType()),
        T.StructField("article", T.StringType()),
        T.StructField("published", T.StringType()),
        T.StructField("url", T.StringType()),
        T.StructField("source", T.StringType()),
        T.StructField("simhash", T.StringType()),
        T.StructField("shingles", T.StringType()),
        T.StructField("language", T.StringType()),
        T.StructField("coded", T.BooleanType()),
        T.StructField("events", T.LongType()),
    ]
)

S, L, I, D = T.StringType(), T.LongType(), T.IntegerType(), T.DoubleType()

# The event lines of `dyad code --format jsonl` (dyad_core::output::EventRecord).
EVENT_FIELDS = [
    ("article", S),
    ("published", S),
    ("sentence_index", L),
    ("sentence", S),
    ("char_start", L),
    ("char_end", L),
    ("source", S),
    ("source_country", S),
    ("source_text", S),
    ("target", S),
    ("target_country", S),
    ("target_text", S),
    ("cameo", S),
    ("root", S),
    ("plover_type", S),
    ("plover_mode", S),
    ("plover_context", S),
    ("quad_class", I),
    ("goldstein", D),
    ("date", S),
    ("date_precision", S),
    ("date_text", S),
    ("mode", S),
    ("mode_cue", S),
    ("rule", S),
    ("url", S),
    ("place_name", S),
    ("place_country", S),
    ("place_adm1", S),
    ("place_adm1_code", S),
    ("place_lat", D),
    ("place_lon", D),
    ("place_feature", S),
    ("place_geonameid", L),
    ("place_text", S),
    ("place_how", S),
]
EVENT_SCHEMA = T.StructType([T.StructField(n, t) for n, t in EVENT_FIELDS])

# The columns of `dyad export --format parquet`, in its order
# (dyad_core::schema::FIELDS, then STORED_FIELDS in crates/dyad-store/src/query.rs): the record's fields
# with dates as DATE (an event date on its first day), then the counts and
# the series day.
DATE_COLUMNS = {"published", "date"}
EXPORT_COLUMNS = [n for n, _ in EVENT_FIELDS] + ["num_articles", "num_sources", "day"]

INPUT_FIELDS = ["id", "published", "title", "text", "html", "url", "source"]


def log(msg):
    print(f"dyad_spark: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- executors


def resolve_binary(binary):
    """The dyad executable on this executor: shipped with --files, else the
    given path, else looked up on PATH."""
    name = os.path.basename(binary)
    try:
        shipped = SparkFiles.get(name)
    except Exception:  # no SparkContext files on this executor
        shipped = None
    for cand in [shipped, binary if os.path.isabs(binary) else None, shutil.which(binary)]:
        if cand and os.path.isfile(cand):
            if not os.access(cand, os.X_OK):
                try:
                    os.chmod(cand, 0o755)
                except OSError:
                    pass
            return cand
    raise FileNotFoundError(
        f"dyad binary {binary!r} not found on executor {os.uname().nodename}: ship it with "
        f"spark-submit --files /path/to/dyad, install it at the same absolute path on every "
        f"node, or put it on the executors' PATH (spark.executorEnv.PATH); PATH here is "
        f"{os.environ.get('PATH', '')!r}"
    )


def code_partition(lines, binary, extra_args, threads):
    """Streams one partition's JSONL articles through `dyad code` and yields
    its output lines (an article line, then that article's events)."""
    it = iter(lines)
    first = next(it, None)
    while first is not None and not first.strip():
        first = next(it, None)
    if first is None:
        return
    exe = resolve_binary(binary)
    # Spark starts Python workers with the executor's environment; a child
    # process gets it only when passed on explicitly, and dyad needs none of
    # it but a sane locale and HOME, so pass a copy with those set.
    env = dict(os.environ)
    env.setdefault("HOME", os.getcwd())
    env.setdefault("LANG", "C.UTF-8")
    # One thread per core of the task (spark.task.cpus), unless set: dyad
    # would otherwise start a thread per core of the node beside the other
    # tasks running there.
    env.setdefault("RAYON_NUM_THREADS", str(threads))
    cmd = [exe, "code", "--format", "jsonl", "--simhash", *extra_args, "-"]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    errors = []
    feed_error = []

    def feed():
        try:
            proc.stdin.write(first.encode("utf-8") + b"\n")
            for line in it:
                if line.strip():
                    proc.stdin.write(line.encode("utf-8") + b"\n")
            proc.stdin.close()
        except BrokenPipeError:
            pass  # dyad stopped early; its exit status says why
        except Exception as e:  # reading the partition failed: stop dyad, report it
            feed_error.append(e)
            proc.kill()

    def drain():
        for line in proc.stderr:
            errors.append(line.decode("utf-8", "replace").rstrip())
            del errors[:-40]

    pumps = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
    for t in pumps:
        t.start()
    try:
        for line in proc.stdout:
            yield line.decode("utf-8").rstrip("\n")
        rc = proc.wait()
        for t in pumps:
            t.join()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if feed_error:
        raise feed_error[0]
    for e in errors:
        print(f"[{os.uname().nodename}] {e}", file=sys.stderr)
    # 0: coded; 1: nothing in this partition could be coded (reported above).
    if rc not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited with status {rc}: " + " | ".join(errors[-5:]))


# ---------------------------------------------------------------- grouping


def distance_hex(a, b):
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def shares_band(a, b):
    return any(a[i : i + 4] == b[i : i + 4] for i in range(0, 16, 4))


def shingle_set(hexes):
    return {hexes[i : i + 16] for i in range(0, len(hexes or ""), 16)}


def jaccard(a, b):
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def leaders(members):
    """Grouping of one cluster as dyad ingest does it, in order: an article is
    a copy of the earliest original within MAX_DISTANCE bits; else of the
    earliest, among the MAX_JACCARD_CHECKS nearest originals within
    CONFIRM_DISTANCE bits that share a band, whose shingle sets are at least
    MIN_JACCARD alike; else an original. `members`: (order key, article,
    simhash, shingles) rows. Returns (article, original) pairs."""
    out = []
    originals = []  # (order, article, simhash, shingle set), in order
    for order, art, h, sh in sorted(members, key=lambda m: (m[0], m[1])):
        mine = shingle_set(sh)
        found = None
        unsure = []
        for o in originals:
            if not shares_band(h, o[2]):
                continue
            d = distance_hex(h, o[2])
            if d <= MAX_DISTANCE:
                found = o
                break
            if d <= CONFIRM_DISTANCE:
                unsure.append((d, o[0], o))
        if found is None:
            unsure.sort(key=lambda u: (u[0], u[1]))
            for _, _, o in sorted(unsure[:MAX_JACCARD_CHECKS], key=lambda u: u[1]):
                if jaccard(mine, o[3]) >= MIN_JACCARD:
                    found = o
                    break
        if found is None:
            originals.append((order, art, h, mine))
            out.append((art, art))
        else:
            out.append((art, found[1]))
    return out


def hash_halves(col):
    """The high and low 32 bits of a 16-hex-digit SimHash, as longs."""
    return (
        F.conv(F.substring(col, 1, 8), 16, 10).cast("long"),
        F.conv(F.substring(col, 9, 8), 16, 10).cast("long"),
    )


def near_pairs(hashes):
    """Pairs (a, b), a < b, of distinct SimHashes that share a 16-bit band and
    are within CONFIRM_DISTANCE bits: every pair the store's band index can
    make copies of (hashes within MAX_DISTANCE bits always share a band)."""
    hi, lo = hash_halves(F.col("h"))
    banded = hashes.select(
        "h",
        hi.alias("hi"),
        lo.alias("lo"),
        F.explode(
            F.array(
                *[
                    F.struct(F.lit(b).alias("band"), F.substring("h", 13 - 4 * b, 4).alias("value"))
                    for b in range(BANDS)
                ]
            )
        ).alias("bv"),
    ).select("h", "hi", "lo", "bv.band", "bv.value")
    a = banded.alias("a")
    b = banded.alias("b")
    dist = F.bit_count(F.col("a.hi").bitwiseXOR(F.col("b.hi"))) + F.bit_count(
        F.col("a.lo").bitwiseXOR(F.col("b.lo"))
    )
    return (
        a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.value") == F.col("b.value")))
        .where((F.col("a.h") < F.col("b.h")) & (dist <= CONFIRM_DISTANCE))
        .select(F.col("a.h").alias("a"), F.col("b.h").alias("b"))
        .distinct()
    )


def components(spark, pairs):
    """Connected components of the near-pair graph: (h, comp) for every hash
    in a pair, comp the smallest hash of its component. The pairs are few
    (only hashes with a near neighbour, a few tens of bytes each), so they
    are streamed to the driver and joined there with union-find: iterative
    joins on the cluster would grow the query plan with every round."""
    parent = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    n = 0
    for row in pairs.toLocalIterator():
        n += 1
        ra, rb = find(row.a), find(row.b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            parent[hi] = lo
            parent.setdefault(lo, lo)
    labels = [(h, find(h)) for h in parent]
    schema = T.StructType([T.StructField("h", S), T.StructField("comp", S)])
    return spark.createDataFrame(labels, schema), n


def group_copies(spark, articles):
    """(article, original) for every article, and the counts of each original."""
    order = F.concat(F.coalesce("published", F.lit("9999-99-99")), F.lit("\u0000"), "article")
    arts = articles.select("article", "simhash", "shingles", "source", order.alias("order")).cache()
    hashes = arts.where(F.col("simhash").isNotNull()).select(F.col("simhash").alias("h")).distinct()
    labels, n_pairs = components(spark, near_pairs(hashes))
    # An article's cluster: its hash's component, else its hash (copies with
    # the very same hash), else itself (no words, no hash: never a copy).
    clustered = arts.join(labels, arts.simhash == labels.h, "left").select(
        "article",
        "simhash",
        "shingles",
        "order",
        F.coalesce("comp", "simhash", F.concat(F.lit("id:"), "article")).alias("cluster"),
    )
    sizes = clustered.groupBy("cluster").agg(F.count(F.lit(1)).alias("n"))
    clustered = clustered.join(sizes, "cluster")
    single = clustered.where("n = 1").select("article", F.col("article").alias("original"))
    pair_type = T.ArrayType(
        T.StructType([T.StructField("article", S), T.StructField("original", S)])
    )
    greedy = F.udf(lambda ms: [{"article": a, "original": o} for a, o in leaders(ms)], pair_type)
    multi = (
        clustered.where("n > 1")
        .groupBy("cluster")
        .agg(F.collect_list(F.struct("order", "article", "simhash", "shingles")).alias("members"))
        .select(F.explode(greedy("members")).alias("p"))
        .select("p.article", "p.original")
    )
    assignment = single.unionByName(multi)
    counts = (
        assignment.join(arts.select("article", "source"), "article")
        .groupBy("original")
        .agg(
            F.count(F.lit(1)).cast("int").alias("num_articles"),
            F.countDistinct(F.coalesce("source", F.lit(""))).cast("int").alias("num_sources"),
        )
    )
    return counts, assignment, n_pairs


# ---------------------------------------------------------------- typing


def first_day(col):
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` as a DATE on its first day (as
    dyad_core::output::EventRecord::day does); NULL when it is none of them."""
    c = F.col(col) if isinstance(col, str) else col
    full = (
        F.when(F.length(c) == 4, F.concat(c, F.lit("-01-01")))
        .when(F.length(c) == 7, F.concat(c, F.lit("-01")))
        .when(F.length(c) == 10, c)
    )
    return F.to_date(full, "yyyy-MM-dd")


def typed_events(events, counts):
    e = events.join(counts, events.article == counts.original).drop("original")
    day = F.coalesce(first_day("date"), first_day("published"))
    cols = []
    for name in EXPORT_COLUMNS:
        if name in DATE_COLUMNS:
            cols.append(first_day(name).alias(name))
        elif name == "day":
            cols.append(day.alias("day"))
        else:
            cols.append(F.col(name))
    return e.select(*cols).withColumn("year", F.year("day")).withColumn("month", F.month("day"))


# ---------------------------------------------------------------- input


def read_articles(spark, path, fmt, partitions):
    """Input articles as JSONL strings, in `partitions` partitions."""
    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") or is_parquet_dir(path) else "jsonl"
    if fmt == "jsonl":
        # Lines are passed to dyad as they are: dyad parses and checks them.
        lines = spark.sparkContext.textFile(path, minPartitions=partitions)
    else:
        df = spark.read.parquet(path)
        cols = []
        for name in INPUT_FIELDS:
            if name not in df.columns:
                continue
            c = F.col(name)
            kind = df.schema[name].dataType
            if isinstance(kind, (T.DateType, T.TimestampType)):
                c = F.date_format(c, "yyyy-MM-dd")
            elif name == "id":
                c = c.cast("string")
            cols.append(c.alias(name))
        lines = df.select(*cols).toJSON()
    if lines.getNumPartitions() != partitions:
        lines = lines.repartition(partitions)
    return lines


def is_parquet_dir(path):
    if not os.path.isdir(path):
        return False
    for _, _, files in os.walk(path):
        if any(f.endswith(".parquet") for f in files):
            return True
    return False


# ---------------------------------------------------------------- main


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="JSONL file(s) or Parquet (file or folder); any Spark path")
    ap.add_argument("--output", required=True, help="folder for the partitioned Parquet events (replaced)")
    ap.add_argument("--articles-output", help="also write each article's original (itself for originals) here, as Parquet")
    ap.add_argument("--format", choices=["auto", "jsonl", "parquet"], default="auto")
    ap.add_argument("--dyad", default="dyad", help="binary name or path (default: shipped with --files, else on PATH)")
    ap.add_argument("--partitions", type=int, default=0, help="dyad processes (default: 2 per executor core)")
    ap.add_argument("--dyad-arg", action="append", default=[], help="extra argument for dyad code, e.g. --dyad-arg=--interstate")
    a = ap.parse_args(argv)

    spark = SparkSession.builder.appName("dyad").getOrCreate()
    sc = spark.sparkContext
    start = time.time()
    partitions = a.partitions or max(2, 2 * sc.defaultParallelism)
    if "spark.sql.shuffle.partitions" not in sc.getConf().toDebugString():
        # Spark's default of 200 is made for far larger shuffles than these.
        spark.conf.set("spark.sql.shuffle.partitions", partitions)
    lines = read_articles(spark, a.input, a.format, partitions)
    binary, extra = a.dyad, list(a.dyad_arg)
    threads = int(sc.getConf().get("spark.task.cpus", "1"))
    coded = lines.mapPartitions(lambda it: code_partition(it, binary, extra, threads))
    coded = coded.persist(StorageLevel.MEMORY_AND_DISK)
    # Run dyad once, before anything reads its output: the queries below
    # start several jobs at once, and each would otherwise code the input.
    n_lines = coded.count()
    coded_secs = time.time() - start

    # Article and event lines are told apart in the JVM: one schema holds
    # both (`source` is the outlet on article lines, the actor on events).
    union = T.StructType(
        EVENT_SCHEMA.fields + [f for f in ARTICLE_SCHEMA.fields if f.name not in EVENT_SCHEMA.fieldNames()]
    )
    parsed = spark.read.schema(union).json(coded).cache()
    articles = parsed.where(F.col("record") == "article").select(*ARTICLE_SCHEMA.fieldNames())
    events = parsed.where(F.col("record").isNull()).select(*EVENT_SCHEMA.fieldNames())

    counts, assignment, n_pairs = group_copies(spark, articles)
    counts = counts.cache()
    out = typed_events(events, counts)
    out.repartition("year", "month").write.mode("overwrite").partitionBy("year", "month").parquet(a.output)
    if a.articles_output:
        # Which article is a copy of which: to pick a slice's articles, copies
        # included, for `dyad ingest` (docs/scale.md).
        assignment.join(articles.select("article", "published", "url", "source", "simhash", "language"), "article").write.mode(
            "overwrite"
        ).parquet(a.articles_output)
    secs = time.time() - start

    n_articles = articles.count()
    n_originals = counts.count()
    n_events = spark.read.parquet(a.output).count()
    log(
        f"dyad coded the input into {n_lines} lines in {coded_secs:.1f} s; "
        f"{n_articles} articles ({n_articles - n_originals} syndicated copies of {n_originals} originals, "
        f"{n_pairs} pairs of near SimHashes), {n_events} events written to {a.output} in {secs:.1f} s "
        f"({n_articles / max(secs, 1e-9):.0f} articles/s)"
    )
    spark.stop()


if __name__ == "__main__":
    main()
