import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';

/** One seed for every fuzz run, so a failure replays exactly; override with FUZZ_SEED. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261124);
/** Each property stops generating after this long; the runs done so far count. */
export const FUZZ_TIME_MS = Number(process.env.FUZZ_TIME_MS ?? 3500);

export function fuzzParams(numRuns = 100_000): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns, interruptAfterTimeLimit: FUZZ_TIME_MS, markInterruptAsFailure: false };
}

/** Every path under `dir` with its type, mode, size and content digest: two equal snapshots mean nothing was written. */
export function treeSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const full = path.join(dir, rel);
    const st = lstatSync(full);
    if (st.isDirectory()) {
      out[rel || '.'] = `dir ${st.mode.toString(8)}`;
      for (const name of readdirSync(full).sort()) walk(path.join(rel, name));
    } else if (st.isSymbolicLink()) {
      out[rel] = `link ${readlinkSync(full)}`;
    } else if (st.isFile()) {
      out[rel] = `file ${st.mode.toString(8)} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    } else {
      out[rel] = `other ${st.mode.toString(8)}`;
    }
  };
  walk('');
  return out;
}

/**
 * Names and paths that have broken tools before: traversal, shell metacharacters, option
 * injection, NUL and control bytes, overlong and non-ASCII text, Windows spellings.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  '', '.', '..', '../..', '../../etc/passwd', '..\\..\\windows', '/etc/passwd', '/', '//', '~', '~root', '~/../..',
  'vm/../../x', 'vm/..', './vm', 'vm/', '/abs', 'a\0b', 'vm\n', '\nvm', 'vm\r\n', 'vm\t', ' vm', 'vm ',
  '$(touch /tmp/pwned)', '`id`', 'vm;rm -rf /', 'vm && id', 'vm|id', 'vm>x', 'vm<x', "vm'", 'vm"', 'vm\\', '${HOME}', '$HOME', '%PATH%',
  '-rf', '--help', '-', '--', '-o ProxyCommand=id', 'vm*', 'vm?', '[vm]', '{a,b}', '!', '#', 'vm#x', 'a:b', 'C:\\Windows', 'CON', 'NUL', 'aux.txt',
  'x'.repeat(77), 'x'.repeat(255), 'x'.repeat(4096), 'a.'.repeat(40) + 'a', 'vm.yaml', 'vm.YML', 'default', '_config', '_disks', '_networks',
  'ví', 'вм', '虚拟机', '😀', 'vm\u202e', 'vm\u200b', 'ﬁ', 'Ａ', 'e\u0301', '\u0085', '\uFEFFvm', '\uD800',
];

/** Hostile strings, random unicode, and glued combinations of both. */
export function hostileString(): fc.Arbitrary<string> {
  const corpus = fc.constantFrom(...HOSTILE_STRINGS);
  return fc.oneof(
    corpus,
    fc.string({ unit: 'grapheme', maxLength: 100 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.tuple(corpus, fc.string({ maxLength: 10 }), corpus).map(([a, b, c]) => a + b + c),
  );
}

/** Text that reaches a user: says something, and leaks no JavaScript internals. */
export function expectClearMessage(message: string): void {
  expect(message.trim().length).toBeGreaterThan(0);
  expect(message).not.toMatch(/\[object Object\]|undefined is not|Cannot read propert|is not a function|is not iterable|Maximum call stack|NaN/);
}

export function expectClearIssue(issue: { severity: string; field: string; message: string }): void {
  expect(['error', 'warning']).toContain(issue.severity);
  expect(typeof issue.field).toBe('string');
  expectClearMessage(issue.message);
}
