import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { isSeq, LineCounter, parseDocument } from 'yaml';
import type { HostSettings } from '../../../common/api';
import { hostSettingsProblems } from '../../../common/api-validate';
import { writeFileAtomic } from '../../store/atomic-write';

/**
 * The hosts a user added, in `$XDG_CONFIG_HOME/limadesk/hosts.json` (`~/.config/limadesk/`
 * when unset): `{ "version": 1, "hosts": [{ "name", "destination", … }] }`. Written whole and
 * atomically, so a crash leaves the old file or the new one; a file this version cannot read
 * is reported with its line and never overwritten.
 */

const FILE_VERSION = 1;

export function hostsFilePath(env: Record<string, string | undefined>, home: () => string = homedir): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG rule: a relative value is invalid and ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home(), '.config');
  return path.join(base, 'limadesk', 'hosts.json');
}

export class HostsFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
    this.name = 'HostsFileError';
  }
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line where `hosts[index]` starts, from a YAML reading of the same text (JSON is YAML). */
function entryLines(text: string): number[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const hosts = doc.get('hosts', true);
  if (!isSeq(hosts)) return [];
  return hosts.items.map((item) => {
    const start = (item as { range?: [number, number, number] }).range?.[0];
    return start === undefined ? 0 : counter.linePos(start).line;
  });
}

export function parseHostsFile(file: string, text: string): HostSettings[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    throw new HostsFileError(file, `not valid JSON: ${message}`, position === undefined ? undefined : lineAt(text, Number(position)));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new HostsFileError(file, 'expected an object { "version": 1, "hosts": [...] }', 1);
  const { version, hosts } = data as Record<string, unknown>;
  if (version !== FILE_VERSION) throw new HostsFileError(file, `"version" is ${JSON.stringify(version)}; this Limadesk reads version ${FILE_VERSION} (a newer Limadesk wrote it?)`);
  if (!Array.isArray(hosts)) throw new HostsFileError(file, '"hosts" must be a list');
  const lines = entryLines(text);
  const seen = new Map<string, number>();
  return hosts.map((entry: unknown, i) => {
    const line = lines[i] || undefined;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new HostsFileError(file, `hosts[${i}] must be an object`, line);
    const problems = hostSettingsProblems(entry as Record<string, unknown>);
    if (problems.length > 0) throw new HostsFileError(file, `hosts[${i}]: ${problems.join('; ')}`, line);
    const settings = entry as HostSettings;
    const before = seen.get(settings.name);
    if (before !== undefined) throw new HostsFileError(file, `hosts[${i}]: the name ${JSON.stringify(settings.name)} is used twice (also hosts[${before}])`, line);
    seen.set(settings.name, i);
    return settings;
  });
}

/** The hosts of `file`; none when it does not exist yet. */
export async function readHostsFile(file: string): Promise<HostSettings[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new HostsFileError(file, `cannot read it: ${(err as Error).message}`);
  }
  return parseHostsFile(file, text);
}

/** Only the settings' own fields, in a fixed order, so the file reads the same every time. */
export function canonicalHost(h: HostSettings): HostSettings {
  return {
    name: h.name,
    destination: h.destination,
    ...(h.port !== undefined ? { port: h.port } : {}),
    ...(h.identity !== undefined ? { identity: h.identity } : {}),
    ...(h.remoteCommand !== undefined ? { remoteCommand: h.remoteCommand } : {}),
    ...(h.sshConfig !== undefined ? { sshConfig: h.sshConfig } : {}),
  };
}

export async function writeHostsFile(file: string, hosts: readonly HostSettings[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify({ version: FILE_VERSION, hosts: hosts.map(canonicalHost) }, null, 2)}\n`, 0o600);
}

/**
 * Reads, changes and writes the file in one go. The change sees what is on disk now (another
 * process may have added a host since this one read it); a file that does not read is left as it is.
 */
export async function updateHostsFile(file: string, change: (hosts: HostSettings[]) => HostSettings[]): Promise<HostSettings[]> {
  const next = change(await readHostsFile(file));
  await writeHostsFile(file, next);
  return next;
}
