#!/usr/bin/env bash
# The full benchmark run (not part of the test command): builds this module and what it needs
# from the reactor without installing anything, then runs every benchmark against its baseline
# and writes the results table to benchmarks/target/benchmark-results.md. Arguments: the scale (full) and,
# optionally, the figures to run, e.g. `benchmarks/run.sh full startup`.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am -DskipTests test-compile
cd benchmarks
exec java -cp "target/test-classes:target/classes:$(cat target/classpath-benchmarks.txt)" \
  io.github.entraauth.benchmarks.BenchmarkSuite "${@:-full}"
