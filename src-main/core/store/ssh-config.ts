import { readFile } from 'node:fs/promises';

/**
 * The SSH port from an instance's `ssh.config` (the `Port N` line the host agent writes).
 * A missing file keeps its ENOENT error so callers can tell "not written yet" apart.
 */
export async function sshPortFromConfig(file: string): Promise<number> {
  return sshPortFromConfigText(await readFile(file, 'utf8'), file);
}

/** The same, from the file's text. */
export function sshPortFromConfigText(text: string, file: string): number {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('Port ')) continue;
    const value = line.slice('Port '.length).trim();
    if (!/^[+-]?\d+$/.test(value)) {
      throw new Error(`${file}: strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax`);
    }
    return Number(value);
  }
  throw new Error(`${file}: port not found`);
}
