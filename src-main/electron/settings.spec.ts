import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/logger';
import { SettingsStore } from './settings';

let dir: string;
let warnings: string[];
const logger = { ...silentLogger, warn: (m: string, f?: Record<string, unknown>) => void warnings.push(`${m} ${JSON.stringify(f ?? {})}`) };

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'limadesk-settings-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsStore', () => {
  it('starts from the defaults without a word when there is no file yet', () => {
    expect(new SettingsStore(dir, logger).get()).toEqual({ stopVmsOnQuit: false });
    expect(warnings).toEqual([]);
  });

  it('keeps a damaged file aside, says where, and starts from the defaults', () => {
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, '{"stopVmsOnQuit": tru');
    const store = new SettingsStore(dir, logger);
    expect(store.get()).toEqual({ stopVmsOnQuit: false });
    const kept = readdirSync(dir).filter((f) => f.startsWith('settings.json.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe('{"stopVmsOnQuit": tru');
    expect(warnings).toEqual([expect.stringContaining(path.join(dir, kept[0]!))]);
    // The next save writes a good file; the damaged one stays where the warning said.
    store.update({ stopVmsOnQuit: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ stopVmsOnQuit: true });
    expect(existsSync(path.join(dir, kept[0]!))).toBe(true);
  });

  it('names a setting of the wrong type that it ignores', () => {
    writeFileSync(path.join(dir, 'settings.json'), '{"stopVmsOnQuit": "yes"}');
    expect(new SettingsStore(dir, logger).get()).toEqual({ stopVmsOnQuit: false });
    expect(warnings).toEqual([expect.stringMatching(/stopVmsOnQuit.*true or false/)]);
  });
});
