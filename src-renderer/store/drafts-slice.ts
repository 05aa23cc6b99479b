/**
 * Unsaved config editor drafts, in the store so the instance list can show which instances
 * have one, and persisted through DraftStorage so they survive a reload.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Draft, DraftStorage } from '../editor/drafts';
import type { AppState } from './app-state';

export interface DraftsSlice {
  drafts: Record<string, Draft>;
  loadDraft: (name: string) => Draft | undefined;
  saveDraft: (name: string, draft: Draft) => void;
  clearDraft: (name: string) => void;
}

export function createDraftsSlice(storage: DraftStorage): StateCreator<AppState, [], [], DraftsSlice> {
  return (set, get) => ({
    drafts: {},
    loadDraft(name) {
      const known = get().drafts[name];
      if (known) return known;
      const stored = storage.load(name);
      if (stored) set((s) => ({ drafts: { ...s.drafts, [name]: stored } }));
      return stored;
    },
    saveDraft(name, draft) {
      storage.save(name, draft);
      set((s) => ({ drafts: { ...s.drafts, [name]: draft } }));
    },
    clearDraft(name) {
      storage.clear(name);
      if (!(name in get().drafts)) return;
      set((s) => {
        const drafts = { ...s.drafts };
        delete drafts[name];
        return { drafts };
      });
    },
  });
}

/** The store's drafts as the DraftStorage the config editor takes. */
export function draftStorageOf(store: { getState: () => DraftsSlice }): DraftStorage {
  return {
    load: (name) => store.getState().loadDraft(name),
    save: (name, draft) => store.getState().saveDraft(name, draft),
    clear: (name) => store.getState().clearDraft(name),
  };
}
