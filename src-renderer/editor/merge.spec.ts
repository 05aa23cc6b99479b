import { describe, expect, it } from 'vitest';
import { threeWayMerge } from './merge';

const BASE = '# vm\ncpus: 2\nmemory: 4GiB\ndisk: 100GiB\nmessage: hi\n';

describe('three-way merge', () => {
  it('combines edits on different lines', () => {
    const ours = BASE.replace('cpus: 2', 'cpus: 4');
    const theirs = BASE.replace('disk: 100GiB', 'disk: 50GiB') + 'video:\n  display: vnc\n';
    expect(threeWayMerge(BASE, ours, theirs)).toEqual({
      ok: true,
      text: '# vm\ncpus: 4\nmemory: 4GiB\ndisk: 50GiB\nmessage: hi\nvideo:\n  display: vnc\n',
    });
  });

  it('accepts the same edit made on both sides', () => {
    const both = BASE.replace('memory: 4GiB', 'memory: 8GiB');
    expect(threeWayMerge(BASE, both, both)).toEqual({ ok: true, text: both });
  });

  it('combines edits of neighbouring lines', () => {
    const ours = BASE.replace('cpus: 2', 'cpus: 4');
    const theirs = BASE.replace('memory: 4GiB', 'memory: 8GiB');
    expect(threeWayMerge(BASE, ours, theirs)).toEqual({ ok: true, text: BASE.replace('cpus: 2', 'cpus: 4').replace('memory: 4GiB', 'memory: 8GiB') });
  });

  it('refuses overlapping edits', () => {
    const ours = BASE.replace('cpus: 2', 'cpus: 4');
    const theirs = BASE.replace('cpus: 2', 'cpus: 8');
    expect(threeWayMerge(BASE, ours, theirs)).toEqual({ ok: false, conflicts: 1 });
  });

  it('handles deletions on one side and insertions on the other', () => {
    const ours = BASE.replace('message: hi\n', '');
    const theirs = BASE.replace('# vm\n', '# vm\n# edited by hand\n');
    expect(threeWayMerge(BASE, ours, theirs)).toEqual({ ok: true, text: '# vm\n# edited by hand\ncpus: 2\nmemory: 4GiB\ndisk: 100GiB\n' });
  });
});
