#!/bin/sh
# Save-to-reload latency of "dateline serve" (file written -> "reload" event
# received on the page's event stream), default configuration, for the
# example site, a generated 1,000-event site and the 10,000-event,
# 5,000-article site of the build benchmarks. Takes about two minutes.
#
#   bench/serve-latency.sh [ITERATIONS]   (default 150 saves per site)
set -eu
cd "$(dirname "$0")/.."
n=${1:-150}
out=$(go test -run '^$' -bench 'BenchmarkSaveToReload' -benchtime "${n}x" -count 1 ./internal/serve/)
echo "$out" | grep -E '^(goos|goarch|cpu):' || true
echo
echo "$out" | awk '
/^BenchmarkSaveToReload\// {
	name = $1; sub(/^BenchmarkSaveToReload\//, "", name); sub(/-[0-9]+$/, "", name)
	for (i = 3; i < NF; i++) {
		if ($(i+1) == "ms-median") med[name] = $i
		if ($(i+1) == "ms-p90") p90[name] = $i
		if ($(i+1) == "ns/op") mean[name] = $i / 1e6
	}
	order[++k] = name
}
/^(FAIL|panic|---)/ { print; bad = 1 }
END {
	printf "%-12s %10s %10s %10s %14s\n", "site", "median ms", "p90 ms", "mean ms", "median/example"
	for (j = 1; j <= k; j++) {
		s = order[j]
		ratio = (med["example"] > 0) ? sprintf("%.2fx", med[s] / med["example"]) : "-"
		printf "%-12s %10.1f %10.1f %10.1f %14s\n", s, med[s], p90[s], mean[s], ratio
	}
	if (bad) exit 1
}'
