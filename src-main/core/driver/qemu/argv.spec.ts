import { describe, expect, it } from 'vitest';
import { buildQemuArgv, numberFdConnects } from './argv';
import { config, context, features, I, instance, L, linuxKvm, linuxNoKvm, macArm, macIntel } from './argv-fixtures.test-support';

/** Argument lists below are written as one string per line; none of these values contains a space. */
function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

const MAC = '52:55:55:14:8c:96'; // sha256("abc123" + I)[0:3]
const HOME_TAG = 'lima-f872001c91a4f2cf'; // sha256("/home/u:/home/u")[0:8]
const OVMF = '/usr/share/OVMF/OVMF_CODE_4M.fd';

const tail = (mountArgs: string): string => `
  -device virtio-rng-pci -audiodev none,id=snd0 -display none -vga none -parallel none
  -chardev socket,id=char-serial,path=${I}/serial.sock,server=on,wait=off,logfile=${I}/serial.log -serial chardev:char-serial
  -chardev socket,id=char-serial-virtio,path=${I}/serialv.sock,server=on,wait=off,logfile=${I}/serialv.log
  -device virtio-serial-pci,id=virtio-serial0,max_ports=1 -device virtconsole,chardev=char-serial-virtio,id=console0
  ${mountArgs}
  -chardev socket,id=char-qmp,path=${I}/qmp.sock,server=on,wait=off -qmp chardev:char-qmp
  -name lima-default -pidfile ${I}/qemu.pid`;

const BOOT_DISK = `-drive file=${I}/disk,if=none,discard=on,id=boot-disk -device virtio-blk-pci,drive=boot-disk,bootindex=1`;
const CIDATA = `-drive id=cdrom0,if=none,format=raw,readonly=on,file=${I}/cidata.iso -device virtio-scsi,id=scsi0 -device scsi-cd,bus=scsi0.0,drive=cdrom0`;
const NET = `-netdev user,id=net0,net=192.168.5.0/24,dhcpstart=192.168.5.15,hostfwd=tcp:127.0.0.1:60022-:22 -device virtio-net-pci,netdev=net0,mac=${MAC}`;
const HOME_9P = `-virtfs local,mount_tag=${HOME_TAG},path=/home/u,security_model=none,readonly=on`;

