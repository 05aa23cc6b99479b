#!/bin/sh
# /init of the Limadesk test guest: a busybox userland that reports what it sees on the
# serial console (ttyS0, logged by QEMU) and on the VGA console (tty0), so tests can check
# the VM from the outside. Markers are whole lines starting with LIMADESK- or CIDATA.
# /usr/bin and /usr/sbin hold the Debian programs (sshd, sshfs), as on a distribution.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PS1='limadesk-guest# '

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp /mnt/cidata /mnt/9p
mount -t devpts devpts /dev/pts
# Every busybox applet by name, for the Lima boot scripts and for commands run over SSH.
busybox --install -s /bin 2>/dev/null
ln -sf /proc/mounts /etc/mtab

# Each marker starts on a fresh line even when a shell prompt is already on the console.
say() {
  printf '\n%s\n' "$*" >/dev/ttyS0 2>/dev/null
  printf '\n%s\n' "$*" >/dev/tty0 2>/dev/null
}

while read -r module; do
  insmod "/lib/modules/$module" 2>/dev/null || say "LIMADESK-GUEST-MODULE-FAILED $module"
done </etc/limadesk-modules
# What udev's rules do on a distribution: FUSE is open to every user (fusermount3 checks the rest).
[ ! -e /dev/fuse ] || chmod 666 /dev/fuse

ignore_power=0
ninep_tag=
ssh_wanted=0
for word in $(cat /proc/cmdline); do
  case "$word" in
    limadesk.ignore_power=1) ignore_power=1 ;;
    limadesk.9p=*) ninep_tag="${word#limadesk.9p=}" ;;
    limadesk.ssh=1) ssh_wanted=1 ;;
  esac
done

