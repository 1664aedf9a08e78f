#!/bin/bash
# dkms.conf, checked with dkms itself in private trees under build/dkms:
# 'dkms add' + 'dkms build' of evl against the debug kernel tree give
# evl.ko, and 'dkms build' against the nopipe tree (no CONFIG_DOVETAIL)
# is skipped with exit status 77. Needs both trees built (make test does).
set -uo pipefail
STEP=dkms
. "$(dirname "$0")/../../scripts/lib.sh"

version=$(sed -n 's/^#define EVL_CORE_VERSION "\(.*\)"/\1/p' "$TOP/module/version.h")
tree=$BUILD/dkms
rm -rf "$tree"
mkdir -p "$tree/dkms" "$tree/src/evl-$version" "$tree/install"
cp -r "$TOP/dkms.conf" "$TOP/module" "$TOP/include" "$tree/src/evl-$version/"
trees=(--dkmstree "$tree/dkms" --sourcetree "$tree/src" --installtree "$tree/install")
release() { make -s -C "$(srcdir "$1")" O="$(objdir "$1")" kernelrelease; }

dkms add "${trees[@]}" -m evl -v "$version" || { echo "dkms add failed"; exit 1; }

debug=$(release debug)
dkms build "${trees[@]}" -m evl -v "$version" -k "$debug" \
	--kernelsourcedir "$(objdir debug)" || { echo "dkms build for $debug failed"; exit 1; }
ko=$tree/dkms/evl/$version/$debug/x86_64/module/evl.ko
[ -f "$ko" ] || { echo "no $ko after dkms build"; exit 1; }
modinfo -F version "$ko" | grep -qx "$version" || { echo "$ko: wrong version"; exit 1; }

nopipe=$(release nopipe)
dkms build "${trees[@]}" -m evl -v "$version" -k "$nopipe" \
	--kernelsourcedir "$(objdir nopipe)"
rc=$?
[ $rc -eq 77 ] || { echo "dkms build for $nopipe (no CONFIG_DOVETAIL): exit $rc, 77 expected"; exit 1; }

echo "dkms: evl $version built for $debug, skipped for $nopipe"
