#!/bin/sh
# Dateline and Hugo side by side on the same generated events: Dateline's
# build of sitegen's site without articles against Hugo's build of the same
# events as written by bench/hugogen (a page per event with its Markdown, a
# page per tag, a home page of every event grouped by day). Both build RUNS
# times from an empty output folder on a tmpfs, alternating, with the order
# swapped every round; prints median wall time and peak RSS (GNU time) and
# the ratios against the targets of issue #6.
#
#   bench/hugo.sh [--large] [RUNS]    (default 3 runs each; --large adds 50,000 events)
#
# Installs Hugo (Debian package hugo, without recommends, so that no second
# Go toolchain lands on the PATH) when it is missing and root or sudo is at
# hand. DATELINE_BENCH_SIZES="10000 50000" sets the sizes. The 10,000-event
# comparison takes about a minute.
set -eu
large=0
if [ "${1:-}" = --large ]; then
	large=1
	shift
fi
runs=${1:-3}
case $runs in
'' | *[!0-9]* | 0)
	echo "usage: bench/hugo.sh [--large] [RUNS]" >&2
	exit 2
	;;
esac
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

sizes=${DATELINE_BENCH_SIZES:-10000}
if [ $large = 1 ]; then
	sizes="$sizes 50000"
fi

if ! command -v hugo >/dev/null 2>&1; then
	echo "installing Hugo (Debian package hugo)" >&2
	apt_install hugo
fi
need_gnu_time
check_tmpfs
bin=$(dateline_bin)

# pages counts the HTML files of the last build.
pages() { find "$work/out" -name '*.html' | wc -l; }

build_dateline() {
	measure "dateline-$1" "$bin" build --source "$2" --dest "$work/out"
	pages >"$work/pages.dateline-$1"
}

build_hugo() {
	measure "hugo-$1" hugo --source "$2" --destination "$work/out" --cacheDir "$work/hugo-cache" --noBuildLock --quiet
	pages >"$work/pages.hugo-$1"
}

for n in $sizes; do
	dsite=$(cached_site "dateline-$n-no-articles" ./bench/gen -events "$n" -articles 0)
	hsite=$(cached_site "hugo-$n" ./bench/hugogen -events "$n")
	warm "$dsite"
	warm "$hsite"
	echo "$n events: $runs runs each, alternating" >&2
	for r in $(seq "$runs"); do
		if [ $((r % 2)) = 1 ]; then
			build_dateline "$n" "$dsite"
			build_hugo "$n" "$hsite"
		else
			build_hugo "$n" "$hsite"
			build_dateline "$n" "$dsite"
		fi
	done
done

echo
echo "Side by side with Hugo: $(machine)"
echo "$(hugo version | cut -d' ' -f1-2); output on $outroot ($(stat -f -c %T "$outroot")), medians of $runs runs each"
echo
medians | while read -r label count wall rss; do
	echo "$label $(cat "$work/pages.$label") $count $wall $rss"
done | awk '
BEGIN { printf "| %6s | %-8s | %6s | %4s | %6s | %8s |\n", "events", "tool", "pages", "runs", "wall s", "peak MiB"
	print "|-------:|----------|-------:|-----:|-------:|---------:|" }
{
	split($1, p, "-"); tool = p[1]; n = p[2]
	printf "| %6d | %-8s | %6d | %4d | %6.2f | %8.0f |\n", n, tool, $2, $3, $4, $5
	wall[tool, n] = $4; rss[tool, n] = $5; if (!(n in seen)) { seen[n] = 1; sizes[++k] = n }
}
END {
	print ""
	for (i = 1; i <= k; i++) {
		n = sizes[i]
		if (wall["dateline", n] == 0 || rss["hugo", n] == 0) continue
		w = wall["hugo", n] / wall["dateline", n]; m = rss["dateline", n] / rss["hugo", n]
		printf "%d events: Hugo wall ÷ Dateline wall %.2fx (target at least 3x: %s); Dateline peak RSS ÷ Hugo %.2f (target under 0.50: %s)\n",
			n, w, (w >= 3) ? "met" : "MISSED", m, (m < 0.5) ? "met" : "MISSED"
	}
}'
