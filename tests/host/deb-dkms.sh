#!/bin/bash
# The way a user installs the core, on this machine: the patched kernel
# as Debian packages (make kernel-deb) installed with dpkg -i, then
# 'dkms add' + 'dkms install' of evl against the installed headers. The
# module DKMS installed is what the guest suite then loads with modprobe.
# Against Debian's stock linux-headers package, dkms must skip the core
# (exit 77) and install nothing, and its autoinstall must not fail.
# usage: CONFIG=NAME deb-dkms.sh KO_PATH_FILE
# Prints PASS/FAIL lines; writes the installed evl.ko's path to KO_PATH_FILE.
set -uo pipefail
STEP=deb-dkms
. "$(dirname "$0")/../../scripts/lib.sh"

config=$CONFIG ko_file=${1:-$BUILD/dkms-evl.ko}
version=$(sed -n 's/^#define EVL_CORE_VERSION "\(.*\)"/\1/p' "$TOP/module/version.h")
log=$LOGS/deb-dkms.log
rm -f "$ko_file"
: >"$log"

fail() { report FAIL "$1" "${2:-log: $log}"; exit 1; }
run() { echo "# $*" >>"$log"; "$@" >>"$log" 2>&1; }

# 1. Packages from the same tree the suite boots.
run "$TOP/scripts/kernel-deb.sh" || fail kernel-deb
debs=$BUILD/deb-$config
image=$(ls "$debs"/linux-image-*.deb 2>/dev/null | grep -v -- '-dbg_' | head -n 1)
headers=$(ls "$debs"/linux-headers-*.deb 2>/dev/null | head -n 1)
[ -n "$image" ] && [ -n "$headers" ] || fail kernel-deb "no linux-image/linux-headers in $debs"
release=$(dpkg-deb -f "$image" Package | sed 's/^linux-image-//')
report PASS kernel-deb "$(basename "$image"), $(basename "$headers")"

# 2. dpkg -i, as a user would (linux-libc-dev stays out: it would
# replace this machine's C library headers).
run dpkg -i "$image" "$headers" || fail "dpkg-install"
[ -d "/lib/modules/$release/build/include" ] ||
	fail dpkg-install "/lib/modules/$release/build missing after dpkg -i"
report PASS dpkg-install "$release"

# 3. DKMS from a clean registration, against the installed headers.
run dkms remove -m evl -v "$version" --all
rm -rf "/usr/src/evl-$version"
mkdir -p "/usr/src/evl-$version"
cp -r "$TOP/dkms.conf" "$TOP/module" "$TOP/include" "/usr/src/evl-$version/"
find "/usr/src/evl-$version/module" \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' \
	-o -name '.*.cmd' -o -name modules.order -o -name Module.symvers \) -delete
run dkms add -m evl -v "$version" || fail dkms-install "dkms add failed, log: $log"
run dkms install -m evl -v "$version" -k "$release" || fail dkms-install "dkms install failed, log: $log"
ko=$(find "/lib/modules/$release/updates/dkms" -name 'evl.ko*' 2>/dev/null | head -n 1)
[ -n "$ko" ] || fail dkms-install "no evl.ko under /lib/modules/$release/updates/dkms"
[ "$(modinfo -F version "$ko")" = "$version" ] || fail dkms-install "$ko: not version $version"
[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$release" ] ||
	fail dkms-install "$ko: built for $(modinfo -F vermagic "$ko"), not $release"
dkms status -m evl -v "$version" -k "$release" | grep -q installed ||
	fail dkms-install "dkms status does not say installed"
echo "$ko" >"$ko_file"
report PASS dkms-install "evl $version for $release: $ko"

# 4. Debian's stock headers for the same version: skipped cleanly.
upstream=$(dpkg-query -W -f='${Version}' linux-source-6.12 | sed 's/-.*//')
stock=$upstream+deb12-amd64
if ! dpkg-query -W -f='${Status}' "linux-headers-$stock" 2>/dev/null | grep -q 'ok installed'; then
	DEBIAN_FRONTEND=noninteractive run apt-get install -y --no-install-recommends \
		"linux-headers-$stock" || fail dkms-skip-stock "cannot install linux-headers-$stock"
fi
# Installing that kernel's packages ran dkms autoinstall, which must
# leave evl out without failing (Debian 12's dkms would otherwise fail
# the package); so must an autoinstall run by hand.
run dkms autoinstall --kernelver "$stock" ||
	fail dkms-skip-stock "dkms autoinstall for $stock failed (log: $log)"
run dkms install -m evl -v "$version" -k "$stock"
rc=$?
[ "$rc" -eq 77 ] || fail dkms-skip-stock "dkms install for $stock: exit $rc, 77 expected (log: $log)"
[ -z "$(find "/lib/modules/$stock" -name 'evl.ko*' 2>/dev/null)" ] ||
	fail dkms-skip-stock "an evl.ko was installed for $stock"
report PASS dkms-skip-stock "linux-headers-$stock: autoinstall skips evl, install exits 77, nothing installed"
