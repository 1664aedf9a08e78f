#!/bin/bash
# Installable Debian packages (linux-image, linux-headers) of the patched
# kernel, from one configuration: build/deb-CONFIG/*.deb.
# usage: CONFIG=NAME kernel-deb.sh    CONFIG: debug (default: the small test
#        config, what CI installs) or debian (Debian's own config + the
#        pipeline: a full distribution kernel, long on 2 cores)
# The kernel release carries -evl-CONFIG, so the packages install beside
# Debian's kernels.
set -euo pipefail
STEP=kernel-deb
. "$(dirname "$0")/lib.sh"

config=$CONFIG
obj=$(objdir "$config")
out=$BUILD/deb-$config
start=$SECONDS

"$TOP/scripts/kernel.sh"
release=$(make -s -C "$SRC" O="$obj" kernelrelease)
version=$(make -s -C "$SRC" O="$obj" kernelversion)

# dpkg-buildpackage leaves its products next to the object directory.
# Its build-dependency check is skipped (-d): the kernel's build needs
# are ours already, and debhelper (debian/rules uses it) comes with deps.sh.
rm -f "$BUILD"/linux-*_*.deb "$BUILD"/linux-upstream_*
say "packaging $release (log: $LOGS/kernel-deb-$config.log)"
logged_progress "$LOGS/kernel-deb-$config.log" make -C "$SRC" O="$obj" \
	CC="ccache gcc" -j"$JOBS" KDEB_PKGVERSION="$version-evl1" \
	DPKG_FLAGS=-d bindeb-pkg
rm -rf "$out"
mkdir -p "$out"
mv "$BUILD"/linux-*_*.deb "$out/"
rm -f "$BUILD"/linux-upstream_*
for deb in "$out"/*.deb; do
	say "$(basename "$deb") ($(du -h "$deb" | cut -f1))"
done
say "$release packaged in $((SECONDS - start)) s: $out"