# Reads input events (24 bytes each on x86_64: timeval, type, code, value) from the ACPI
# power button and acts on key-down of KEY_POWER (type 1, code 116 = 0x74, value 1).
watch_power_button() {
  exec 3<"$1"
  : >"/tmp/power-watch-ready"
  while :; do
    set -- $(dd bs=24 count=1 <&3 2>/dev/null | od -An -tx1 -v)
    [ $# -eq 24 ] || { sleep 1; continue; }
    if [ "${17}${18}${19}${20}${21}" = "0100740001" ]; then
      if [ "$ignore_power" = 1 ]; then
        say "LIMADESK-GUEST-POWER-IGNORED"
      else
        say "LIMADESK-GUEST-POWEROFF"
        sync
        poweroff -f
      fi
    fi
  done
}

power_button_device() {
  for dir in /sys/class/input/event*; do
    if [ "$(cat "$dir/device/name" 2>/dev/null)" = "Power Button" ]; then
      echo "/dev/input/${dir##*/}"
      return 0
    fi
  done
  return 1
}

# The button must be watched before BOOTED is printed: a test may press it right away.
tries=0
until device=$(power_button_device) || [ $tries -ge 50 ]; do
  tries=$((tries + 1))
  sleep 0.1
done
if [ -n "$device" ]; then
  watch_power_button "$device" &
  tries=0
  until [ -e /tmp/power-watch-ready ] || [ $tries -ge 50 ]; do
    tries=$((tries + 1))
    sleep 0.1
  done
else
  say "LIMADESK-GUEST-NO-POWER-BUTTON"
fi

# PID 1 holds both terminals open so that input typed right after BOOTED is kept in the
# tty buffer until the shell reads it (a closed serial port drops what it receives).
exec 4<>/dev/ttyS0 5<>/dev/tty1
spawn_shell() {
  while :; do
    setsid -c sh <"/dev/$1" >"/dev/$1" 2>&1
    sleep 1
  done &
}
spawn_shell ttyS0
spawn_shell tty1

say "LIMADESK-GUEST-BOOTED"


# The ISO 9660 volume label is 32 space-padded bytes at offset 32768 + 40.
volume_label() {
  dd if="$1" bs=1 skip=32808 count=32 2>/dev/null | tr -d ' \0'
}

report_cidata() {
  report_cidata_files
  : >/tmp/cidata-checked
}

report_cidata_files() {
  tries=0
  while [ $tries -lt 50 ]; do
    for dev in /dev/sr* /dev/vd* /dev/sd*; do
      [ -b "$dev" ] || continue
      [ "$(volume_label "$dev")" = "cidata" ] || continue
      if ! mount -t iso9660 -o ro "$dev" /mnt/cidata; then
        say "LIMADESK-CIDATA-MOUNT-FAILED $dev"
        return
      fi
      count=0
      for file in $(cd /mnt/cidata && find . -type f | sed 's|^\./||' | sort); do
        set -- $(sha256sum "/mnt/cidata/$file")
        say "CIDATA $file $1"
        count=$((count + 1))
      done
      say "LIMADESK-CIDATA-DONE $count"
      return
    done
    tries=$((tries + 1))
    sleep 0.1
  done
  say "LIMADESK-CIDATA-ABSENT"
}
report_cidata &

# The value of the first `key:` line in cloud-init's user-data, without quotes.
user_data_value() {
  grep -m1 -E "^[ -]*$1:" /mnt/cidata/user-data | sed -E "s/^[ -]*$1:[ ]*//; s/^\"(.*)\"\$/\1/"
}

# Lima's user-data names one user with its uid, home and ssh-authorized-keys (one quoted key per
# list item). The guest creates that user, lets the keys in, and serves SSH (OpenSSH's sshd,
# as in Lima's guests) on the slirp address that QEMU's hostfwd targets.
start_ssh() {
  tries=0
  until [ -e /tmp/cidata-checked ] || [ $tries -ge 100 ]; do
    tries=$((tries + 1))
    sleep 0.1
  done
  ifconfig lo 127.0.0.1 up
  ifconfig eth0 192.168.5.15 netmask 255.255.255.0 up && route add default gw 192.168.5.2
  if [ ! -x /usr/sbin/sshd ]; then
    say "LIMADESK-SSH-UNAVAILABLE no sshd in this initramfs"
    return
  fi
  if [ ! -f /mnt/cidata/user-data ]; then
    say "LIMADESK-SSH-NO-USER no cidata user-data"
    return
  fi
  user=$(user_data_value name)
  uid=$(user_data_value uid)
  home=$(user_data_value homedir)
  [ -n "$user" ] || { say "LIMADESK-SSH-NO-USER no name in user-data"; return; }
  [ "$user" = root ] && uid=0 home=/root
  [ -n "$uid" ] || uid=1000
  [ -n "$home" ] || home="/home/$user"
  echo "root:x:0:0:root:/root:/bin/sh" >/etc/passwd
  echo "root:x:0:" >/etc/group
  # sshd's privilege separation user, as Debian's openssh-server makes it.
  echo "sshd:x:102:65534::/run/sshd:/bin/false" >>/etc/passwd
  echo "nogroup:x:65534:" >>/etc/group
  # A host user with uid 0 (tests run as root) still gets its own name, sharing uid 0.
  if [ "$user" != root ]; then
    echo "$user:x:$uid:$uid:$user:$home:/bin/sh" >>/etc/passwd
    [ "$uid" = 0 ] || echo "$user:x:$uid:" >>/etc/group
  fi
  mkdir -p "$home/.ssh"
  grep -E '^[ ]*-[ ]*"?(ssh-|ecdsa-|sk-)' /mnt/cidata/user-data | sed -E 's/^[ ]*-[ ]*//; s/^"(.*)"$/\1/' >"$home/.ssh/authorized_keys"
  chmod 700 "$home/.ssh"
  chmod 600 "$home/.ssh/authorized_keys"
  chown -R "$uid:$uid" "$home"
  chmod 755 "$home"
  # -D keeps sshd in the foreground (in the background of this script), -e sends its log
  # (logins included) to the serial console. The host key was made when the guest was built.
  /usr/sbin/sshd -D -e 2>/dev/ttyS0 </dev/null &
  tries=0
  until [ -s /run/sshd.pid ] || [ $tries -ge 100 ]; do
    tries=$((tries + 1))
    sleep 0.1
  done
  say "LIMADESK-SSH-STARTED $user $(grep -c . "$home/.ssh/authorized_keys")"
  run_lima_boot
}

# What cloud-init's per-boot hook does in a Lima guest: the cidata CD on /mnt/lima-cidata,
# root-only, and its boot.sh run as root (boot scripts, provisioning, readiness markers).
run_lima_boot() {
  [ -x /mnt/cidata/boot.sh ] || return 0
  dev=$(mount | sed -n 's| on /mnt/cidata .*||p' | head -n 1)
  mkdir -p -m 700 /mnt/lima-cidata
  mount -t iso9660 -o ro "$dev" /mnt/lima-cidata || { say "LIMADESK-LIMA-BOOT-FAILED cannot mount $dev"; return; }
  say "LIMADESK-LIMA-BOOT-STARTED"
  code=0
  LIMA_CIDATA_MNT=/mnt/lima-cidata /mnt/lima-cidata/boot.sh >/dev/ttyS0 2>&1 </dev/null || code=$?
  say "LIMADESK-LIMA-BOOT-DONE $code"
}
[ "$ssh_wanted" = 1 ] && start_ssh &

if [ -n "$ninep_tag" ]; then
  if mount -t 9p -o trans=virtio,version=9p2000.L "$ninep_tag" /mnt/9p; then
    say "LIMADESK-9P-MOUNTED $ninep_tag"
  else
    say "LIMADESK-9P-FAILED $ninep_tag"
  fi
fi

# PID 1 must never exit: that would panic the kernel.
while :; do sleep 3600; done
