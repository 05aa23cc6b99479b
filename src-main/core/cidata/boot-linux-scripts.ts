/**
 * The `boot.Linux/` scripts on the cidata CD: our own equivalents of the parts of Lima's boot
 * scripts that Limadesk's features need (kernel modules, mounts, /etc/hosts, the packages
 * reverse-sshfs needs, FUSE set up for it, dependency provisioning). boot.sh runs them in name
 * order, as root, with lima.env, param.env and etc_environment exported; each must work on a
 * busybox userland as well as on a distribution's.
 */
import { FUSE_READY_PATH } from './boot-scripts';

/** `report MOUNT_POINT ok|failed REASON`: one line of the boot report per mount, tabs kept out of the reason. */
const REPORT_MOUNT = `# report MOUNT_POINT ok|failed REASON
report() {
  printf 'mount\\t%s\\t%s\\t%s\\n' "$2" "$1" "$(printf '%s' "$3" | tr '\\t\\n' '  ')" >>"\${LIMA_BOOT_REPORT:-/dev/null}"
}
`;

/** Modules the shares need, loaded before anything mounts; a missing one may be built in. */
const MODPROBE_SH = `#!/bin/sh
set -eu
command -v modprobe >/dev/null 2>&1 || exit 0
for module in fuse 9pnet_virtio 9p virtiofs overlay; do
  modprobe "$module" 2>/dev/null || echo "Could not load $module (negligible if it is built into the kernel)" >&2
done
`;

/** Lima 2.1 moved the default home from <user>.linux to <user>.guest; either name reaches it. */
const GUEST_HOME_SH = `#!/bin/sh
set -eu
if [ -d "/home/\${LIMA_CIDATA_USER}.guest" ] && [ ! -e "/home/\${LIMA_CIDATA_USER}.linux" ]; then
  ln -s "\${LIMA_CIDATA_USER}.guest" "/home/\${LIMA_CIDATA_USER}.linux"
fi
if [ -d "/home/\${LIMA_CIDATA_USER}.linux" ] && [ ! -e "/home/\${LIMA_CIDATA_USER}.guest" ]; then
  ln -s "\${LIMA_CIDATA_USER}.linux" "/home/\${LIMA_CIDATA_USER}.guest"
fi
`;

/**
 * 9p and virtiofs shares are in cloud-init's mounts: with nofail, so a share that cannot be
 * mounted is silently missing. Whatever is still not mounted is tried again here (by hand,
 * where there is no cloud-init) so that a failure has its reason, and each outcome goes into
 * the boot report. For reverse-sshfs the host agent mounts; here its mount points are made and
 * handed to the user, whose sshfs mounts on them.
 */
const MOUNTS_SH = `#!/bin/sh
set -eu
${REPORT_MOUNT}# /proc/mounts writes a space in a mount point as \\040, a tab as \\011, a backslash as \\134.
is_mounted() {
  escaped=$(printf '%s' "$1" | sed 's/\\\\/\\\\134/g; s/ /\\\\040/g; s/\t/\\\\011/g')
  cut -d ' ' -f 2 /proc/mounts | grep -Fxq -- "$escaped"
}
i=0
while [ "$i" -lt "\${LIMA_CIDATA_MOUNTS:-0}" ]; do
  eval "mount_point=\\\${LIMA_CIDATA_MOUNTS_\${i}_MOUNTPOINT}"
  eval "tag=\\\${LIMA_CIDATA_MOUNTS_\${i}_TAG}"
  eval "fstype=\\\${LIMA_CIDATA_MOUNTS_\${i}_TYPE}"
  eval "options=\\\${LIMA_CIDATA_MOUNTS_\${i}_OPTIONS}"
  i=$((i + 1))
  case "$LIMA_CIDATA_MOUNTTYPE" in
    reverse-sshfs)
      if ! { mkdir -p "$mount_point" && chown "$LIMA_CIDATA_UID:$(id -g "$LIMA_CIDATA_USER")" "$mount_point"; }; then
        echo "cannot prepare the mount point $mount_point for sshfs" >&2
      fi
      ;;
    9p | virtiofs)
      if is_mounted "$mount_point"; then
        report "$mount_point" ok ""
        continue
      fi
      # nofail belongs to fstab; mount(8) given it by hand may pass it on to the filesystem.
      kept=
      saved_ifs=$IFS
      IFS=,
      for option in $options; do
        [ "$option" = nofail ] || kept="\${kept:+$kept,}$option"
      done
      IFS=$saved_ifs
      if ! out=$(mkdir -p "$mount_point" 2>&1); then
        report "$mount_point" failed "$out"
      elif out=$(mount -t "$fstype" -o "$kept" "$tag" "$mount_point" 2>&1); then
        report "$mount_point" ok ""
      else
        report "$mount_point" failed "\${out:-mount -t $fstype failed}"
      fi
      ;;
  esac
done
`;

