#!/bin/bash
# Install the Debian packages the build and the tests need, if missing.
# usage: deps.sh [PACKAGE...]    more packages, e.g. for the benchmark
set -euo pipefail
STEP=deps
. "$(dirname "$0")/lib.sh"

packages=(
	linux-source-6.12 quilt ccache build-essential bc bison flex
	libelf-dev libssl-dev cpio kmod xz-utils python3 sparse gcc-multilib
	qemu-system-x86 busybox-static libkmod-dev dkms
	dpkg-dev debhelper rsync linux-config-6.12 "$@"
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" -eq 0 ] || die "need root to install: ${missing[*]}"
say "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
logged "$LOGS/apt-update.log" apt-get update
logged "$LOGS/apt-install.log" apt-get install -y --no-install-recommends "${missing[@]}"
