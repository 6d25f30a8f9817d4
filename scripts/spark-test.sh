#!/usr/bin/env bash
# The Spark job (examples/spark/dyad_spark.py) on a real standalone cluster on
# 127.0.0.1: a master and two workers, one of which is killed with SIGKILL
# (with everything it started: executor, Python workers, dyad) while the job
# runs. The output must hold exactly the events of single-process dyad runs
# on the same input (scripts/spark_check.py).
#
# Installs pyspark (pinned) into target/spark-venv with pip. Skips, with a
# note for scripts/skipped-tests.sh, only where Java is missing.
# Environment: DYAD_SPARK_ARTICLES (default 20000), DYAD_SPARK_BIN (a dyad
# binary to use instead of building target/release/dyad).
set -euo pipefail
cd "$(dirname "$0")/.."

PYSPARK_VERSION=3.5.9
n=${DYAD_SPARK_ARTICLES:-20000}
target=${CARGO_TARGET_DIR:-target}
work=$target/tmp/spark-test
skipped=$target/tmp/skipped
venv=$target/spark-venv
say() { echo "spark-test: $*" >&2; }
t0=$(date +%s)

if ! command -v java >/dev/null 2>&1; then
    say "skipped: no java on PATH (Spark needs a JDK or JRE 17: apt-get install openjdk-17-jre-headless)"
    mkdir -p "$skipped"
    echo "no java on PATH" >"$skipped/spark-test"
    exit 0
fi

if ! "$venv/bin/python" -c "import pyspark; assert pyspark.__version__ == '$PYSPARK_VERSION'" >/dev/null 2>&1; then
    say "installing pyspark==$PYSPARK_VERSION into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "pyspark==$PYSPARK_VERSION" >&2
fi
py=$PWD/$venv/bin/python
spark_class=$PWD/$venv/bin/spark-class

if [ -n "${DYAD_SPARK_BIN:-}" ]; then
    dyad=$(realpath "$DYAD_SPARK_BIN")
else
    say "building target/release/dyad"
    cargo build --release -q -p dyad-cli
    dyad=$PWD/$target/release/dyad
fi

rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")