/**
 * host.lima.internal (the host, at the user-mode gateway) and hostResolver.hosts, in
 * /etc/hosts: Limadesk runs no DNS server for the guest, so the names go where every resolver
 * looks. The block is replaced on every boot.
 */
const ETC_HOSTS_SH = `#!/bin/sh
set -eu
touch /etc/hosts
tmp=$(mktemp /etc/hosts.XXXXXX)
sed '/^# LIMA-HOSTS-START$/,/^# LIMA-HOSTS-END$/d; /[[:space:]]host\\.lima\\.internal$/d' /etc/hosts >"$tmp"
cat "\${LIMA_CIDATA_MNT:?}/etc_hosts" >>"$tmp"
chmod 644 "$tmp"
mv "$tmp" /etc/hosts
`;

/**
 * Dependency provisioning runs first, as in Lima (a failure stops the default installs); then
 * sshfs is installed when reverse-sshfs mounts need it and the image lacks it.
 */
const INSTALL_PACKAGES_SH = `#!/bin/sh
set -eu
if [ -d "\${LIMA_CIDATA_MNT:?}/provision.dependency" ]; then
  echo "Running the dependency provisioning scripts before the default dependency installation"
  failed=0
  for f in "$LIMA_CIDATA_MNT"/provision.dependency/*; do
    [ -f "$f" ] || continue
    code=0
    "$f" || code=$?
    printf 'script\\t%s\\t%s\\n' "$code" "provision.dependency/\${f##*/}" >>"\${LIMA_BOOT_REPORT:-/dev/null}"
    [ "$code" -eq 0 ] || failed=1
  done
  [ "$failed" -eq 0 ] || exit 1
fi
if [ "\${LIMA_CIDATA_SKIP_DEFAULT_DEPENDENCY_RESOLUTION:-}" = 1 ]; then
  echo "LIMA_CIDATA_SKIP_DEFAULT_DEPENDENCY_RESOLUTION is set, skipping the default dependency installation"
  exit 0
fi
[ "$LIMA_CIDATA_MOUNTTYPE" = reverse-sshfs ] && [ "\${LIMA_CIDATA_MOUNTS:-0}" -gt 0 ] || exit 0
command -v sshfs >/dev/null 2>&1 && exit 0
if command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive
  export DEBIAN_FRONTEND
  apt-get update
  apt-get install -y --no-upgrade --no-install-recommends -q sshfs
elif command -v dnf >/dev/null 2>&1; then
  dnf install -y --setopt=install_weak_deps=False fuse-sshfs
elif command -v apk >/dev/null 2>&1; then
  apk add sshfs
elif command -v zypper >/dev/null 2>&1; then
  zypper --non-interactive install -y --no-recommends sshfs
elif command -v pacman >/dev/null 2>&1; then
  pacman -Sy --noconfirm sshfs
else
  echo "sshfs is missing and no known package manager can install it" >&2
  exit 1
fi
`;

/**
 * sshfs runs as the user with allow_other, which FUSE allows only with user_allow_other in its
 * configuration; /run/lima-fuse-ready tells the host agent it may mount.
 */
