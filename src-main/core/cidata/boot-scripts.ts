/**
 * Scripts that run inside the guest. cloud-init's per-boot hook (written by user-data) mounts
 * the cidata CD and runs boot.sh; boot.sh runs the essential scripts, reports SSH readiness
 * the way Lima's host agent checks it (/run/lima-ssh-ready holds the instance id), installs
 * data files, runs the system and user provisioning scripts, and marks the end in
 * /run/lima-boot-done.
 */

export const CIDATA_MOUNT_POINT = '/mnt/lima-cidata';
export const PER_BOOT_HOOK_PATH = '/var/lib/cloud/scripts/per-boot/00-lima.boot.sh';

/** cloud-init runs this on every boot; the mount options keep the CD's scripts root-only and executable. */
export const PER_BOOT_HOOK = `#!/bin/sh
set -eux
LIMA_CIDATA_MNT="${CIDATA_MOUNT_POINT}"
LIMA_CIDATA_DEV="/dev/disk/by-label/cidata"
mkdir -p -m 700 "\${LIMA_CIDATA_MNT}"
mount -o ro,mode=0700,dmode=0700,overriderockperm,exec,uid=0 "\${LIMA_CIDATA_DEV}" "\${LIMA_CIDATA_MNT}"
export LIMA_CIDATA_MNT
exec "\${LIMA_CIDATA_MNT}"/boot.sh
`;

export const BOOT_SH = `#!/bin/sh
# Runs as root from the per-boot hook, with the cidata CD on $LIMA_CIDATA_MNT.
set -eu
cd "\${LIMA_CIDATA_MNT:?}"
set -a
. ./lima.env
. ./param.env
set +a
iid=$(sed -n 's/^instance-id: *//p' meta-data)
status=0

run_scripts() {
  for script in "$1"/*; do
    [ -f "$script" ] || continue
    echo "lima boot: running $script"
    if ! "$script"; then
      echo "lima boot: $script failed" >&2
      status=1
    fi
  done
}

run_scripts ./boot.essential.Linux
printf '%s\\n' "$iid" >/run/lima-ssh-ready

for data in ./provision.data/*; do
  [ -f "$data" ] || continue
  key=$(basename "$data")
  eval "target=\\\${LIMA_CIDATA_DATAFILE_\${key}_PATH}"
  eval "owner=\\\${LIMA_CIDATA_DATAFILE_\${key}_OWNER}"
  eval "perms=\\\${LIMA_CIDATA_DATAFILE_\${key}_PERMISSIONS}"
  eval "overwrite=\\\${LIMA_CIDATA_DATAFILE_\${key}_OVERWRITE}"
  if [ -e "$target" ] && [ "$overwrite" = false ]; then
    continue
  fi
  mkdir -p "$(dirname "$target")"
  cp "$data" "$target"
  chown "$owner" "$target"
  chmod "$perms" "$target"
done

run_scripts ./boot.Linux
run_scripts ./provision.system

for script in ./provision.user/*; do
  [ -f "$script" ] || continue
  copy=$(mktemp)
  cp "$script" "$copy"
  chown "$LIMA_CIDATA_USER" "$copy"
  chmod 700 "$copy"
  echo "lima boot: running $script as $LIMA_CIDATA_USER"
  if ! su -l "$LIMA_CIDATA_USER" -c "$copy"; then
    echo "lima boot: $script failed" >&2
    status=1
  fi
  rm -f "$copy"
done

printf '%s\\n' "$iid" >/run/lima-boot-done
exit "$status"
`;

/** Replaces the #LIMA-START…#LIMA-END block of /etc/environment with the one on the CD. */
export const ETC_ENVIRONMENT_SH = `#!/bin/sh
set -eu
file=/etc/environment
touch "$file"
tmp=$(mktemp "$file.XXXXXX")
sed '/^#LIMA-START$/,/^#LIMA-END$/d' "$file" >"$tmp"
cat "\${LIMA_CIDATA_MNT:?}/etc_environment" >>"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$file"
`;