# Every process started here leads a session of its own (setsid), so it and
# all it starts (PySpark's daemon moves its workers to a process group of
# their own, but not out of the session) can be ended together, and only
# those.
sids=()
in_session() { # the processes of session $1
    ps -eo pid=,sid= | awk -v s="$1" '$2 == s { print $1 }'
}
kill_session() { # kill_session SIGNAL SID
    local p
    for p in $(in_session "$2"); do
        kill "-$1" "$p" 2>/dev/null || true
    done
}
cleanup() {
    local s
    for s in "${sids[@]}"; do
        kill_session TERM "$s"
    done
    sleep 1
    for s in "${sids[@]}"; do
        kill_session KILL "$s"
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() { # start LOG CMD...: runs CMD in its own session; sets $started
    local log=$1
    shift
    setsid "$@" >"$log" 2>&1 </dev/null &
    started=$!
    sids+=("$started")
    sleep 0.1
    local sid
    sid=$(ps -o sid= -p "$started" | tr -d ' ')
    if [ -n "$sid" ] && [ "$sid" != "$started" ]; then
        say "FAIL: $log: the process did not start as a session leader (sid $sid, pid $started)"
        exit 1
    fi
}

free_port() {
    "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

say "generating $n articles"
"$py" examples/spark/make_articles.py --n "$n" --out "$work/articles.jsonl"

export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=127.0.0.1
export PYSPARK_PYTHON=$py PYSPARK_DRIVER_PYTHON=$py
export SPARK_LOG_DIR=$work/logs SPARK_WORKER_DIR=$work/workers
mkdir -p "$SPARK_LOG_DIR" "$SPARK_WORKER_DIR"

port=$(free_port)
ui=$(free_port)
master=spark://127.0.0.1:$port
start "$work/master.log" "$spark_class" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$ui"
worker_sid=()
for i in 1 2; do
    start "$work/worker$i.log" "$spark_class" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --cores 1 --memory 1g --webui-port 0 \
        --work-dir "$SPARK_WORKER_DIR/$i" "$master"
    worker_sid+=("$started")
done

# The test is about distribution (partitions, a lost worker, copies counted
# once), not about the coder: every dyad run here skips the parse stage, which
# would triple the coding time and CI's share of it.
coder=(--no-parse)

say "single-process reference runs (while the cluster starts)"
t=$(date +%s)
"$dyad" code "${coder[@]}" --format jsonl "$work/articles.jsonl" >"$work/code.jsonl" 2>"$work/code.log"
code_secs=$(($(date +%s) - t))
"$dyad" ingest "${coder[@]}" --db "$work/ref.db" "$work/articles.jsonl" 2>"$work/ingest.log"
"$dyad" export --db "$work/ref.db" --format parquet --partition month --out "$work/ref" 2>"$work/export.log"

alive_workers() {
    "$py" - "$ui" <<'EOF' 2>/dev/null || echo 0
import json, sys, urllib.request
s = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/json/", timeout=2))
print(sum(1 for w in s.get("workers", []) if w.get("state") == "ALIVE"))
EOF
}
for _ in $(seq 1 120); do
    [ "$(alive_workers)" = 2 ] && break
    sleep 1
done
if [ "$(alive_workers)" != 2 ]; then
    say "FAIL: the master did not see two workers within 120 s"
    tail -5 "$work/master.log" "$work/worker1.log" "$work/worker2.log" >&2
    exit 1
fi
say "cluster up: master $master, 2 workers of 1 core ($(($(date +%s) - t0)) s so far)"

t=$(date +%s)
start "$work/job.log" "$venv/bin/spark-submit" --master "$master" \
    --conf spark.executor.memory=768m --conf spark.driver.memory=768m \
    --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
    --conf "spark.pyspark.python=$py" --conf "spark.pyspark.driver.python=$py" \
    --files "$dyad" \
    examples/spark/dyad_spark.py --input "$work/articles.jsonl" --output "$work/out" \
    --articles-output "$work/articles-out" --partitions 8 --dyad-arg=--no-parse
job=$started

# Kill worker 1 and everything under it once one of its dyad processes is
# coding: the loss of a machine in the middle of the job.
victim=${worker_sid[0]}
killed=""
while kill -0 "$job" 2>/dev/null; do
    if ps -eo sid=,comm= | awk -v s="$victim" '$1 == s && $2 == "dyad"' | grep -q .; then
        sleep 1
        procs=$(in_session "$victim" | wc -l)
        kill -KILL "$victim"
        kill_session KILL "$victim"
        wait "$victim" 2>/dev/null || true
        killed=$(($(date +%s) - t))
        say "killed worker 1 and the $((procs - 1)) processes it started (executor, Python, dyad) with SIGKILL ${killed} s into the job"
        break
    fi
    sleep 0.2
done
status=0
wait "$job" || status=$?
job_secs=$(($(date +%s) - t))
if [ "$status" != 0 ]; then
    say "FAIL: the Spark job exited with status $status"
    grep -a -v " INFO " "$work/job.log" | tail -30 >&2
    exit 1
fi
if [ -z "$killed" ]; then
    say "FAIL: the job ended before a dyad process ran on worker 1, so no worker was killed mid-job"
    exit 1
fi
if ! grep -a -q -E "Lost executor|ExecutorLostFailure|Executor lost" "$work/job.log"; then
    say "FAIL: the driver log does not show the killed worker's executor as lost"
    exit 1
fi
rerun=$(grep -a -c -E "its executor exited|ExecutorLostFailure" "$work/job.log" || true)
if [ "$rerun" = 0 ]; then
    say "FAIL: no task was lost with the killed worker (the driver log shows none re-run)"
    exit 1
fi
say "the driver lost the killed worker's executor and ran its $rerun lost task(s) again elsewhere"
grep -a -h "^dyad_spark:" "$work/job.log" >&2 || true

# A slice of the output into a store, as docs/scale.md tells users to.
slice="source_country = 'JPN' AND target_country = 'RUS'"
"$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
    --conf spark.ui.showConsoleProgress=false examples/spark/slice.py \
    --events "$work/out" --articles "$work/articles-out" --input "$work/articles.jsonl" \
    --where "$slice" --out "$work/slice.jsonl" >"$work/slice.log" 2>&1
grep -a "^dyad slice:" "$work/slice.log" >&2
"$dyad" ingest "${coder[@]}" --db "$work/slice.db" "$work/slice.jsonl" 2>>"$work/slice.log"
"$dyad" export --db "$work/slice.db" --format parquet --partition month --out "$work/slice-ref" \
    2>>"$work/slice.log"

"$py" scripts/spark_check.py --spark "$work/out" --export "$work/ref" \
    --code "$work/code.jsonl" --db "$work/ref.db" --articles "$work/articles-out" \
    --slice-export "$work/slice-ref" --slice-where "$slice" 2> >(grep -v -E "WARN|^Setting default log level|setLogLevel" >&2)
say "passed in $(($(date +%s) - t0)) s: the job took ${job_secs} s on 2 one-core workers with one killed" \
    "(${killed} s in); single-process dyad code took ${code_secs} s for the same $n articles"