const SETUP_PACKAGES_SH = `#!/bin/sh
set -eu
[ "$LIMA_CIDATA_MOUNTTYPE" = reverse-sshfs ] || exit 0
if [ "\${LIMA_CIDATA_MOUNTS:-0}" -gt 0 ]; then
  fuse_conf=/etc/fuse.conf
  [ ! -e /etc/fuse3.conf ] || fuse_conf=/etc/fuse3.conf
  touch "$fuse_conf"
  grep -q '^user_allow_other' "$fuse_conf" || echo user_allow_other >>"$fuse_conf"
  # AppArmor's fusermount3 profile (Ubuntu 25.04 and later) refuses mounts in the home directory.
  if [ -e /etc/apparmor.d/fusermount3 ] && [ ! -e /etc/apparmor.d/local/fusermount3 ] && command -v apparmor_parser >/dev/null 2>&1; then
    mkdir -p /etc/apparmor.d/local
    cat >/etc/apparmor.d/local/fusermount3 <<'EOF'
mount fstype=@{fuse_types} options=(nosuid,nodev) options in (ro,rw,noatime,dirsync,nodiratime,noexec,sync) -> @{HOME},
umount @{HOME},
EOF
    apparmor_parser -r /etc/apparmor.d/fusermount3
  fi
fi
printf '%s\\n' "$LIMA_CIDATA_IID" >${FUSE_READY_PATH}
`;

/**
 * Lima's additional disks: on the first boot a disk gets one partition and a file system
 * labelled lima-NAME (unless `format: false`), then every boot mounts it on /mnt/lima-NAME,
 * growing the file system when the disk was resized. Each outcome goes into the boot report.
 */
const DISKS_SH = `#!/bin/sh
set -eu
${REPORT_MOUNT}i=0
status=0
while [ "$i" -lt "\${LIMA_CIDATA_DISKS:-0}" ]; do
  eval "name=\\\${LIMA_CIDATA_DISK_\${i}_NAME}"
  eval "device=\\\${LIMA_CIDATA_DISK_\${i}_DEVICE}"
  eval "format=\\\${LIMA_CIDATA_DISK_\${i}_FORMAT:-true}"
  eval "fstype=\\\${LIMA_CIDATA_DISK_\${i}_FSTYPE:-}"
  eval "fsargs=\\\${LIMA_CIDATA_DISK_\${i}_FSARGS:-}"
  i=$((i + 1))
  [ -n "$fstype" ] || fstype=ext4
  mount_point="/mnt/lima-$name"
  partition="/dev/\${device}1"
  if [ ! -b "/dev/disk/by-label/lima-$name" ] && [ "$format" = true ]; then
    if ! out=$( { echo 'type=linux' | sfdisk --label gpt "/dev/$device" && sleep 1 && mkfs."$fstype" $fsargs -L "lima-$name" "$partition"; } 2>&1); then
      echo "cannot format the disk $name (/dev/$device): $out" >&2
      report "$mount_point" failed "cannot format /dev/$device as $fstype: $out"
      status=1
      continue
    fi
  fi
  mkdir -p "$mount_point"
  if ! out=$(mount -t "$fstype" "$partition" "$mount_point" 2>&1); then
    echo "cannot mount the disk $name on $mount_point: $out" >&2
    report "$mount_point" failed "$out"
    status=1
    continue
  fi
  case "$fstype" in
    ext2 | ext3 | ext4) resize2fs "$partition" >/dev/null 2>&1 || true ;;
    xfs) xfs_growfs "$mount_point" >/dev/null 2>&1 || true ;;
  esac
  report "$mount_point" ok ''
done
exit "$status"
`;

/** `boot.Linux/<name>` → script text, in the order boot.sh runs them. */
export const BOOT_LINUX_SCRIPTS: ReadonlyArray<readonly [string, string]> = [
  ['00-modprobe.sh', MODPROBE_SH],
  ['05-guest-home.sh', GUEST_HOME_SH],
  ['05-lima-disks.sh', DISKS_SH],
  ['05-lima-mounts.sh', MOUNTS_SH],
  ['06-etc-hosts.sh', ETC_HOSTS_SH],
  ['30-install-packages.sh', INSTALL_PACKAGES_SH],
  ['35-setup-packages.sh', SETUP_PACKAGES_SH],
];
