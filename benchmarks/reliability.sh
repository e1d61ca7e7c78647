#!/usr/bin/env bash
# The long-run reliability scenarios (not part of the test command): an Entra outage, a Kafka
# re-authentication soak, Redis ACL users deleted at token expiry, Livy under injected faults.
# Builds this module without installing anything, runs them against the local peers and rewrites
# the results table in benchmarks/README.md; exits non-zero if an invariant broke.
# Usage: benchmarks/reliability.sh [--soak 10m] [--sessions 20]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl benchmarks -am -DskipTests test-compile
cd benchmarks
exec java -cp "target/test-classes:target/classes:$(cat target/classpath-benchmarks.txt)" \
  io.github.entraauth.benchmarks.reliability.ReliabilitySuite "$@"
