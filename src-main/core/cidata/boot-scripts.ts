/**
 * Scripts that run inside the guest. cloud-init's per-boot hook (written by user-data) mounts
 * the cidata CD and runs boot.sh. boot.sh follows Lima's order: the essential scripts, then
 * (unless plain) the boot.Linux ones, then data files, yq edits, system and user
 * provisioning. It says where it is the way Lima's host agent checks it: /run/lima-ssh-ready
 * and /run/lima-boot-done hold this boot's instance id. Every script's exit code, and every
 * 9p/virtiofs mount that failed, is written to the boot report (see boot-report.ts), which the
 * host agent reads once the boot is done.
 */
import { BOOT_REPORT_PATH } from './boot-report';

export const CIDATA_MOUNT_POINT = '/mnt/lima-cidata';
export const PER_BOOT_HOOK_PATH = '/var/lib/cloud/scripts/per-boot/00-lima.boot.sh';
export const SSH_READY_PATH = '/run/lima-ssh-ready';
export const BOOT_DONE_PATH = '/run/lima-boot-done';
export const FUSE_READY_PATH = '/run/lima-fuse-ready';

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

/**
 * Runs a command as another user: sudo's login form where there is sudo (every cloud image),
 * su's where there is not (busybox userlands); the arguments reach the command unchanged.
 */
const AS_USER = `as_user() {
  as_user_name=$1
  shift
  if command -v sudo >/dev/null 2>&1; then
    sudo -iu "$as_user_name" "$@"
    return
  fi
  as_user_cmd=
  for arg in "$@"; do
    as_user_cmd="$as_user_cmd '$(printf '%s' "$arg" | sed "s/'/'\\\\\\\\''/g")'"
  done
  su -l "$as_user_name" -c "$as_user_cmd"
}`;

