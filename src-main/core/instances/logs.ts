import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { HostAgentStderrLog, HostAgentStdoutLog, SerialLog } from '../store/filenames';
import { instanceDir } from '../store/names';

export type LogKind = 'hostagent' | 'events' | 'serial';

const FILES: Record<LogKind, string> = { hostagent: HostAgentStderrLog, events: HostAgentStdoutLog, serial: SerialLog };

export function logFile(limaHome: string, name: string, kind: LogKind): string {
  return path.join(instanceDir(limaHome, name), FILES[kind]);
}

/**
 * Streams a log to `write`: what is there now, then (with `follow`) whatever is appended,
 * starting over when the file is truncated by a new start. A missing file is empty for now.
 */
export async function streamLog(
  file: string,
  write: (chunk: string) => void,
  options: { follow?: boolean; signal?: AbortSignal; intervalMs?: number } = {},
): Promise<void> {
  let offset = 0;
  const decoder = new TextDecoder();
  for (;;) {
    let size = 0;
    try {
      size = (await stat(file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (size < offset) offset = 0;
    if (size > offset) {
      const handle = await open(file, 'r');
      try {
        const buf = Buffer.alloc(size - offset);
        const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
        offset += bytesRead;
        write(decoder.decode(buf.subarray(0, bytesRead), { stream: true }));
      } finally {
        await handle.close();
      }
    }
    if (!options.follow || options.signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs ?? 200);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
  }
}
