# Shared by bench/build.sh and bench/hugo.sh; source it, do not run it.
#
# Environment:
#   DATELINE_BENCH_DIR  where generated sites are cached (default $TMPDIR/dateline-bench)
#   DATELINE_BENCH_OUT  a tmpfs folder for the built sites (default /dev/shm)
#   DATELINE_BIN        a dateline binary to measure (default: built from this tree)

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${DATELINE_BENCH_DIR:-${TMPDIR:-/tmp}/dateline-bench}
outroot=${DATELINE_BENCH_OUT:-/dev/shm}
work=$(mktemp -d "$outroot/dateline-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# as_root runs a command as root, through sudo when need be, or fails
# saying what to run.
as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "need root to run: $*" >&2
		return 1
	fi
}

# apt_install installs Debian packages without recommends, updating the
# package lists only if the first try fails.
apt_install() {
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 ||
		{ as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } ||
		{ echo "could not install $*; install it with: sudo apt-get install -y --no-install-recommends $*" >&2; exit 1; }
}

# need_gnu_time makes sure /usr/bin/time is GNU time, which reports peak RSS.
need_gnu_time() {
	if ! /usr/bin/time -f '%M' true >/dev/null 2>&1; then
		echo "installing GNU time (Debian package time)" >&2
		apt_install time
	fi
}

# check_tmpfs warns when the output folder is on disk, which would measure
# the disk as much as the generator.
check_tmpfs() {
	if [ "$(stat -f -c %T "$outroot")" != tmpfs ]; then
		echo "warning: $outroot is not a tmpfs; set DATELINE_BENCH_OUT to one" >&2
	fi
}

# dateline_bin prints the path of the dateline binary, building it once.
dateline_bin() {
	if [ -n "${DATELINE_BIN:-}" ]; then
		echo "$DATELINE_BIN"
		return
	fi
	if [ ! -x "$work/dateline" ]; then
		(cd "$repo" && go build -o "$work/dateline" ./cmd/dateline)
	fi
	echo "$work/dateline"
}

# generator_stamp PACKAGE changes whenever sitegen or the generator command
# in PACKAGE does, so that a cached site is never one an older generator wrote.
generator_stamp() {
	cat "$repo"/bench/sitegen/*.go "$repo/$1"/*.go | sha256sum | cut -c1-10
}

# cached_site NAME PACKAGE ARGS... prints the folder of the site NAME,
# running "go run PACKAGE ARGS -out DIR" to write it unless the cache holds
# it. A site is written under a temporary name and renamed, so that an
# interrupted run leaves nothing that looks finished; copies of NAME from
# older generators are removed, as the large ones take gigabytes.
cached_site() {
	name=$1
	pkg=$2
	shift 2
	dir=$cache/$name-$(generator_stamp "$pkg")
	if [ ! -d "$dir" ]; then
		mkdir -p "$cache"
		for old in "$cache/$name"-*; do
			case $old in
			"$cache/$name"-*-*) ;; # another site whose name extends this one
			*) rm -rf "$old" ;;
			esac
		done
		echo "generating $name into $dir" >&2
		(cd "$repo" && go run "$pkg" "$@" -out "$dir.tmp") >&2
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}

# warm reads every file of a folder, so that the first timed run does not
# pay for reading it from disk.
warm() {
	find "$1" -type f -exec cat {} + >/dev/null
}

# measure LABEL COMMAND... runs COMMAND into a fresh $work/out, appending
# "LABEL wall_seconds peak_rss_kib" to $work/runs. The command's output is
# kept in $work/last.log.
measure() {
	label=$1
	shift
	rm -rf "$work/out"
	if ! /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/last.log" 2>&1; then
		cat "$work/last.log" >&2
		echo "failed: $*" >&2
		exit 1
	fi
	echo "$label $(tail -n 1 "$work/time")" >>"$work/runs"
	echo "  $label: $(tail -n 1 "$work/time" | awk '{ printf "%.2f s, %.0f MiB", $1, $2 / 1024 }')" >&2
}

# medians prints "LABEL runs median_wall_s median_rss_mib" for each label
# in $work/runs, in the order they first appear.
medians() {
	awk '
	{ if (!($1 in n)) order[++k] = $1; n[$1]++; wall[$1, n[$1]] = $2; rss[$1, n[$1]] = $3 }
	function median(a, l, m,   i, j, t, v) {
		for (i = 1; i <= m; i++) v[i] = a[l, i]
		for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
		return (m % 2) ? v[(m+1)/2] : (v[m/2] + v[m/2+1]) / 2
	}
	END { for (i = 1; i <= k; i++) { l = order[i]; printf "%s %d %.3f %.1f\n", l, n[l], median(wall, l, n[l]), median(rss, l, n[l]) / 1024 } }
	' "$work/runs"
}

# machine describes where the figures come from.
machine() {
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	rev=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(cd "$repo" && git status --porcelain 2>/dev/null | grep -v '^??' | head -n 1)" ]; then
		rev="$rev+changes"
	fi
	if [ -n "${DATELINE_BIN:-}" ]; then
		rev=$DATELINE_BIN
	fi
	echo "$(date -u +%Y-%m-%d), $cpu, $(nproc) CPUs, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(go version | cut -d' ' -f3), dateline $rev, load $(cut -d' ' -f1-3 /proc/loadavg)"
}
