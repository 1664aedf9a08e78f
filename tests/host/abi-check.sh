#!/bin/bash
# Host check of the EVL ABI 36 UAPI headers in include/uapi:
# - each header compiles on its own, as C (libevl's warning flags) and
#   as C++ (libevl builds C++ compile tests over them);
# - asm-generic/dovetail.h is the very file the patch series adds to
#   the kernel, so that user space and the kernel agree on it;
# - abi-check.c finds the struct sizes and ioctl numbers of the ABI
#   brief, and prints its summary as the last line.
# No kernel tree needed. Exit status 0 when everything holds.
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
UAPI=$TOP/include/uapi
CC=${CC:-gcc}
CXX=${CXX:-g++}
CFLAGS_CHECK=(-std=gnu11 -Wall -Wextra -Werror -Wstrict-prototypes
	-Wmissing-prototypes -Wshadow=local -D_GNU_SOURCE)
CXXFLAGS_CHECK=(-std=gnu++17 -Wall -Wextra -Werror -Wshadow=local -D_GNU_SOURCE)
failed=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

headers=$(cd "$UAPI" && find . -name '*.h' | sed 's|^\./||' | sort)
if [ -z "$headers" ]; then
	echo "abi-check: no header under $UAPI"
	exit 1
fi

for h in $headers; do
	if ! "$CC" "${CFLAGS_CHECK[@]}" -fsyntax-only -I "$UAPI" \
			-include "$h" -x c /dev/null 2>"$tmp/err"; then
		echo "abi-check: $h does not compile on its own (C)"
		head -n 5 "$tmp/err"
		failed=1
	fi
	if command -v "$CXX" >/dev/null &&
	   ! "$CXX" "${CXXFLAGS_CHECK[@]}" -fsyntax-only -I "$UAPI" \
			-include "$h" -x c++ /dev/null 2>"$tmp/err"; then
		echo "abi-check: $h does not compile on its own (C++)"
		head -n 5 "$tmp/err"
		failed=1
	fi
done

# The new-file hunk of the series patch adding the kernel's copy, if any.
dovetail_h=include/uapi/asm-generic/dovetail.h
series=$TOP/dovetail-patches/series
for p in $([ -f "$series" ] && sed -e 's/#.*//' "$series" | awk 'NF { print $1 }'); do
	p=$TOP/dovetail-patches/$p
	[ -f "$p" ] || continue
	grep -q "^+++ b/$dovetail_h" "$p" || continue
	awk -v f="+++ b/$dovetail_h" '
		$0 == f || index($0, f "\t") == 1 { on = 1; next }
		on && /^@@ / { next }
		on && /^\+/ { print substr($0, 2); next }
		on { exit }' "$p" >"$tmp/dovetail.h"
	if ! diff -u "$tmp/dovetail.h" "$TOP/$dovetail_h" >"$tmp/diff"; then
		echo "abi-check: $dovetail_h differs from $(basename "$p")"
		head -n 20 "$tmp/diff"
		failed=1
	fi
done

if ! "$CC" -Wall -Wextra -Werror -I "$UAPI" -o "$tmp/abi-check" \
		"$TOP/tests/host/abi-check.c" 2>"$tmp/err"; then
	echo "abi-check: abi-check.c does not build"
	head -n 20 "$tmp/err"
	exit 1
fi
"$tmp/abi-check" || failed=1

exit $failed