describe('buildQemuArgv', () => {
  it('reproduces the worked example (Linux x86_64 KVM, defaults, 9p mount of ~)', () => {
    const argv = buildQemuArgv(instance(config()), context(linuxKvm, [`${I}/disk`, OVMF]));
    expect(argv.exe).toBe('qemu-system-x86_64');
    expect(argv.args).toEqual(words(`
      -m 4096 -cpu host -machine q35,accel=kvm -smp 4,sockets=1,cores=4,threads=1
      -drive if=pflash,format=raw,readonly=on,file=${OVMF}
      -device qemu-xhci,id=usb-bus ${BOOT_DISK} -boot order=c,splash-time=0,menu=on ${CIDATA} ${NET}
      ${tail(HOME_9P)}`));
    expect(argv.fdConnects).toEqual([]);
    expect(argv.warnings).toEqual([]);
  });

  it('uses TCG flags and warns when /dev/kvm is not accessible', () => {
    const argv = buildQemuArgv(instance(config({ firmware: { legacyBIOS: true, images: [] }, mounts: [] })), context(linuxNoKvm, [`${I}/disk`]));
    expect(argv.args).toEqual(words(`
      -m 4096 -cpu max -machine q35,vmport=off -accel tcg,thread=multi,tb-size=512
      -global ICH9-LPC.disable_s3=1 -global ICH9-LPC.disable_s4=1 -smp 4,sockets=1,cores=4,threads=1
      -device qemu-xhci,id=usb-bus ${BOOT_DISK} -boot order=c,splash-time=0,menu=on ${CIDATA} ${NET}
      ${tail('')}`));
    expect(argv.warnings.join('\n')).toMatch(/\/dev\/kvm.*Expect very poor performance/);
  });

  it('macOS arm64 with HVF: aarch64 virt, host CPU, pflash from Homebrew, PCI serial', () => {
    const fw = '/opt/homebrew/share/qemu/edk2-aarch64-code.fd';
    const cfg = config({ arch: 'aarch64', mounts: [] });
    const argv = buildQemuArgv(instance(cfg), context(macArm, [`${I}/disk`, fw], {
      executable: { exe: 'qemu-system-aarch64', prefixArgs: [] }, exePath: '/opt/homebrew/bin/qemu-system-aarch64',
    }));
    const mac = argv.args[argv.args.indexOf('-netdev') + 3];
    expect(mac).toMatch(/^virtio-net-pci,netdev=net0,mac=52:55:55:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(argv.args).toEqual(words(`
      -m 4096 -cpu host -machine virt,accel=hvf -smp 4,sockets=1,cores=4,threads=1
      -drive if=pflash,format=raw,readonly=on,file=${fw}
      -device qemu-xhci,id=usb-bus ${BOOT_DISK} -boot order=c,splash-time=0,menu=on ${CIDATA}
      -netdev user,id=net0,net=192.168.5.0/24,dhcpstart=192.168.5.15,hostfwd=tcp:127.0.0.1:60022-:22 -device ${mac}
      -device virtio-rng-pci -audiodev none,id=snd0 -display none -vga none -parallel none
      -chardev socket,id=char-serial,path=${I}/serial.sock,server=on,wait=off,logfile=${I}/serial.log -serial chardev:char-serial
      -chardev socket,id=char-serial-pci,path=${I}/serialp.sock,server=on,wait=off,logfile=${I}/serialp.log -device pci-serial,chardev=char-serial-pci
      -chardev socket,id=char-serial-virtio,path=${I}/serialv.sock,server=on,wait=off,logfile=${I}/serialv.log
      -device virtio-serial-pci,id=virtio-serial0,max_ports=1 -device virtconsole,chardev=char-serial-virtio,id=console0
      -chardev socket,id=char-qmp,path=${I}/qmp.sock,server=on,wait=off -qmp chardev:char-qmp
      -name lima-default -pidfile ${I}/qemu.pid`));
  });

  it('macOS arm64 with FEAT_SME (M4) avoids -cpu host', () => {
    const argv = buildQemuArgv(instance(config({ arch: 'aarch64', mounts: [] })), context({ ...macArm, featSME: true }, [`${I}/disk`, '/usr/share/AAVMF/AAVMF_CODE.fd']));
    expect(argv.args.slice(0, 6)).toEqual(['-m', '4096', '-cpu', 'max', '-machine', 'virt,accel=hvf']);
  });

  it('macOS arm64 before 12.4 caps memory at 3 GiB under HVF, with a warning', () => {
    const argv = buildQemuArgv(instance(config({ arch: 'aarch64', mounts: [] })), context({ ...macArm, macosVersion: '12.3.1' }, ['/usr/share/AAVMF/AAVMF_CODE.fd']));
    expect(argv.args.slice(0, 2)).toEqual(['-m', '3072']);
    expect(argv.warnings.join('\n')).toContain('3GiB');
  });

  it('x86_64 on an Apple Silicon Mac runs under TCG with max,-avx512vl,-pdpe1gb', () => {
    const argv = buildQemuArgv(instance(config({ mounts: [], firmware: { legacyBIOS: true, images: [] } })), context(macArm, []));
    expect(argv.args.slice(0, 8)).toEqual(['-m', '4096', '-cpu', 'max,-avx512vl,-pdpe1gb', '-machine', 'q35,vmport=off', '-accel', 'tcg,thread=multi,tb-size=512']);
  });

  it('macOS x86_64 with HVF: host,-avx512vl,-pdpe1gb and no disk drive when <I>/disk is missing', () => {
    const argv = buildQemuArgv(instance(config({ mounts: [], firmware: { legacyBIOS: true, images: [] } })), context(macIntel, []));
    expect(argv.args.slice(0, 6)).toEqual(['-m', '4096', '-cpu', 'host,-avx512vl,-pdpe1gb', '-machine', 'q35,accel=hvf']);
    expect(argv.args.join(' ')).not.toContain('boot-disk');
  });

  it('riscv64 on an x86_64 Linux host: TCG, acpi=off, RISC-V firmware', () => {
    const fw = '/usr/share/qemu-efi-riscv64/RISCV_VIRT_CODE.fd';
    const argv = buildQemuArgv(instance(config({ arch: 'riscv64', mounts: [], video: { display: 'vnc', vnc: { display: '127.0.0.1:0,to=9' } } })), context(linuxKvm, [`${I}/disk`, fw]));
    expect(argv.args.slice(0, 10)).toEqual(words(`-m 4096 -cpu max -machine virt,acpi=off,accel=tcg -smp 4,sockets=1,cores=4,threads=1 -drive if=pflash,format=raw,readonly=on,file=${fw}`));
    const display = argv.args.slice(argv.args.indexOf('-display'), argv.args.indexOf('-parallel'));
    expect(display).toEqual(words('-display vnc=127.0.0.1:0,to=9,password=on -device virtio-vga -device virtio-keyboard-pci -device virtio-tablet-pci'));
  });

  it('legacyBIOS: no pflash; ISO present: virtio disk, cdrom boot first', () => {
    const argv = buildQemuArgv(instance(config({ mounts: [], firmware: { legacyBIOS: true, images: [] } })), context(linuxKvm, [`${I}/disk`, `${I}/iso`]));
    const start = argv.args.indexOf('-device');
    expect(argv.args.slice(start, argv.args.indexOf('-netdev'))).toEqual(words(`
      -device qemu-xhci,id=usb-bus -drive file=${I}/disk,if=virtio,discard=on
      -boot order=d,splash-time=0,menu=on -drive file=${I}/iso,format=raw,media=cdrom,readonly=on ${CIDATA}`));
    expect(argv.args).not.toContain('if=pflash');
  });

  it('x86_64 without any firmware asks for legacyBIOS', () => {
    expect(() => buildQemuArgv(instance(config()), context(linuxKvm, [`${I}/disk`]))).toThrow(/firmware\.legacyBIOS/);
  });

  it('prefers <I>/qemu-efi-code.fd over system firmware', () => {
    const argv = buildQemuArgv(instance(config()), context(linuxKvm, [`${I}/qemu-efi-code.fd`, OVMF]));
    expect(argv.args).toContain(`if=pflash,format=raw,readonly=on,file=${I}/qemu-efi-code.fd`);
  });

  it('direct kernel boot, additional disks and TPM, in Lima order', () => {
    const cfg = config({ mounts: [], firmware: { legacyBIOS: true, images: [] }, additionalDisks: ['data', { name: 'logs' }], tpm: true });
    const ctx = context(linuxKvm, [`${I}/disk`, `${I}/kernel`, `${I}/kernel.cmdline`, `${I}/initrd`]);
    ctx.files.kernelCmdline = 'console=ttyS0 root=/dev/vda';
    const argv = buildQemuArgv(instance(cfg), ctx);
    expect(argv.args.slice(argv.args.indexOf('-boot'), argv.args.indexOf('-netdev'))).toEqual([
      '-boot', 'order=c,splash-time=0,menu=on',
      '-drive', `file=${L}/_disks/data/datadisk,if=virtio,discard=on`,
      '-drive', `file=${L}/_disks/logs/datadisk,if=virtio,discard=on`,
      ...words(CIDATA),
      '-kernel', `${I}/kernel`, '-append', 'console=ttyS0 root=/dev/vda', '-initrd', `${I}/initrd`,
      '-chardev', `socket,id=chrtpm,path=${I}/swtpm.sock`, '-tpmdev', 'emulator,id=tpm0,chardev=chrtpm', '-device', 'tpm-crb,tpmdev=tpm0',
    ]);
  });

  it("names each additional disk's format when it is known, so a raw disk stays writable from block 0", () => {
    const cfg = config({ mounts: [], firmware: { legacyBIOS: true, images: [] }, additionalDisks: ['data', 'raw-one', 'unreadable'] });
    const ctx = { ...context(linuxKvm, [`${I}/disk`]), diskFormats: new Map([['data', 'qcow2'], ['raw-one', 'raw']]) };
    const drives = buildQemuArgv(instance(cfg), ctx).args.filter((a) => a.includes('/_disks/'));
    expect(drives).toEqual([
      `file=${L}/_disks/data/datadisk,format=qcow2,if=virtio,discard=on`,
      `file=${L}/_disks/raw-one/datadisk,format=raw,if=virtio,discard=on`,
      `file=${L}/_disks/unreadable/datadisk,if=virtio,discard=on`,
    ]);
  });

  it('9p writable mount and a custom security model', () => {
    const cfg = config({ mounts: [{ location: '/tmp/lima', mountPoint: '/tmp/lima', writable: true, '9p': { securityModel: 'mapped-xattr' } }] });
    const argv = buildQemuArgv(instance(cfg), context(linuxKvm, [OVMF]));
    const i = argv.args.indexOf('-virtfs');
    expect(argv.args[i + 1]).toMatch(/^local,mount_tag=lima-[0-9a-f]{16},path=\/tmp\/lima,security_model=mapped-xattr$/);
  });

  it('virtiofs: shared memory backend and a vhost-user-fs device per mount', () => {
    const cfg = config({ mountType: 'virtiofs', mounts: [{ location: '~', writable: true, virtiofs: { queueSize: 1024 } }] });
    const argv = buildQemuArgv(instance(cfg), context(linuxKvm, [OVMF]));
    expect(argv.args.slice(0, 6)).toEqual(['-m', '4096', '-object', 'memory-backend-file,id=virtiofs-shm,size=4294967296,mem-path=/dev/shm,share=on', '-numa', 'node,memdev=virtiofs-shm']);
    const i = argv.args.findIndex((a) => a.startsWith('socket,id=char-virtiofs-0'));
    expect(argv.args.slice(i - 1, i + 3)).toEqual([
      '-chardev', `socket,id=char-virtiofs-0,path=${I}/virtiofsd-0.sock`,
      '-device', `vhost-user-fs-pci,queue-size=1024,chardev=char-virtiofs-0,tag=${HOME_TAG}`,
    ]);
  });

  it('audio virtio falls back to hda on QEMU older than 8.2.0, with a warning', () => {
    const cfg = config({ mounts: [], audio: { device: 'default', interface: 'virtio' } });
    const old = buildQemuArgv(instance(cfg), context(linuxKvm, [OVMF], { features: { ...features, version: '7.2.0' } }));
    const audio = (args: string[]): string[] => args.slice(args.indexOf('-audiodev'), args.indexOf('-display'));
    expect(audio(old.args)).toEqual(words('-audiodev pa,id=snd0 -device ich9-intel-hda -device hda-output,audiodev=snd0'));
    expect(old.warnings.join('\n')).toContain('8.2.0');
    const recent = buildQemuArgv(instance(cfg), context(linuxKvm, [OVMF]));
    expect(audio(recent.args)).toEqual(words('-audiodev pa,id=snd0 -device virtio-sound-pci,audiodev=snd0'));
  });

  it('env prefix args win for -m and -cpu but never suppress devices', () => {
    const argv = buildQemuArgv(instance(config({ mounts: [] })), context(linuxKvm, [OVMF], {
      executable: { exe: '/opt/q/qemu', prefixArgs: ['-m', '512', '-cpu', 'Haswell-v4', '-device', 'virtio-rng-pci'] },
    }));
    expect(argv.exe).toBe('/opt/q/qemu');
    expect(argv.args.slice(0, 8)).toEqual(['-m', '512', '-cpu', 'Haswell-v4', '-device', 'virtio-rng-pci', '-machine', 'q35,accel=kvm']);
    expect(argv.args.filter((a) => a === 'virtio-rng-pci')).toHaveLength(2);
  });

  it('socket networks become fd_connect fds numbered from 3', () => {
    const cfg = config({ mounts: [], networks: [{ socket: '/run/a.sock', macAddress: '52:55:55:00:00:01' }, { socket: '/run/b.sock', macAddress: '52:55:55:00:00:02' }] });
    const argv = buildQemuArgv(instance(cfg), context(linuxKvm, [OVMF]));
    expect(argv.fdConnects).toEqual(['/run/a.sock', '/run/b.sock']);
    const net = argv.args.slice(argv.args.indexOf('-netdev'), argv.args.indexOf('virtio-rng-pci') - 1);
    expect(net).toEqual(words(`${NET} -netdev socket,id=net1,fd=3 -device virtio-net-pci,netdev=net1,mac=52:55:55:00:00:01 -netdev socket,id=net2,fd=4 -device virtio-net-pci,netdev=net2,mac=52:55:55:00:00:02`));
  });

  it('lima networks (socket_vmnet) are macOS only; stream netdev with reconnect on QEMU 8.x', () => {
    const cfg = config({ mounts: [], firmware: { legacyBIOS: true, images: [] }, networks: [{ lima: 'shared', macAddress: '52:55:55:00:00:03' }] });
    expect(() => buildQemuArgv(instance(cfg), context(linuxKvm, []))).toThrow("networks.yaml 'shared' configuration is only supported on macOS right now");
    const argv = buildQemuArgv(instance(cfg), context(macIntel, []));
    expect(argv.args).toContain('stream,id=net1,server=off,addr.type=unix,addr.path=/private/var/run/lima/socket_vmnet.shared,reconnect=1');
  });

  it('rejects an accelerator QEMU does not list', () => {
    expect(() => buildQemuArgv(instance(config()), context(linuxKvm, [OVMF], { features: { ...features, accelHelp: 'Accelerators supported in QEMU binary:\ntcg\n' } })))
      .toThrow('accelerator `kvm` is not supported by qemu-system-x86_64');
  });

  it('numberFdConnects replaces placeholders in order of appearance', () => {
    expect(numberFdConnects(['a', 'socket,id=n,fd={{ fd_connect "/x y.sock" }}', 'b={{ fd_connect "/z" }}'])).toEqual({
      args: ['a', 'socket,id=n,fd=3', 'b=4'],
      fdConnects: ['/x y.sock', '/z'],
    });
  });
});

describe('buildQemuArgv without a cidata seed', () => {
  it('leaves the cidata cdrom out instead of pointing QEMU at a missing file', () => {
    const ctx = context(linuxKvm, [OVMF]);
    const seedless = { ...ctx, files: { exists: (f: string) => f !== `${I}/cidata.iso` && ctx.files.exists(f) } };
    expect(buildQemuArgv(instance(config()), seedless).args.join(' ')).not.toContain('cidata');
  });
});

/** QEMU's option-list reading (QemuOpts): `key=value` pairs split at single commas, `,,` a comma. */
function readOpts(list: string): Map<string, string> {
  const out = new Map<string, string>();
  let current = '';
  const parts: string[] = [];
  for (let i = 0; i < list.length; i++) {
    if (list[i] === ',' && list[i + 1] === ',') {
      current += ',';
      i++;
    } else if (list[i] === ',') {
      parts.push(current);
      current = '';
    } else {
      current += list[i];
    }
  }
  parts.push(current);
  for (const part of parts) {
    const eq = part.indexOf('=');
    out.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? '' : part.slice(eq + 1));
  }
  return out;
}

