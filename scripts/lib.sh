# Shared settings and helpers for the build and test scripts (sourced).
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
LOGS=$BUILD/logs
SRC=$BUILD/src/linux
SOURCE_TARBALL=/usr/src/linux-source-6.12.tar.xz
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export KBUILD_BUILD_USER=evl KBUILD_BUILD_HOST=evl
export QUILT_PATCHES=$TOP/dovetail-patches
export QUILT_PC=.pc

mkdir -p "$LOGS"

# The kernel configuration a script works on (debug, nopipe, perf, stock,
# rt, debian): CONFIG in the environment, as make passes it, and nowhere
# else; this is its one default.
CONFIG=${CONFIG:-debug}
export CONFIG

say() { printf '[%s] %s\n' "${STEP:-evl}" "$*"; }
die() { printf '[%s] error: %s\n' "${STEP:-evl}" "$*" >&2; exit 1; }

# Object directory of a kernel configuration (debug, perf, ...).
objdir() { echo "$BUILD/obj-$1"; }

# Source tree of a configuration: stock and rt have no series applied.
srcdir() {
	case "$1" in
	stock | rt) echo "$BUILD/src/linux-stock" ;;
	*) echo "$SRC" ;;
	esac
}

# Patches named in the series, in order, without comments.
series_patches() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$QUILT_PATCHES/series" | awk '{print $1}'
}

# Run a command with its output sent to a log; show the tail on failure.
logged() {
	local log=$1; shift
	if ! "$@" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "'$*' failed (log: $log)"
	fi
}

# One test verdict, in the format the summaries count.
report() {
	local verdict=$1 name=$2; shift 2
	printf '%s: %s%s\n' "$verdict" "$name" "${*:+ ($*)}"
}

# Like logged, for long builds: one progress line a minute (objects
# compiled so far, from Kbuild's quiet output).
logged_progress() {
	local log=$1 pid start=$SECONDS rc=0 n=0; shift
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		[ $(((SECONDS - start) % 60)) -lt 5 ] || continue
		[ $((SECONDS - start)) -ge 60 ] || continue
		n=$(grep -c '^  CC ' "$log" || true)
		say "$(((SECONDS - start) / 60)) min: $n objects compiled (log: $log)"
	done
	wait "$pid" || rc=$?
	if [ $rc -ne 0 ]; then
		tail -n 40 "$log" >&2
		die "'$*' failed (log: $log)"
	fi
}
