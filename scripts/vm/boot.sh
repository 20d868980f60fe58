#!/usr/bin/env bash
# Boots a Debian kernel under QEMU with two NUMA nodes and runs a script in it; exits with the
# script's status (125: the guest failed before the script ran or never finished).
#
#   scripts/vm/boot.sh [OPTIONS] SCRIPT [ARG...]
#     --kernel PACKAGE      Debian kernel package (default linux-image-amd64: bookworm's 6.1)
#     --share DIR           a host folder the guest can write, at the same path (repeatable)
#     --forward HOST:GUEST  forward TCP port HOST on the host's 127.0.0.1 to GUEST in the guest
#                           (repeatable)
#     --timeout SECONDS     power the guest off after this long (default 600)
#     --console FILE        keep the guest's console there too (default: only on stdout)
#
# The guest sees the host's whole file system at the same paths, read-only underneath and
# writable in guest memory, so SCRIPT runs as root under the host's bash with the host's tools
# (java, bpftool, curl…) on the guest's kernel, in the current directory. Each node has one CPU
# and 1.5 GiB: CPU 0 on node 0, CPU 1 on node 1, so NUMA balancing really migrates pages and
# moves tasks. KVM is used when /dev/kvm can be opened, QEMU's emulation (TCG) otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kernel_package=linux-image-amd64
timeout=600
console=/dev/null
shares=()
forwards=()
die() { echo "boot.sh: $*" >&2; exit 125; }
while [ $# -gt 0 ]; do
  case $1 in
    --kernel) kernel_package=$2; shift 2 ;;
    --share) shares+=("$(realpath "$2")"); shift 2 ;;
    --forward) forwards+=("$2"); shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --console) console=$2; shift 2 ;;
    --) shift; break ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || die "usage: boot.sh [--kernel PACKAGE] [--share DIR]... [--forward HOST:GUEST]... SCRIPT [ARG...]"
script=$(realpath "$1"); shift
[ -f "$script" ] || die "no script $script"
command -v qemu-system-x86_64 > /dev/null || die "qemu-system-x86_64 is missing (bash scripts/setup.sh test installs it)"
[ -x /bin/busybox ] || die "/bin/busybox is missing (bash scripts/setup.sh test installs busybox-static)"

kernel=$(bash "$here/guest-kernel.sh" "$kernel_package") || die "no kernel for $kernel_package"

# The initramfs: busybox, the init, the modules and this run's parameters.
run=$(mktemp -d /tmp/ebpf-exporter-vm.XXXXXX)
trap 'rm -rf "$run"' EXIT
mark="ebpf-exporter-vm-exit-$RANDOM$RANDOM"
mkdir -p "$run/initramfs/bin"
cp /bin/busybox "$run/initramfs/bin/"
install -m 755 "$here/init" "$run/initramfs/init"
cp -r "$kernel/modules" "$run/initramfs/modules"
{
  printf 'SCRIPT=%q\nWORKDIR=%q\nEXIT_MARK=%q\nSHARES=%q\nset --' "$script" "$PWD" "$mark" "${shares[*]:-}"
  printf ' %q' "$@"
  echo
} > "$run/initramfs/params"
(cd "$run/initramfs" && find . | /bin/busybox cpio -o -H newc 2> /dev/null | gzip -1) > "$run/initramfs.gz"

if [ -r /dev/kvm ] && [ -w /dev/kvm ] && (exec 3<> /dev/kvm) 2> /dev/null; then
  accel=(-accel kvm -cpu host)
else
  accel=(-accel tcg -cpu max)
fi
# GuestVm reads this to tell a fault of QEMU's emulation from the kernel's own.
echo "boot.sh: accelerator ${accel[1]}"
devices=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap")
for i in "${!shares[@]}"; do
  devices+=(-virtfs "local,path=${shares[$i]},mount_tag=share$i,security_model=none,multidevs=remap")
done
net=user,model=virtio-net-pci
for f in "${forwards[@]}"; do
  net+=",hostfwd=tcp:127.0.0.1:${f%%:*}-:${f##*:}"
done

status_file="$run/status"
timeout --kill-after=10 "$timeout" qemu-system-x86_64 "${accel[@]}" -smp 2 -m 3G \
  -object memory-backend-ram,id=node0,size=1536M -object memory-backend-ram,id=node1,size=1536M \
  -numa node,nodeid=0,cpus=0,memdev=node0 -numa node,nodeid=1,cpus=1,memdev=node1 \
  -kernel "$kernel/vmlinuz" -initrd "$run/initramfs.gz" \
  -append "console=ttyS0 loglevel=3 panic=-1 mitigations=off" \
  -nodefaults -no-reboot -display none -serial stdio "${devices[@]}" -nic "$net" < /dev/null 2>&1 \
  | tr -d '\r' | tee -a "$console" | while IFS= read -r line; do
      case $line in
        "$mark "*) echo "${line#"$mark "}" > "$status_file" ;;
        *) printf '%s\n' "$line" ;;
      esac
    done
[ -s "$status_file" ] || die "the guest never finished (timeout ${timeout}s, or it crashed: see the output above)"
exit "$(cat "$status_file")"