export const BOOT_SH = `#!/bin/sh
# Runs as root from the per-boot hook, with the cidata CD on $LIMA_CIDATA_MNT.
set -eu
cd "\${LIMA_CIDATA_MNT:?}"

INFO() {
  echo "LIMA $(date -Iseconds 2>/dev/null || date)| $*"
}
WARNING() {
  INFO "WARNING: $*"
}

set -a
. ./lima.env
. ./param.env
. ./etc_environment
set +a

rm -f ${BOOT_DONE_PATH}
LIMA_BOOT_REPORT=${BOOT_REPORT_PATH}
export LIMA_BOOT_REPORT
: >"$LIMA_BOOT_REPORT"
chmod 644 "$LIMA_BOOT_REPORT"
CODE=0

# record NAME EXIT_CODE: one line of the boot report per script.
record() {
  printf 'script\\t%s\\t%s\\n' "$2" "$1" >>"$LIMA_BOOT_REPORT"
  if [ "$2" -ne 0 ]; then
    WARNING "Failed to execute $1 (exit code $2)"
    CODE=1
  fi
}

${AS_USER}

# run_scripts DIR: each file of DIR on the CD, in name order.
run_scripts() {
  [ -d "$LIMA_CIDATA_MNT/$1" ] || return 0
  for f in "$LIMA_CIDATA_MNT/$1"/*; do
    [ -f "$f" ] || continue
    INFO "Executing $1/\${f##*/}"
    code=0
    "$f" || code=$?
    record "$1/\${f##*/}" "$code"
  done
}

run_scripts boot.essential.Linux
printf '%s\\n' "$LIMA_CIDATA_IID" >${SSH_READY_PATH}

if [ "$LIMA_CIDATA_PLAIN" = 1 ]; then
  INFO "Plain mode. Skipping to run non-essential boot scripts. Provisioning scripts will be still executed."
else
  run_scripts boot.Linux
fi

# install_data FILE TARGET OWNER PERMISSIONS: a data file, its directory made as its owner if it can be.
install_data() {
  if ! as_user "\${3%%:*}" mkdir -p "$(dirname "$2")"; then
    WARNING "Failed to create directory for $2 (as user \${3%%:*}); creating it as root"
    mkdir -p "$(dirname "$2")" || return 1
  fi
  cp "$1" "$2" || return 1
  chown "$3" "$2" || return 1
  chmod "$4" "$2" || return 1
}

if [ -d provision.data ]; then
  for f in "$LIMA_CIDATA_MNT"/provision.data/*; do
    [ -f "$f" ] || continue
    key=\${f##*/}
    eval "target=\\\${LIMA_CIDATA_DATAFILE_\${key}_PATH}"
    eval "owner=\\\${LIMA_CIDATA_DATAFILE_\${key}_OWNER}"
    eval "perms=\\\${LIMA_CIDATA_DATAFILE_\${key}_PERMISSIONS}"
    eval "overwrite=\\\${LIMA_CIDATA_DATAFILE_\${key}_OVERWRITE}"
    if [ -e "$target" ] && [ "$overwrite" = false ]; then
      INFO "Not overwriting $target"
      record "provision.data/$key" 0
      continue
    fi
    INFO "Copying provision.data/$key to $target"
    code=0
    install_data "$f" "$target" "$owner" "$perms" || code=$?
    record "provision.data/$key" "$code"
  done
fi

# Lima runs yq from its guest agent; a guest gets the same edits from mikefarah's yq v4 on its PATH.
find_yq() {
  command -v yq >/dev/null 2>&1 || return 1
  yq --version 2>&1 | grep -qi 'mikefarah' || return 1
  echo yq
}

# yq_edit FILE TARGET FORMAT OWNER PERMISSIONS
yq_edit() {
  yq_user=\${4%%:*}
  if ! yq=$(find_yq); then
    WARNING "No yq (mikefarah/yq v4) in the guest to apply $1 to $2"
    return 127
  fi
  as_user "$yq_user" mkdir -p "$(dirname "$2")" || return 1
  if [ -f "$2" ]; then
    INFO "Updating $2"
    as_user "$yq_user" test -w "$2" || { WARNING "File $2 is not writable by user $yq_user"; return 1; }
    "$yq" --inplace --from-file "$1" --input-format "$3" --output-format "$3" "$2" || return 1
  else
    yq_format=$3
    if [ "$yq_format" = auto ]; then
      case "$2" in
        *.csv) yq_format=csv ;;
        *.ini) yq_format=ini ;;
        *.json) yq_format=json ;;
        *.properties) yq_format=properties ;;
        *.toml) yq_format=toml ;;
        *.tsv) yq_format=tsv ;;
        *.xml) yq_format=xml ;;
        *) yq_format=yaml ;;
      esac
    fi
    INFO "Creating $2"
    "$yq" --null-input --from-file "$1" --output-format "$yq_format" | as_user "$yq_user" tee "$2" >/dev/null || return 1
  fi
  as_user "$yq_user" chown "$4" "$2" || return 1
  as_user "$yq_user" chmod "$5" "$2" || return 1
}

if [ -d provision.yq ]; then
  for f in "$LIMA_CIDATA_MNT"/provision.yq/*; do
    [ -f "$f" ] || continue
    key=\${f##*/}
    eval "target=\\\${LIMA_CIDATA_YQ_PROVISION_\${key}_PATH}"
    eval "format=\\\${LIMA_CIDATA_YQ_PROVISION_\${key}_FORMAT}"
    eval "owner=\\\${LIMA_CIDATA_YQ_PROVISION_\${key}_OWNER}"
    eval "perms=\\\${LIMA_CIDATA_YQ_PROVISION_\${key}_PERMISSIONS}"
    code=0
    yq_edit "$f" "$target" "$format" "$owner" "$perms" || code=$?
    record "provision.yq/$key" "$code"
  done
fi

run_scripts provision.system

if [ -d provision.user ]; then
  # With systemd, user scripts get the user's own manager (XDG_RUNTIME_DIR), as in Lima; the
  # host agent's SSH login starts it. Without systemd there is none to wait for.
  xdg=
  if [ -d /run/systemd/system ]; then
    tries=0
    until [ -e "/run/user/$LIMA_CIDATA_UID/systemd/private" ] || [ "$tries" -ge 100 ]; do
      sleep 3
      tries=$((tries + 1))
    done
    [ ! -e "/run/user/$LIMA_CIDATA_UID/systemd/private" ] || xdg="/run/user/$LIMA_CIDATA_UID"
  fi
  user_script="$LIMA_CIDATA_HOME/.lima-user-script"
  user_runner="$LIMA_CIDATA_HOME/.lima-user-script-run"
  for f in "$LIMA_CIDATA_MNT"/provision.user/*; do
    [ -f "$f" ] || continue
    INFO "Executing provision.user/\${f##*/} (as user $LIMA_CIDATA_USER)"
    cp "$f" "$user_script"
    {
      echo '#!/bin/sh'
      echo 'set -a'
      cat "$LIMA_CIDATA_MNT/param.env"
      echo 'set +a'
      [ -z "$xdg" ] || echo "XDG_RUNTIME_DIR=$xdg; export XDG_RUNTIME_DIR"
      echo "exec '$user_script'"
    } >"$user_runner"
    chown "$LIMA_CIDATA_USER" "$user_script" "$user_runner"
    chmod 755 "$user_script" "$user_runner"
    code=0
    as_user "$LIMA_CIDATA_USER" "$user_runner" || code=$?
    record "provision.user/\${f##*/}" "$code"
    rm -f "$user_script" "$user_runner"
  done
fi

printf '%s\\n' "$LIMA_CIDATA_IID" >${BOOT_DONE_PATH}
INFO "Exiting with code $CODE"
exit "$CODE"
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
