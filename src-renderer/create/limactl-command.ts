/**
 * The `limactl create` command line that makes the same instance as the create form, shown so
 * a user can see (and reproduce) exactly what the form does. Changes the flags of limactl can
 * say are said with them (--cpus, --memory, --disk, --mount, --port-forward); anything else
 * becomes a `--set` yq expression, so the line is always exact.
 */

export type CreateSource = { kind: 'template'; name: string } | { kind: 'file'; fileName: string };

export interface CommandInput {
  name: string;
  source: CreateSource;
  /** The template's (or file's) settings before the form changed them, as plain data. */
  original: Record<string, unknown>;
  /** The settings the form produced. */
  current: Record<string, unknown>;
}

// Same grammar as Lima's size parser: every unit letter is binary, case does not matter.
const SIZE = /^(\d+(?:\.\d*)?|\.\d+) ?(?:(b)|([kmgtp])(b|ib)?)?$/i;
const POWERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

/** A lima.yaml size in GiB, the unit of limactl's --memory and --disk; undefined if it does not parse. */
export function sizeInGiB(size: string): number | undefined {
  const m = SIZE.exec(size.trim());
  if (!m) return undefined;
  const power = m[3] ? (POWERS[m[3].toLowerCase()] ?? 0) : 0;
  return (Number(m[1]) * 1024 ** power) / 1024 ** 3;
}

const SAFE = /^[A-Za-z0-9_\-=.,:/@%+]+$/;

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function flag(name: string, value: string): string {
  return `--${name}=${shellQuote(value)}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map((v) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {})) : [];
}

function only(item: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(item).every((k) => keys.includes(k));
}

/** yq for "set this key" or "delete it"; values are written as JSON, which yq reads. */
function setExpression(key: string, value: unknown): string {
  return value === undefined ? `del(.${key})` : `.${key} = ${JSON.stringify(value)}`;
}

function sizeFlags(key: 'memory' | 'disk', before: unknown, after: unknown): string[] {
  if (same(before, after)) return [];
  const gib = typeof after === 'string' ? sizeInGiB(after) : undefined;
  if (gib !== undefined && gib > 0) return [flag(key, String(gib))];
  return [flag('set', setExpression(key, after))];
}

/** Mounts only appended (location and writable only) map to --mount; none at all is --mount-none. */
function mountFlags(before: unknown, after: unknown): string[] {
  if (same(before, after)) return [];
  const was = list(before);
  const now = list(after);
  if (now.length === 0) return ['--mount-none'];
  const added = now.slice(was.length);
  const appended = now.length >= was.length && same(now.slice(0, was.length), was);
  if (appended && added.every((m) => only(m, ['location', 'writable']) && typeof m.location === 'string')) {
    return added.map((m) => flag('mount', `${String(m.location)}${m.writable === true ? ':w' : ''}`));
  }
  return [flag('set', setExpression('mounts', after))];
}

/** Port forwards only appended (guest and host port only) map to --port-forward HOST:GUEST. */
function portForwardFlags(before: unknown, after: unknown): string[] {
  if (same(before, after)) return [];
  const was = list(before);
  const now = list(after);
  const added = now.slice(was.length);
  const appended = now.length >= was.length && same(now.slice(0, was.length), was);
  if (appended && added.every((p) => only(p, ['guestPort', 'hostPort']) && typeof p.guestPort === 'number')) {
    return added.map((p) => flag('port-forward', `${String(p.hostPort ?? p.guestPort)}:${String(p.guestPort)}`));
  }
  return [flag('set', setExpression('portForwards', after))];
}

function cpuFlags(before: unknown, after: unknown): string[] {
  if (same(before, after)) return [];
  if (typeof after === 'number' && Number.isInteger(after) && after > 0) return [flag('cpus', String(after))];
  return [flag('set', setExpression('cpus', after))];
}

const HANDLED = new Set(['cpus', 'memory', 'disk', 'mounts', 'portForwards']);

/** The words of the command, unquoted except where a shell needs quotes. */
export function limactlCreateCommand(input: CommandInput): string {
  return limactlCreateWords(input).join(' ');
}

/** The same as words (each quoted as needed), for showing the line broken only between them. */
export function limactlCreateWords({ name, source, original, current }: CommandInput): string[] {
  const words = ['limactl', 'create', flag('name', name)];
  words.push(...cpuFlags(original.cpus, current.cpus));
  words.push(...sizeFlags('memory', original.memory, current.memory));
  words.push(...sizeFlags('disk', original.disk, current.disk));
  words.push(...mountFlags(original.mounts, current.mounts));
  words.push(...portForwardFlags(original.portForwards, current.portForwards));
  // The form edits only the keys above; a difference elsewhere still shows, so the line never lies.
  for (const key of new Set([...Object.keys(original), ...Object.keys(current)])) {
    if (!HANDLED.has(key) && !same(original[key], current[key])) words.push(flag('set', setExpression(key, current[key])));
  }
  words.push(source.kind === 'template' ? `template:${source.name}` : shellQuote(source.fileName.includes('/') ? source.fileName : `./${source.fileName}`));
  return words;
}
