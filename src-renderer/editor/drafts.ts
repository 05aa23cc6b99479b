/**
 * Unsaved editor text, kept per instance in localStorage so that an invalid or refused draft
 * survives closing the editor, a reload or a crash of the window.
 */

export interface Draft {
  text: string;
  /** The lima.yaml text the draft started from: needed to merge with an external edit later. */
  baseText: string;
  savedAt: string;
}

export interface DraftStorage {
  load(name: string): Draft | undefined;
  save(name: string, draft: Draft): void;
  clear(name: string): void;
}

const KEY_PREFIX = 'limadesk.config-draft.';

function isDraft(value: unknown): value is Draft {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.text === 'string' && typeof v.baseText === 'string' && typeof v.savedAt === 'string';
}

export function createDraftStorage(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): DraftStorage {
  return {
    load(name) {
      const raw = storage.getItem(KEY_PREFIX + name);
      if (raw === null) return undefined;
      try {
        const value: unknown = JSON.parse(raw);
        return isDraft(value) ? value : undefined;
      } catch {
        // A corrupt entry is worth less than a working editor: it is ignored, not deleted.
        return undefined;
      }
    },
    save(name, draft) {
      storage.setItem(KEY_PREFIX + name, JSON.stringify(draft));
    },
    clear(name) {
      storage.removeItem(KEY_PREFIX + name);
    },
  };
}
