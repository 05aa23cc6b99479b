import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { limactlCreateCommand, shellQuote, sizeInGiB } from './limactl-command';

const TEMPLATE = parse(`
cpus: 4
memory: 4GiB
mounts:
- location: "~"
- location: /tmp/lima
  writable: true
images:
- location: https://example.com/a.img
`) as Record<string, unknown>;

const withChanges = (changes: Record<string, unknown>) => ({ ...structuredClone(TEMPLATE), ...changes });
const template = { kind: 'template', name: 'default' } as const;

describe('the equivalent limactl create command', () => {
  it('is just the name and the template when nothing changed', () => {
    expect(limactlCreateCommand({ name: 'dev', source: template, original: TEMPLATE, current: structuredClone(TEMPLATE) })).toBe('limactl create --name=dev template:default');
  });

  it('says resources with limactl flags, sizes in GiB', () => {
    const current = withChanges({ cpus: 2, memory: '512MiB', disk: '20GiB' });
    expect(limactlCreateCommand({ name: 'dev', source: template, original: TEMPLATE, current })).toBe(
      'limactl create --name=dev --cpus=2 --memory=0.5 --disk=20 template:default',
    );
  });

  it('says appended mounts and port forwards with --mount and --port-forward', () => {
    const current = withChanges({
      mounts: [...(TEMPLATE.mounts as unknown[]), { location: '/src/my project', writable: true }, { location: '/data' }],
      portForwards: [{ guestPort: 80, hostPort: 8080 }, { guestPort: 443 }],
    });
    expect(limactlCreateCommand({ name: 'web', source: template, original: TEMPLATE, current })).toBe(
      "limactl create --name=web --mount='/src/my project:w' --mount=/data --port-forward=8080:80 --port-forward=443:443 template:default",
    );
  });

  it('uses --mount-none when every mount is removed, and --set for any other mount change', () => {
    const none = withChanges({});
    delete none.mounts;
    expect(limactlCreateCommand({ name: 'a', source: template, original: TEMPLATE, current: none })).toBe('limactl create --name=a --mount-none template:default');
    const edited = withChanges({ mounts: [{ location: '~', writable: true }] });
    expect(limactlCreateCommand({ name: 'a', source: template, original: TEMPLATE, current: edited })).toBe(
      `limactl create --name=a --set='.mounts = [{"location":"~","writable":true}]' template:default`,
    );
  });

  it('falls back to --set for values the flags cannot carry, and never hides other differences', () => {
    const current = withChanges({ memory: 'lots', vmType: 'qemu' });
    delete current.cpus;
    expect(limactlCreateCommand({ name: 'a', source: template, original: TEMPLATE, current })).toBe(
      `limactl create --name=a --set='del(.cpus)' --set='.memory = "lots"' --set='.vmType = "qemu"' template:default`,
    );
  });

  it('names a local file as a relative path', () => {
    expect(limactlCreateCommand({ name: 'box', source: { kind: 'file', fileName: 'my box.yaml' }, original: {}, current: {} })).toBe("limactl create --name=box './my box.yaml'");
  });

  it('converts sizes and quotes words like a shell needs', () => {
    expect(sizeInGiB('4GiB')).toBe(4);
    expect(sizeInGiB('100G')).toBe(100);
    expect(sizeInGiB('256mib')).toBe(0.25);
    expect(sizeInGiB('4 GiB')).toBe(4);
    expect(sizeInGiB('four')).toBeUndefined();
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('/plain/path')).toBe('/plain/path');
  });
});
