"""Parse plans with PySpark and keep ``document`` as a nested struct (not a string map).

    PYSPARK_PYTHON=.venv/bin/python spark-submit examples/spark_json.py plans/ out.parquet

PYSPARK_PYTHON must name a Python that has gwparse installed: the executors
run ``gwparse.parse``, not only the driver. Building a DataFrame from dicts
(``spark.createDataFrame(rows)``) infers each nested dict as
``map<string,string>``, so ``document.year`` becomes a string and
``units`` a list of maps. Serialising each record to JSON and reading that
with ``spark.read.json`` infers structs instead: ``document`` a struct with a
long ``year``, ``units`` an array of struct<name, role>.
"""
from __future__ import annotations

import sys
from pathlib import Path

import gwparse

SUFFIXES = {".txt", ".md", ".htm", ".html", ".xhtml", ".docx", ".xlsx", ".doc"}


def records_json(path: str) -> list[str]:
    try:
        return [r.model_dump_json() for r in gwparse.parse(path)]
    except gwparse.GwparseError:
        return []  # or log it: one bad document must not stop the job


def main(folder: str, output: str) -> None:
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("gwparse").getOrCreate()
    paths = sorted(str(p) for p in Path(folder).rglob("*") if p.suffix.lower() in SUFFIXES)
    lines = spark.sparkContext.parallelize(paths, numSlices=max(1, min(200, len(paths)))).flatMap(records_json)
    df = spark.read.json(lines)  # document: struct<date, doc_no, format, issuer, script, source, title, year>
    df.printSchema()
    df.write.mode("overwrite").parquet(output)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
