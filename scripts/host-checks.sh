#!/bin/bash
# Host-side checks: the series applies exactly, kernel style on the
# module and on each patch, and a W=1 + sparse build of the module.
# Prints one verdict line per check. Needs the debug tree (make kernel).
set -uo pipefail
STEP=host
. "$(dirname "$0")/lib.sh"

obj=$(objdir debug)
# ENOSYS: the core answers an unknown out-of-band call number with it,
# as the EVL ABI says, which is the meaning checkpatch allows it.
checkpatch=(perl "$SRC/scripts/checkpatch.pl" --strict --no-tree --quiet
	--show-types --ignore SPDX_LICENSE_TAG,ENOSYS)
failed=0

verdict() {
	report "$@"
	[ "$1" = FAIL ] && failed=1
	return 0
}

# The tree was patched with 'quilt push --fuzz=0': no hunk may need an
# offset either, so the series matches Debian's source exactly.
check_series() {
	local log=$LOGS/quilt-push.log n
	n=$(series_patches | wc -l)
	if [ ! -f "$log" ]; then
		verdict FAIL series-applies "no quilt log, run make kernel"
	elif grep -qE 'offset|fuzz|FAILED|rejects|does not apply' "$log"; then
		grep -E 'offset|fuzz|FAILED|rejects|does not apply' "$log" | head
		verdict FAIL series-applies "see $log"
	else
		verdict PASS series-applies "$n patches, exact"
	fi
}

check_style_sources() {
	local files out
	files=$(cd "$TOP" && find module include tests/modules -name '*.[ch]' ! -name '*.mod.c' 2>/dev/null | sort)
	out=$(cd "$TOP" && "${checkpatch[@]}" -f $files 2>&1)
	if [ -n "$out" ]; then
		echo "$out" | head -n 40
		verdict FAIL checkpatch-sources
	else
		verdict PASS checkpatch-sources "$(echo "$files" | wc -w) files"
	fi
}

# The UAPI headers (include/uapi) against the ABI 36 tables kept in
# tests/host; needs no kernel tree.
check_uapi_abi() {
	local log=$LOGS/abi-check.log
	if "$TOP/tests/host/abi-check.sh" >"$log" 2>&1; then
		verdict PASS abi-check "$(tail -n 1 "$log" | sed 's/^abi-check: //')"
	else
		head -n 40 "$log"
		verdict FAIL abi-check "log: $log"
	fi
}

# dkms.conf with dkms itself: built for the debug tree, skipped (exit
# 77) for the nopipe tree, which has no CONFIG_DOVETAIL.
check_dkms() {
	local log=$LOGS/dkms-check.log
	if [ ! -f "$(objdir debug)/.config" ] || [ ! -f "$(objdir nopipe)/.config" ]; then
		verdict SKIP dkms "needs the debug and nopipe trees built"
	elif "$TOP/tests/host/dkms-check.sh" >"$log" 2>&1; then
		verdict PASS dkms "$(tail -n 1 "$log" | sed 's/^dkms: //')"
	else
		tail -n 20 "$log"
		verdict FAIL dkms "log: $log"
	fi
}

# Debian's own configuration takes the pipeline once the options that
# conflict with it are off (make kernel-deb CONFIG=debian prints them).
check_debian_config() {
	local log=$LOGS/debian-config.log off=$BUILD/obj-debian/debian-options-off.txt
	if CONFIG=debian KERNEL_CONFIGURE_ONLY=1 "$TOP/scripts/kernel.sh" >"$log" 2>&1 &&
		grep -q '^CONFIG_DOVETAIL=y' "$BUILD/obj-debian/.config"; then
		verdict PASS debian-config "CONFIG_DOVETAIL=y over Debian's config, $(grep -c . "$off") of its options off: $off"
	else
		tail -n 20 "$log"
		verdict FAIL debian-config "log: $log"
	fi
}

check_style_patches() {
	local p out
	[ -n "$(series_patches)" ] || { verdict SKIP checkpatch-patches "series is empty"; return; }
	for p in $(series_patches); do
		out=$("${checkpatch[@]}" "$QUILT_PATCHES/$p" 2>&1)
		if [ -n "$out" ]; then
			echo "$out" | head -n 40
			verdict FAIL "checkpatch-$p"
		else
			verdict PASS "checkpatch-$p"
		fi
	done
}

# A scratch copy, so that the module/ build in use is left alone.
check_module_warnings() {
	local scratch=$BUILD/check log=$LOGS/module-w1-sparse.log
	rm -rf "$scratch"
	mkdir -p "$scratch"
	cp -r "$TOP/module" "$scratch/"
	[ -d "$TOP/include" ] && cp -r "$TOP/include" "$scratch/"
	make -C "$obj" M="$scratch/module" W=1 C=2 modules >"$log" 2>&1
	local rc=$?
	if [ $rc -ne 0 ] || grep -qE 'warning:|error:' "$log"; then
		grep -E 'warning:|error:' "$log" | head -n 40
		verdict FAIL module-w1-sparse "log: $log"
	else
		verdict PASS module-w1-sparse
	fi
}

# C files the series adds to the kernel, as object names.
series_new_objects() {
	local p
	for p in $(series_patches); do
		awk '/^\+\+\+ /{ file = substr($2, 3) }
		     /^@@ -0,0 /{ if (file ~ /\.c$/) print substr(file, 1, length(file) - 2) ".o" }' \
			"$QUILT_PATCHES/$p"
	done | sort -u
}

# The kernel code the series adds builds clean with W=1 and sparse too.
check_series_warnings() {
	local objs log=$LOGS/series-w1-sparse.log
	objs=$(series_new_objects)
	[ -n "$objs" ] || { verdict SKIP series-w1-sparse "the series adds no C file"; return; }
	make -C "$SRC" O="$obj" CC="ccache gcc" C=2 W=1 $objs >"$log" 2>&1
	local rc=$?
	if [ $rc -ne 0 ] || grep -qE 'warning:|error:' "$log"; then
		grep -E 'warning:|error:' "$log" | head -n 40
		verdict FAIL series-w1-sparse "log: $log"
	else
		verdict PASS series-w1-sparse "$(echo "$objs" | wc -w) files"
	fi
}

check_series
check_series_warnings
check_style_sources
check_uapi_abi
check_style_patches
check_module_warnings
check_dkms
check_debian_config
exit $failed
