"""Code JSONL news articles with dyad inside Apache Spark, and check the result.

Run by scripts/spark/run.sh (which makes the Python environment and picks Java); by hand:

    python code_events.py --dyad target/release/dyad --data data \
        --input articles.jsonl --work target/spark-run [--partitions 4] [--master local[2]]

Steps, each printed as one line; any mismatch exits non-zero with the reason:
1. Spark (local mode by default) reads the articles as text lines and pipes every partition
   through one streaming dyad process (`rdd.pipe`): JSONL articles in, JSONL events out. Spark
   does the parallelism, so each dyad runs with --threads 1.
2. The same articles through one plain `dyad code` process: the two must give the same
   multiset of event lines (the order is checked and reported too).
3. When `dyad code` can write Parquet (`--format parquet -o FILE`), it writes the events of
   the same articles to a Parquet file; Spark and DuckDB read it back and must both count as
   many events, with the same event ids, as the pipe gave.
"""

import argparse
import collections
import json
import os
import shlex
import subprocess
import sys


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--dyad", required=True, help="the dyad binary")
    p.add_argument("--data", required=True, help="dyad's data folder (models/, dict/, cameo/)")
    p.add_argument("--input", required=True, help="JSONL articles")
    p.add_argument("--work", required=True, help="folder for the outputs")
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--master", default="local[2]")
    return p.parse_args()


def fail(message):
    print(f"FAILED: {message}", flush=True)
    sys.exit(1)


def dyad_code(dyad, data, input_path, extra):
    """One plain dyad process over the whole input; returns its stdout lines."""
    with open(input_path, "rb") as stdin:
        run = subprocess.run(
            [dyad, "code", "--threads", "1", "--input-format", "jsonl", *extra, "-"],
            stdin=stdin,
            capture_output=True,
            env={**os.environ, "DYAD_DATA": data},
            check=False,
        )
    if run.returncode != 0:
        fail(f"dyad code {' '.join(extra)} exited {run.returncode}: {run.stderr.decode(errors='replace')[:2000]}")
    return run.stdout.decode("utf-8").splitlines()


def dyad_writes_parquet(dyad):
    """Whether this dyad build has `dyad code --format parquet` (it came after issue 8's start)."""
    run = subprocess.run([dyad, "code", "--help"], capture_output=True, check=False)
    return b"parquet" in run.stdout.lower()


def main():
    args = parse_args()
    dyad = os.path.abspath(args.dyad)
    data = os.path.abspath(args.data)
    os.makedirs(args.work, exist_ok=True)

    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(args.master)
        .appName("dyad-code")
        # Only this machine's loopback: no UI, driver bound to 127.0.0.1.
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext

    # 1. rdd.pipe: one streaming dyad per partition. On a cluster the binary and data/ are
    # shipped with --archives and the command names them relative to the task's folder
    # (README: "Spark, EMR, Dataproc"); here the local paths serve every task.
    articles = sc.textFile(os.path.abspath(args.input), minPartitions=args.partitions)
    n_articles = articles.count()
    command = " ".join(
        shlex.quote(a)
        for a in [dyad, "code", "--threads", "1", "--input-format", "jsonl",
                  "--format", "jsonl", "--error-format", "json", "-"]
    )
    piped = articles.pipe(command, env={"DYAD_DATA": data}, checkCode=True).collect()
    print(
        f"spark {sc.version} {args.master}: {n_articles} articles in "
        f"{articles.getNumPartitions()} partitions piped through dyad: {len(piped)} events",
        flush=True,
    )
    if not piped:
        fail("the Spark pipe gave no events")
    for line in piped:
        try:
            json.loads(line)
        except ValueError as e:
            fail(f"the pipe gave a line that is not JSON ({e}): {line[:200]}")

    # 2. The same articles through one process.
    single = dyad_code(dyad, data, args.input, ["--format", "jsonl"])
    if collections.Counter(piped) != collections.Counter(single):
        only_pipe = len(collections.Counter(piped) - collections.Counter(single))
        only_single = len(collections.Counter(single) - collections.Counter(piped))
        fail(
            f"Spark pipe and one process differ: {len(piped)} vs {len(single)} events, "
            f"{only_pipe} lines only in the pipe's output, {only_single} only in one process's"
        )
    order = "same order too" if piped == single else "order differs"
    print(f"one dyad process: {len(single)} events, the same multiset of event lines as the pipe ({order})", flush=True)

    # 3. Parquet written by dyad, read back by Spark and DuckDB.
    if not dyad_writes_parquet(dyad):
        print("parquet: skipped, this dyad has no `dyad code --format parquet` yet", flush=True)
        spark.stop()
        return
    parquet = os.path.abspath(os.path.join(args.work, "events.parquet"))
    if os.path.exists(parquet):
        os.remove(parquet)
    dyad_code(dyad, data, args.input, ["--format", "parquet", "-o", parquet])
    want_ids = collections.Counter(json.loads(line)["id"] for line in piped)

    frame = spark.read.parquet(parquet)
    spark_ids = collections.Counter(row["id"] for row in frame.select("id").collect())
    print(f"spark read {parquet}: {sum(spark_ids.values())} rows, columns {', '.join(frame.columns)}", flush=True)
    if spark_ids != want_ids:
        fail(f"Spark reads {sum(spark_ids.values())} rows from dyad's Parquet, the pipe gave {len(piped)} events (or other ids)")
    spark.stop()

    import duckdb

    con = duckdb.connect()
    rows = con.execute("SELECT id FROM read_parquet(?)", [parquet]).fetchall()
    duck_ids = collections.Counter(r[0] for r in rows)
    print(f"duckdb {duckdb.__version__} read it: {len(rows)} rows", flush=True)
    if duck_ids != want_ids:
        fail(f"DuckDB reads {len(rows)} rows from dyad's Parquet, the pipe gave {len(piped)} events (or other ids)")
    print(f"OK: {len(piped)} events, the same through Spark's pipe, one process, and dyad's Parquet read by Spark and DuckDB", flush=True)


if __name__ == "__main__":
    main()
