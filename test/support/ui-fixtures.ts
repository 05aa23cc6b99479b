import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeInstance } from './e2e-kit';

// Stopped instances for tests that look at the dashboard rather than run VMs: each a directory
// with a lima.yaml naming a distribution's cloud image (never downloaded: nothing starts them),
// so every run shows the same names, logos and figures.

export interface FixtureInstance {
  name: string;
  image: string;
  cpus: number;
  memory: string;
  disk: string;
  /** Lima's `protected` marker: the list shows a lock. */
  protected?: boolean;
}

const IMAGES = {
  ubuntu: 'https://cloud-images.ubuntu.com/releases/noble/release-20260705/ubuntu-24.04-server-cloudimg-amd64.img',
  debian: 'https://cloud.debian.org/images/cloud/trixie/20260712-2537/debian-13-genericcloud-amd64-20260712-2537.qcow2',
  fedora: 'https://download.fedoraproject.org/pub/fedora/linux/releases/44/Cloud/x86_64/images/Fedora-Cloud-Base-Generic-44-1.7.x86_64.qcow2',
  alpine: 'https://dl-cdn.alpinelinux.org/alpine/v3.23/releases/cloud/nocloud_alpine-3.23.0-x86_64-bios-cloudinit-r0.qcow2',
  archlinux: 'https://geo.mirror.pkgbuild.com/images/v20260715.556894/Arch-Linux-x86_64-cloudimg-20260715.556894.qcow2',
} as const;

/** The three instances of the small list: Ubuntu, Debian and Fedora, one protected. */
export const THREE: readonly FixtureInstance[] = [
  { name: 'dev', image: IMAGES.ubuntu, cpus: 4, memory: '4GiB', disk: '100GiB' },
  { name: 'builder', image: IMAGES.fedora, cpus: 2, memory: '8GiB', disk: '60GiB', protected: true },
  { name: 'web', image: IMAGES.debian, cpus: 2, memory: '2GiB', disk: '20GiB' },
];

/** `count` instances cycling through the distributions and sizes, named vm-001 and on. */
export function many(count: number, from = 1): FixtureInstance[] {
  const images = Object.values(IMAGES);
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { name: `vm-${String(n).padStart(3, '0')}`, image: images[n % images.length]!, cpus: 1 + (n % 4), memory: `${2 ** (n % 4)}GiB`, disk: `${20 + (n % 5) * 20}GiB` };
  });
}

export function fixtureYaml(instance: FixtureInstance): string {
  return [
    '# A fixture for the dashboard tests: never started.',
    'vmType: qemu',
    'images:',
    `- location: ${JSON.stringify(instance.image)}`,
    '  arch: x86_64',
    `cpus: ${instance.cpus}`,
    `memory: ${instance.memory}`,
    `disk: ${instance.disk}`,
    'mounts: []',
    '',
  ].join('\n');
}

export function writeFixtures(home: string, instances: readonly FixtureInstance[]): void {
  for (const instance of instances) {
    const dir = writeInstance(home, instance.name, fixtureYaml(instance));
    if (instance.protected) writeFileSync(path.join(dir, 'protected'), '');
  }
}
