import { describe, expect, it } from 'vitest';
import { createDraftStorage } from './drafts';

const BASE = '# vm\ncpus: 2\nmemory: 4GiB\ndisk: 100GiB\nmessage: hi\n';

describe('draft storage', () => {
  it('keeps drafts per instance and ignores corrupt entries', () => {
    const backing = new Map<string, string>();
    const storage = createDraftStorage({
      getItem: (k) => backing.get(k) ?? null,
      setItem: (k, v) => void backing.set(k, v),
      removeItem: (k) => void backing.delete(k),
    });
    const draft = { text: 'cpus: [', baseText: BASE, savedAt: '2026-11-24T16:00:00Z' };
    storage.save('dev', draft);
    expect(storage.load('dev')).toEqual(draft);
    expect(storage.load('other')).toBeUndefined();
    backing.set('limadesk.config-draft.broken', '{not json');
    expect(storage.load('broken')).toBeUndefined();
    storage.clear('dev');
    expect(storage.load('dev')).toBeUndefined();
  });
});
