#!/usr/bin/env bash
# The benchmark command: installs what is missing, builds the services and
# the benchmarks (BRIEFDESK_BENCH=ON), and runs bench/'s briefdesk_bench,
# which starts its own PostgreSQL, Redis and services on free loopback
# ports (as the integration tests do), measures every line against its
# baseline, prints a summary and writes the report to bench/results/.
# Takes about five minutes; arguments go to briefdesk_bench
# (e.g. --seconds 3, --only rest,published; see bench/README.md).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_packages
say "Configuring with the benchmarks"
cmake -S "$ROOT" -B "$BUILD_DIR" -DBRIEFDESK_BENCH=ON >/dev/null
build briefdesk_bench
say "Running the benchmarks"
"$BUILD_DIR/bench/briefdesk_bench" "$@"
