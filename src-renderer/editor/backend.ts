/**
 * What the config editor needs from the main side. Kept this small on purpose so the editor
 * can be driven by the real API (see api-backend.ts), or by an in-memory backend in tests.
 */
import type { ApiIssue } from '../../src-main/common/api';

export type EditorIssue = ApiIssue;

export interface LoadedConfig {
  text: string;
  /** Modification time of lima.yaml when the backend knows it; change detection falls back to comparing text. */
  mtime?: number;
}

export type SaveResult =
  /** `restartNeeded`: the instance runs and the saved change waits for a restart (the main side's word). */
  | { ok: true; warnings: EditorIssue[]; mtime?: number; restartNeeded?: boolean }
  | { ok: false; reason: 'invalid'; message: string; issues: EditorIssue[] }
  | { ok: false; reason: 'conflict'; message: string; current: LoadedConfig }
  | { ok: false; reason: 'failed'; message: string };

export interface EditorBackend {
  load(name: string): Promise<LoadedConfig>;
  /** `expected` is what the editor last loaded: a backend refuses to overwrite a file that changed since. */
  save(name: string, text: string, expected: LoadedConfig): Promise<SaveResult>;
  validate(text: string, name: string): Promise<EditorIssue[]>;
  /** Calls `onChange` whenever lima.yaml changes on disk; returns the unsubscribe. */
  watch(name: string, onChange: (current: LoadedConfig) => void): () => void;
}

/** Whether two loads of lima.yaml are the same file state. */
export function sameFileState(a: LoadedConfig, b: LoadedConfig): boolean {
  if (a.mtime !== undefined && b.mtime !== undefined && a.mtime !== b.mtime) return false;
  return a.text === b.text;
}
