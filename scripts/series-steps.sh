#!/bin/bash
# Build the series one step at a time, each patch over the ones before
# it, in the debug configuration (Kconfig drops what a step does not know
# yet, DOVETAIL before 0018): every step must build. The steps share one
# source tree and one object directory, so a step rebuilds what its patch
# touches only (most of the kernel when that is a common header).
# usage: series-steps.sh [N ...]   build after patch N only (the number
#        in its file name; default: after every patch).
# Ends with 'N passed, N failed'; a failed step stops the run.
set -euo pipefail
STEP=steps
. "$(dirname "$0")/lib.sh"

src=$BUILD/src/linux-steps
obj=$(objdir steps)
fragments="base debugging pipeline pipeline-debugging dev"
want=" $* "
passed=0
failed=0

[ -f "$SOURCE_TARBALL" ] || die "$SOURCE_TARBALL missing (package linux-source-6.12)"
if [ ! -f "$src/Makefile" ]; then
	say "extracting $(basename "$SOURCE_TARBALL") to $src"
	rm -rf "$src" "$BUILD/src/linux-source-6.12"
	mkdir -p "$BUILD/src"
	tar -C "$BUILD/src" -xf "$SOURCE_TARBALL"
	mv "$BUILD/src/linux-source-6.12" "$src"
fi
# Back to the pristine tree; what quilt restores gets its old time
# stamp, so touch it for make.
if [ -s "$src/.pc/applied-patches" ]; then
	touched=$(cd "$src/.pc" && find . -mindepth 2 -type f ! -name '.*' | cut -d/ -f3- | sort -u)
	(cd "$src" && logged "$LOGS/steps-pop.log" quilt pop -af)
	for f in $touched; do
		[ -e "$src/$f" ] && touch "$src/$f"
	done
fi

mkdir -p "$obj"
for f in $fragments; do
	cat "$TOP/scripts/kconfig/$f.config"
done >"$obj/fragments.config"
echo 'CONFIG_LOCALVERSION="-evl-steps"' >>"$obj/fragments.config"

for p in $(series_patches); do
	(cd "$src" && logged "$LOGS/steps-push.log" quilt push --fuzz=0 "$p")
	n=${p%%-*}
	[ "$want" = "  " ] || [[ "$want" == *" $n "* ]] || [[ "$want" == *" $((10#$n)) "* ]] || continue
	say "building after $p"
	if make -C "$src" O="$obj" KCONFIG_ALLCONFIG="$obj/fragments.config" \
		allnoconfig >"$LOGS/steps-$n.log" 2>&1 &&
		make -C "$src" O="$obj" CC="ccache gcc" -j"$JOBS" bzImage modules \
			>>"$LOGS/steps-$n.log" 2>&1; then
		report PASS "step-$n"
		passed=$((passed + 1))
	else
		grep -E 'error|Error' "$LOGS/steps-$n.log" | head -20
		report FAIL "step-$n" "log: $LOGS/steps-$n.log"
		failed=$((failed + 1))
		break
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
