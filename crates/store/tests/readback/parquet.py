"""Read a Parquet file written by dyad with two independent readers and print what they see.

    python parquet.py FILE [--summary]

Prints one JSON object on stdout:
  {"pyarrow": {"num_rows", "num_row_groups", "compression", "schema": {column: type}, "rows"},
   "duckdb":  {"num_rows", "types": {column: type}, "rows"}}
Rows are lists of objects (dates as YYYY-MM-DD strings, lists as JSON arrays), in file order.
With --summary, no rows: instead per-reader aggregates (count, distinct ids, Goldstein sum)
for files too large to compare value by value.
Used by crates/store/tests/export.rs; run it by hand to see what Spark-like readers get.
"""
import datetime
import json
import sys

import duckdb
import pyarrow.parquet as pq


def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def main():
    path = sys.argv[1]
    summary = "--summary" in sys.argv[2:]
    f = pq.ParquetFile(path)
    meta = f.metadata
    table = f.read()
    compression = sorted(
        {meta.row_group(g).column(c).compression for g in range(meta.num_row_groups) for c in range(meta.num_columns)}
    )
    out = {
        "pyarrow": {
            "num_rows": table.num_rows,
            "num_row_groups": meta.num_row_groups,
            "row_group_rows": [meta.row_group(g).num_rows for g in range(meta.num_row_groups)],
            "compression": compression,
            "schema": {field.name: str(field.type) for field in table.schema},
        }
    }
    con = duckdb.connect()
    params = {"path": path}
    described = con.execute("DESCRIBE SELECT * FROM read_parquet($path)", params).fetchall()
    out["duckdb"] = {
        "types": {row[0]: row[1] for row in described},
        "num_rows": con.execute("SELECT count(*) FROM read_parquet($path)", params).fetchone()[0],
    }
    if summary:
        names = table.schema.names
        if "id" in names:
            ids = table.column("id").to_pylist()
            out["pyarrow"]["distinct_ids"] = len(set(ids))
            out["pyarrow"]["goldstein_sum"] = sum(table.column("goldstein").to_pylist())
            row = con.execute(
                "SELECT count(DISTINCT id), sum(goldstein) FROM read_parquet($path)", params
            ).fetchone()
            out["duckdb"]["distinct_ids"] = row[0]
            out["duckdb"]["goldstein_sum"] = row[1]
    else:
        out["pyarrow"]["rows"] = [{k: plain(v) for k, v in r.items()} for r in table.to_pylist()]
        cur = con.execute("SELECT * FROM read_parquet($path)", params)
        cols = [d[0] for d in cur.description]
        out["duckdb"]["rows"] = [{k: plain(v) for k, v in zip(cols, r)} for r in cur.fetchall()]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
