import path from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file';

export interface AppSettings {
  /** VMs outlive the app by default, as Lima's do; set this to stop them when quitting. */
  stopVmsOnQuit: boolean;
}

const DEFAULTS: AppSettings = { stopVmsOnQuit: false };

export class SettingsStore {
  private readonly file: string;
  private current: AppSettings;

  constructor(userDataDir: string) {
    this.file = path.join(userDataDir, 'settings.json');
    const raw = readJsonFile(this.file);
    const stored = typeof raw === 'object' && raw !== null ? (raw as Partial<AppSettings>) : {};
    this.current = { stopVmsOnQuit: typeof stored.stopVmsOnQuit === 'boolean' ? stored.stopVmsOnQuit : DEFAULTS.stopVmsOnQuit };
  }

  get(): AppSettings {
    return { ...this.current };
  }

  update(change: Partial<AppSettings>): AppSettings {
    this.current = { ...this.current, ...change };
    writeJsonFile(this.file, this.current);
    return this.get();
  }
}
