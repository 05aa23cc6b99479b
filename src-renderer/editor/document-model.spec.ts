import { describe, expect, it } from 'vitest';
import { appendItem, applyFormChange, formValues, InvalidDocumentError, parse, removeItem } from './document-model';

const SAMPLE = `# My dev VM
cpus: 2 # keep it small
memory: 4GiB

# Shared folders
mounts:
  - location: "~" # home, read-only
  - location: /tmp/lima
    writable: true
portForwards:
  - guestPort: 8080
    hostPort: 18080
`;

function values(text: string) {
  const view = formValues(text);
  if (!view.ok) throw new Error(`expected a valid document, got ${JSON.stringify(view.errors)}`);
  return view.values;
}

describe('document model', () => {
  it('reads the form view from the text', () => {
    expect(values(SAMPLE)).toEqual({
      cpus: 2,
      memory: '4GiB',
      mounts: [{ location: '~' }, { location: '/tmp/lima', writable: true }],
      portForwards: [{ guestPort: 8080, hostPort: 18080 }],
      qemuCpuType: {},
    });
  });

  it('keeps every comment and untouched line through a form edit', () => {
    const next = applyFormChange(SAMPLE, ['cpus'], 4);
    expect(next).toBe(SAMPLE.replace('cpus: 2 # keep it small', 'cpus: 4 # keep it small'));
  });

  it('creates nested maps for VNC and vmOpts.qemu and removes them when cleared', () => {
    let text = applyFormChange(SAMPLE, ['video', 'vnc', 'display'], '127.0.0.1:1');
    text = applyFormChange(text, ['vmOpts', 'qemu', 'cpuType', 'x86_64'], 'Haswell-v4');
    text = applyFormChange(text, ['vmOpts', 'qemu', 'minimumVersion'], '8.2.1');
    expect(values(text)).toMatchObject({
      vncDisplay: '127.0.0.1:1',
      qemuMinimumVersion: '8.2.1',
      qemuCpuType: { x86_64: 'Haswell-v4' },
    });
    expect(text).toContain('# home, read-only');

    text = applyFormChange(text, ['video', 'vnc', 'display'], '');
    expect(text).not.toContain('video');
    expect(values(text).vncDisplay).toBeUndefined();
  });

  it('shows an edit made in the text in the form values', () => {
    const edited = SAMPLE.replace('memory: 4GiB', 'memory: 8GiB\ndisk: 50GiB');
    expect(values(edited)).toMatchObject({ memory: '8GiB', disk: '50GiB' });
  });

  it('adds and removes mounts and port forwards without touching the rest', () => {
    let text = appendItem(SAMPLE, ['mounts'], { location: '/srv/data', mountPoint: '/data' });
    expect(values(text).mounts).toEqual([
      { location: '~' },
      { location: '/tmp/lima', writable: true },
      { location: '/srv/data', mountPoint: '/data' },
    ]);
    text = removeItem(text, ['mounts'], 1);
    expect(values(text).mounts.map((m) => m.location)).toEqual(['~', '/srv/data']);
    expect(text).toContain('# home, read-only');

    text = removeItem(text, ['portForwards'], 0);
    expect(text).not.toContain('portForwards');
    text = appendItem(text, ['portForwards'], { guestPort: 22, hostPort: 2222 });
    expect(values(text).portForwards).toEqual([{ guestPort: 22, hostPort: 2222 }]);
    expect(text.startsWith('# My dev VM\ncpus: 2 # keep it small\n')).toBe(true);
  });

  it('starts a document from an empty text', () => {
    expect(values(applyFormChange('', ['cpus'], 1)).cpus).toBe(1);
    expect(values(appendItem('', ['mounts'], { location: '~' })).mounts).toEqual([{ location: '~' }]);
  });

  it('disables the form with the error position while the text is invalid', () => {
    const broken = 'cpus: 2\nmounts:\n  - location: "~\n';
    const view = formValues(broken);
    expect(view.ok).toBe(false);
    if (view.ok) return;
    expect(view.errors[0]).toMatchObject({ line: 4, col: 1 });
    expect(view.errors[0]!.message).toMatch(/quot/i);
    expect(() => applyFormChange(broken, ['cpus'], 3)).toThrow(InvalidDocumentError);
    expect(() => applyFormChange(broken, ['cpus'], 3)).toThrow(/line 4, column 1/);
  });

  it('reports duplicate keys with their line and column', () => {
    const { errors } = parse('cpus: 2\nmemory: 1GiB\ncpus: 4\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, col: 1 });
  });
});
