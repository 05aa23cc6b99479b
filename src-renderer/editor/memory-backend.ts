/**
 * An editor backend that keeps lima.yaml in memory. Used by the component tests and usable as
 * a preview backend; the validation rules are a deliberately small subset (CPUs, memory) so
 * that tests can produce an invalid value on demand.
 */
import { parseDocument } from 'yaml';
import { sameFileState } from './backend';
import type { EditorBackend, EditorIssue, LoadedConfig, SaveResult } from './backend';

export class MemoryBackend implements EditorBackend {
  private file: LoadedConfig;
  private readonly listeners = new Set<(current: LoadedConfig) => void>();
  saves = 0;
  /** What a save answers about a restart, as the main side would for a running instance. */
  restartNeeded: boolean | undefined;

  constructor(text: string) {
    this.file = { text, mtime: 1 };
  }

  get text(): string {
    return this.file.text;
  }

  async load(): Promise<LoadedConfig> {
    return { ...this.file };
  }

  async save(_name: string, text: string, expected: LoadedConfig): Promise<SaveResult> {
    if (!sameFileState(this.file, expected)) {
      return { ok: false, reason: 'conflict', message: 'lima.yaml changed on disk', current: { ...this.file } };
    }
    const issues = await this.validate(text);
    if (issues.some((i) => i.severity === 'error')) return { ok: false, reason: 'invalid', message: 'invalid lima.yaml', issues };
    this.saves++;
    this.file = { text, mtime: (this.file.mtime ?? 0) + 1 };
    return { ok: true, warnings: [], mtime: this.file.mtime, ...(this.restartNeeded !== undefined ? { restartNeeded: this.restartNeeded } : {}) };
  }

  async validate(text: string): Promise<EditorIssue[]> {
    const doc = parseDocument(text, { keepSourceTokens: true });
    const issues: EditorIssue[] = [];
    // Syntax errors come with their line and column and no field, as the main side reports them.
    for (const e of doc.errors) issues.push({ severity: 'error', field: '', message: `syntax: ${e.code}`, line: e.linePos?.[0].line ?? 1, col: e.linePos?.[0].col ?? 1 });
    if (doc.errors.length > 0) return issues;
    const place = (key: string) => {
      const pair = doc.contents && 'items' in doc.contents ? (doc.contents.items as { key: { range?: [number, number, number] } }[]).find((p) => String(p.key) === key) : undefined;
      const offset = pair?.key.range?.[0] ?? 0;
      const before = text.slice(0, offset).split('\n');
      return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
    };
    const cpus: unknown = doc.get('cpus');
    if (cpus !== undefined && !(typeof cpus === 'number' && Number.isInteger(cpus) && cpus > 0)) {
      issues.push({ severity: 'error', field: 'cpus', message: `must be a positive whole number, got ${JSON.stringify(cpus)}`, ...place('cpus') });
    }
    const memory: unknown = doc.get('memory');
    if (memory !== undefined && !(typeof memory === 'string' && /^\d+(\.\d+)?\s*[KMGT]i?B?$/i.test(memory))) {
      issues.push({ severity: 'error', field: 'memory', message: `must be a size such as 4GiB, got ${JSON.stringify(memory)}`, ...place('memory') });
    }
    return issues;
  }

  watch(_name: string, onChange: (current: LoadedConfig) => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  /** Another program rewrites lima.yaml. */
  writeExternally(text: string): void {
    this.file = { text, mtime: (this.file.mtime ?? 0) + 1 };
    for (const listener of this.listeners) listener({ ...this.file });
  }
}
