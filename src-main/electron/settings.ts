import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../common/logger';
import { writeJsonFile } from './json-file';

export interface AppSettings {
  /** VMs outlive the app by default, as Lima's do; set this to stop them when quitting. */
  stopVmsOnQuit: boolean;
}

const DEFAULTS: AppSettings = { stopVmsOnQuit: false };

/**
 * The app's settings in `<userData>/settings.json`. A file that cannot be read as JSON is
 * moved aside (never overwritten by the next save) and the warning says where it went; a
 * setting of the wrong type is named and left at its default.
 */
export class SettingsStore {
  private readonly file: string;
  private current: AppSettings;

  constructor(userDataDir: string, private readonly logger: Logger) {
    this.file = path.join(userDataDir, 'settings.json');
    const stored = this.read();
    const stop = stored.stopVmsOnQuit;
    if (stop !== undefined && typeof stop !== 'boolean') {
      logger.warn('ignoring setting stopVmsOnQuit: it must be true or false', { file: this.file, value: JSON.stringify(stop) });
    }
    this.current = { stopVmsOnQuit: typeof stop === 'boolean' ? stop : DEFAULTS.stopVmsOnQuit };
  }

  private read(): Record<string, unknown> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn('cannot read the settings; using the defaults', { file: this.file, error: (err as Error).message });
      }
      return {};
    }
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
      throw new Error('it is not a JSON object');
    } catch (err) {
      const keptAt = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        renameSync(this.file, keptAt);
        this.logger.warn('the settings file is damaged; it was moved aside and the defaults are used', { file: this.file, keptAt, error: (err as Error).message });
      } catch (moveErr) {
        this.logger.warn('the settings file is damaged and could not be moved aside; the defaults are used, and saving will replace it', {
          file: this.file,
          error: (err as Error).message,
          moveError: (moveErr as Error).message,
        });
      }
      return {};
    }
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
