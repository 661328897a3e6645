"""Word count, the sample PySpark job of this EMR Serverless application.

Entry point arguments:

    wordcount.py INPUT_URI [OUTPUT_URI] [--top N]

INPUT_URI   text files to read (s3://bucket/prefix/ or a single object); the job role must be
            allowed to read it (the code bucket, or a data_read_access / data_write_access prefix).
OUTPUT_URI  optional: where to write all counts as Parquet; it must lie under a
            data_write_access prefix. Without it the job only prints the top words to the driver
            log (CloudWatch log group and S3 logs of the application).

Executor count, worker size, disk and Java 17 come from the application's spark-defaults, so the
job needs no --conf of its own.
"""

import argparse
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

APPLICATION = {{ app_name }}


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Count words in text files.")
    parser.add_argument("input", help="text files to read, e.g. s3://bucket/prefix/")
    parser.add_argument("output", nargs="?", default=None, help="optional Parquet output location")
    parser.add_argument("--top", type=int, default=20, help="how many of the most frequent words to print")
    return parser.parse_args(argv)


def count_words(lines):
    """Counts the words of a DataFrame with one text column named value, most frequent first."""
    words = lines.select(F.explode(F.split(F.lower(F.col("value")), r"[^\w']+")).alias("word"))
    words = words.where(F.length("word") > 0)
    return words.groupBy("word").count().orderBy(F.desc("count"), F.asc("word"))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    spark = SparkSession.builder.appName(APPLICATION + "-wordcount").getOrCreate()
    try:
        counts = count_words(spark.read.text(args.input)).cache()
        if args.output:
            counts.write.mode("overwrite").parquet(args.output)
        print("Distinct words: %d" % counts.count())
        counts.show(args.top, truncate=False)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
