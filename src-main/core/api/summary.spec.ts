import { describe, expect, it } from 'vitest';
import { filledConfig } from '../config/filled-config.test-support';
import { brokenInstance } from '../store/instance';
import type { Instance } from '../store/instance';
import { toInstanceSummary } from './summary';

const withConfig = (config: Instance['config']): Instance => ({ ...brokenInstance('vm', '/l/vm'), status: 'Stopped', config });

describe('the summary of an instance', () => {
  it('names the distribution and OS of its first image', () => {
    const config = filledConfig({
      images: [
        { location: 'https://cloud-images.ubuntu.com/releases/noble/release-20250101/ubuntu-24.04-server-cloudimg-amd64.img', arch: 'x86_64' },
        { location: 'https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-arm64.qcow2', arch: 'aarch64' },
      ],
    });
    expect(toInstanceSummary(withConfig(config))).toMatchObject({ os: 'Linux', distro: 'Ubuntu 24.04' });
  });

  it('takes a declared OS, guesses one from the image otherwise, and leaves out a distribution it cannot tell', () => {
    expect(toInstanceSummary(withConfig(filledConfig({ os: 'Darwin', images: [] })))).toMatchObject({ os: 'Darwin' });
    const freebsd = toInstanceSummary(withConfig(filledConfig({ images: [{ location: 'https://download.freebsd.org/releases/VM-IMAGES/14.2-RELEASE/amd64/Latest/FreeBSD-14.2-RELEASE-amd64-BASIC-CLOUDINIT-ufs.qcow2.xz', arch: 'x86_64' }] })));
    expect(freebsd).toMatchObject({ os: 'FreeBSD', distro: 'FreeBSD 14.2' });
    const plain = toInstanceSummary(withConfig(filledConfig({ images: [{ location: '/tmp/base.qcow2', arch: 'x86_64' }] })));
    expect(plain.os).toBe('Linux');
    expect('distro' in plain).toBe(false);
  });

  it('says nothing of the OS of an instance whose lima.yaml does not load', () => {
    const summary = toInstanceSummary(brokenInstance('vm', '/l/vm', ['lima.yaml: cannot be loaded']));
    expect('os' in summary || 'distro' in summary).toBe(false);
  });
});
