#!/usr/bin/env bash
# Prepares a Debian kernel package for booting under QEMU and prints the directory holding it:
# vmlinuz, the modules a test guest needs (9p, virtio, overlay, virtio-net, with what they depend
# on) uncompressed in modules/, and modules/order, the order to load them in.
#
#   scripts/vm/guest-kernel.sh PACKAGE     e.g. linux-image-amd64 (a metapackage) or
#                                         linux-image-6.12.118+deb12-amd64 (a kernel)
#
# The kernel comes from Debian's archive (apt-get download) and nothing is installed on the host.
# It is cached under $EBPF_EXPORTER_CACHE (default ~/.cache/ebpf-exporter), keyed by package and
# version: a second run downloads nothing, and a new version in the archive gets its own entry.
set -euo pipefail

package=${1:?usage: guest-kernel.sh DEBIAN_KERNEL_PACKAGE}
cache=${EBPF_EXPORTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ebpf-exporter}/kernels
# What the guest's init loads: the shared folders (9p over virtio-pci), the copy-on-write root
# (overlay) and the network card the host forwards ports through (virtio-net).
wanted=(virtio_pci 9pnet_virtio 9p overlay virtio_net)

die() { echo "guest-kernel.sh: $*" >&2; exit 1; }

candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }'; }

version=$(candidate "$package")
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
  apt-get update -qq >&2 || die "apt-get update failed"
  version=$(candidate "$package")
  [ -n "$version" ] && [ "$version" != "(none)" ] || die "Debian's archive has no package $package"
fi
# A metapackage depends on the kernel of the day; a kernel package is its own.
kernel=$(apt-cache depends "$package" | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
kernel=${kernel:-$package}
[ "$kernel" = "$package" ] || version=$(candidate "$kernel")
dir="$cache/${kernel}_$version"
if [ -f "$dir/modules/order" ]; then
  echo "$dir"
  exit 0
fi

echo "guest-kernel.sh: downloading $kernel $version" >&2
work=$(mktemp -d "$cache.XXXXXX" 2>/dev/null || { mkdir -p "$cache" && mktemp -d "$cache.XXXXXX"; })
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt-get download drops privileges to _apt where it can
(cd "$work" && apt-get download -qq "$kernel=$version" >/dev/null 2>&1) || die "apt-get download $kernel=$version failed"
dpkg-deb -x "$work"/*.deb "$work/root"
release=${kernel#linux-image-}
mkdir -p "$work/kernel/modules"
cp "$work/root/boot/vmlinuz-$release" "$work/kernel/vmlinuz" || die "$kernel has no /boot/vmlinuz-$release"
tree="$work/root/lib/modules/$release/kernel"

# Finds a module by name (file names use '-' or '_' alike) and copies it uncompressed.
module_file() { find "$tree" -name "$1.ko*" -o -name "${1//_/-}.ko*" | head -n 1; }
extract() { # MODULE -> modules/MODULE.ko
  local file out="$work/kernel/modules/$1.ko"
  file=$(module_file "$1")
  [ -n "$file" ] || return 1
  case $file in
    *.ko) cp "$file" "$out" ;;
    *.ko.xz) xz -dc "$file" > "$out" ;;
    *.ko.zst) zstd -qdc "$file" > "$out" ;;
    *.ko.gz) gzip -dc "$file" > "$out" ;;
    *) die "unknown module compression: $file" ;;
  esac
}
# Depth-first over each module's "depends=" (.modinfo), so that dependencies come first.
declare -A seen=()
add() {
  local name=$1 dep
  [ -z "${seen[$name]:-}" ] || return 0
  seen[$name]=1
  if ! extract "$name"; then
    # Built into this kernel: nothing to load.
    grep -q "/${name//_/[-_]}.ko$" "$tree/../modules.builtin" 2>/dev/null && return 0
    die "$kernel has no module $name"
  fi
  for dep in $(tr '\0' '\n' < "$work/kernel/modules/$name.ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
    add "$dep"
  done
  echo "$name" >> "$work/kernel/modules/order"
}
for m in "${wanted[@]}"; do add "$m"; done

mkdir -p "$(dirname "$dir")"
rm -rf "$dir"
mv "$work/kernel" "$dir"
echo "$dir"