describe('paths in QEMU option lists', () => {
  it('doubles the commas of every path, so a LIMA_HOME or a mount with a comma reads back whole', () => {
    const home = '/home/u/my,lima';
    const dir = `${home}/default`;
    const mount = '/srv/a,b';
    const cfg = config({
      mounts: [{ location: mount, mountPoint: '/mnt', writable: true, '9p': { securityModel: 'none' } }],
      additionalDisks: ['data'],
      tpm: true,
    });
    const files = new Set([`${dir}/cidata.iso`, `${dir}/disk`, `${dir}/kernel`, OVMF]);
    const argv = buildQemuArgv({ name: 'default', dir, limaHome: home, config: cfg, sshLocalPort: 60022 }, { ...context(linuxKvm, []), files: { exists: (f) => files.has(f) } });
    const valuesOf = (flag: string) => argv.args.flatMap((a, i) => (argv.args[i - 1] === flag ? [readOpts(a)] : []));
    const drives = valuesOf('-drive').map((o) => o.get('file'));
    expect(drives).toEqual([OVMF, `${dir}/disk`, `${home}/_disks/data/datadisk`, `${dir}/cidata.iso`]);
    const chardevs = valuesOf('-chardev').flatMap((o) => [o.get('path'), o.get('logfile')].filter((v) => v !== undefined));
    expect(chardevs).toEqual(expect.arrayContaining([`${dir}/serial.sock`, `${dir}/serial.log`, `${dir}/qmp.sock`, `${dir}/swtpm.sock`]));
    for (const p of chardevs) expect(p?.startsWith(dir)).toBe(true);
    expect(valuesOf('-virtfs').map((o) => o.get('path'))).toEqual([mount]);
    // Plain file arguments are not option lists: they stay as they are.
    expect(argv.args[argv.args.indexOf('-kernel') + 1]).toBe(`${dir}/kernel`);
    expect(argv.args[argv.args.indexOf('-pidfile') + 1]).toBe(`${dir}/qemu.pid`);
  });
});
