#!/bin/sh
# Full builds by the dateline binary of generated sites of 10,000 events +
# 5,000 articles and 100,000 events + 50,000 articles, each built RUNS times
# from an empty output folder on a tmpfs. Prints the median wall time and
# peak RSS (GNU time) of each size against its target, and how the time per
# event grows from the smallest size to the largest.
#
#   bench/build.sh [--quick] [RUNS]    (default 3 runs; --quick: 10,000 events only)
#
# DATELINE_BENCH_SIZES="10000 100000" sets the sizes (events; articles are
# half as many). Sites are generated once and cached (bench/lib.sh), which
# for the larger size takes a minute; a quick run takes about half a minute.
set -eu
quick=0
if [ "${1:-}" = --quick ]; then
	quick=1
	shift
fi
runs=${1:-3}
case $runs in
'' | *[!0-9]* | 0)
	echo "usage: bench/build.sh [--quick] [RUNS]" >&2
	exit 2
	;;
esac
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

sizes=${DATELINE_BENCH_SIZES:-10000 100000}
if [ $quick = 1 ]; then
	sizes=${sizes%% *}
fi

need_gnu_time
check_tmpfs
bin=$(dateline_bin)
for n in $sizes; do
	site=$(cached_site "dateline-$n" ./bench/gen -events "$n")
	warm "$site"
	echo "$n events, $((n / 2)) articles: $runs runs" >&2
	for _ in $(seq "$runs"); do
		measure "$n" "$bin" build --source "$site" --dest "$work/out"
	done
	# The summary reads "built DIR: E events, A articles, T timelines → P pages, …";
	# A leaves out the drafts (one article in 50).
	awk '{ for (i = 2; i <= NF; i++) if ($i == "articles," || $i == "pages,") printf "%s ", $(i - 1) }' "$work/last.log" >"$work/counts.$n"
done

echo
echo "Full builds: $(machine)"
echo "dateline build, output on $outroot ($(stat -f -c %T "$outroot")), medians of $runs runs each"
echo
medians | while read -r n count wall rss; do
	# Targets from issue #6: 10k in 1.5 s and 300 MiB; 100k in 15 s and 1.5 GiB.
	case $n in
	10000) target="1.5 300" ;;
	100000) target="15 1536" ;;
	*) target="- -" ;;
	esac
	echo "$n $(cat "$work/counts.$n") $count $wall $rss $target"
done | awk '
BEGIN { printf "| %8s | %8s | %7s | %4s | %6s | %8s | %-32s |\n", "events", "articles", "pages", "runs", "wall s", "peak MiB", "target (wall, RSS)"
	print "|---------:|---------:|--------:|-----:|-------:|---------:|----------------------------------|" }
{
	verdict = "-"
	if ($7 != "-") verdict = sprintf("%s s %s, %s MiB %s", $7, ($5 < $7) ? "met" : "MISSED", $8, ($6 < $8) ? "met" : "MISSED")
	printf "| %8d | %8d | %7d | %4d | %6.2f | %8.0f | %-32s |\n", $1, $2, $3, $4, $5, $6, verdict
	if (NR == 1) { n1 = $1; w1 = $5 }
	nk = $1; wk = $5
}
END {
	if (NR > 1) printf "\nTime per event at %d ÷ at %d: %.2f (1.00 is linear; target: no more than 1.00)\n", nk, n1, (wk / nk) / (w1 / n1)
}'
