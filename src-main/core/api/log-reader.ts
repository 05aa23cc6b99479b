import { open, stat } from 'node:fs/promises';
import type { LogName } from '../../common/api';
import { instanceDir } from '../store/names';
import type { LogPort } from './ports';
import { InstanceNotFoundError } from '../instances/errors';
import { logFile, type LogKind } from '../instances/logs';

/** The API's log names and the instance files behind them. */
export const LOG_KINDS: Record<LogName, LogKind> = { 'ha.stdout': 'events', 'ha.stderr': 'hostagent', serial: 'serial' };

/** Reads the last `maxBytes` of an instance's log; a log not written yet reads as empty. */
export function createLogReader(limaHome: string): LogPort {
  return {
    async read(name, log, maxBytes) {
      let handle;
      try {
        handle = await open(logFile(limaHome, name, LOG_KINDS[log]), 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        await stat(instanceDir(limaHome, name)).catch(() => {
          throw new InstanceNotFoundError(name);
        });
        return { text: '', truncated: false };
      }
      try {
        const { size } = await handle.stat();
        const start = Math.max(0, size - maxBytes);
        const buf = Buffer.alloc(size - start);
        const { bytesRead } = await handle.read(buf, 0, buf.length, start);
        let text = buf.subarray(0, bytesRead).toString('utf8');
        // A cut in the middle of a line (or of a UTF-8 sequence) starts the text at the next line.
        if (start > 0) text = text.slice(text.indexOf('\n') + 1);
        return { text, truncated: start > 0 };
      } finally {
        await handle.close();
      }
    },
  };
}
