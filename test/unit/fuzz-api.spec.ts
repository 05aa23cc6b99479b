import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHOD_NAMES, type ApiMethodName, type ApiResult } from '../../src-main/common/api';
import { createApiService, type ApiService } from '../../src-main/core/api/service';
import { expectClearMessage, fuzzParams, hostileString, treeSnapshot } from './fuzz-support';

// What a compromised or buggy renderer can send: any method name with any parameters. The
// real service answers each with a typed result; none escapes as an exception, none is an
// 'internal' failure (an unexpected exception inside), and nothing is written.
const ERROR_CODES = ['invalid-request', 'unknown-method', 'unauthorized', 'forbidden', 'not-found', 'exists', 'invalid-config',
  'wrong-state', 'conflict', 'cancelled', 'unsupported'];
// These change the instance when their parameters are valid, so they only ever get names
// that do not exist; the read-only ones also get the real instance.
const MUTATING: ReadonlySet<ApiMethodName> = new Set(['putConfigText', 'createInstance', 'startInstance', 'stopInstance', 'restartInstance',
  'deleteInstance', 'createSnapshot', 'applySnapshot', 'deleteSnapshot', 'openVncSession', 'openTerminalSession']);
// Host checks spawn tools and may offer to sign QEMU: not what a fuzz loop should hammer.
const EXCLUDED: ReadonlySet<string> = new Set(['doctor', 'signQemu']);

let home: string;
let service: ApiService;
let before: Record<string, string>;

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'ld-fuzz-api-'));
  const dir = path.join(home, 'vm1');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
  writeFileSync(path.join(dir, 'serial.log'), 'hello\n');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(dir, 'disk'), '64M']);
  // A second instance that was never started has no disk at all.
  mkdirSync(path.join(home, 'fresh'));
  writeFileSync(path.join(home, 'fresh', 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
  service = await createApiService({ limaHome: home, agent: { nodePath: process.execPath, scriptPath: '/nonexistent/cli.cjs' }, env: {} });
  before = treeSnapshot(home);
});
afterAll(async () => {
  await service?.close();
  rmSync(home, { recursive: true, force: true });
});

const value = fc.oneof(
  { weight: 3, arbitrary: hostileString() },
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(undefined, null, NaN, Infinity, -1, 0, 2 ** 53, true, [], {}, '__proto__', { toString: 1 }),
);

// The keys each method takes: well-shaped requests get past validation into the handlers.
const KEYS: Record<string, string[]> = {
  getInstance: ['name'], getConfigText: ['name'], putConfigText: ['name', 'text', 'expectedMtime'], validateConfig: ['text'],
  createInstance: ['name', 'text'], startInstance: ['name'], stopInstance: ['name', 'force'], restartInstance: ['name'],
  deleteInstance: ['name', 'force'], listSnapshots: ['name'], createSnapshot: ['name', 'tag'], applySnapshot: ['name', 'tag'],
  deleteSnapshot: ['name', 'tag'], openVncSession: ['name'], openTerminalSession: ['name', 'cols', 'rows'],
  readLog: ['name', 'log', 'maxBytes'], getTemplateText: ['name'],
};

function paramsFor(method: string): fc.Arbitrary<unknown> {
  const names = MUTATING.has(method as ApiMethodName) ? fc.oneof(hostileString(), fc.constant('ghost')) : fc.oneof(hostileString(), fc.constantFrom('vm1', 'fresh', 'ghost', 'default'));
  const typed: Record<string, fc.Arbitrary<unknown>> = {
    name: names,
    text: fc.oneof(hostileString(), value),
    tag: fc.oneof(hostileString(), value),
    force: fc.oneof(fc.boolean(), value),
    expectedMtime: fc.oneof(fc.double(), value),
    log: fc.oneof(fc.constantFrom('serial', 'ha.stderr', 'ha.stdout'), value),
    maxBytes: fc.oneof(fc.integer(), value),
    cols: fc.oneof(fc.integer(), value),
    rows: fc.oneof(fc.integer(), value),
  };
  const own = Object.hasOwn(KEYS, method) ? (KEYS[method] ?? []) : [];
  const shaped = fc.record(Object.fromEntries(own.map((k) => [k, typed[k]!])), { requiredKeys: own.filter((k) => k === 'name' || k === 'text' || k === 'tag') });
  const extra = fc.dictionary(fc.oneof(hostileString(), fc.constantFrom('__proto__', 'constructor', 'prototype')), value, { maxKeys: 3 });
  return fc.oneof({ weight: 4, arbitrary: shaped }, shaped.chain((p) => extra.map((e) => ({ ...e, ...p }))), value);
}

const methods = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...API_METHOD_NAMES.filter((m) => !EXCLUDED.has(m))) },
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'instances:list', 'LISTINSTANCES', ''),
  value,
);

function safeText(v: unknown): string {
  try {
    return (JSON.stringify(v) ?? typeof v).slice(0, 200);
  } catch {
    return typeof v;
  }
}

function expectTyped(result: ApiResult<unknown>, call: string): void {
  expect(typeof result.ok, call).toBe('boolean');
  if (result.ok) return;
  expect(ERROR_CODES, `${call} -> ${result.code}: ${result.message}`).toContain(result.code);
  expectClearMessage(result.message);
}

describe('API dispatch fuzzing over the real service', () => {
  it('answers any method and parameters with a typed result, never an internal failure', async () => {
    const seen = new Map<string, number>();
    const call = methods.chain((method) => paramsFor(typeof method === 'string' ? method : '').map((params) => ({ method, params })));
    await fc.assert(
      fc.asyncProperty(call, async ({ method, params }) => {
        const label = `${safeText(method)}(${safeText(params)})`;
        const result = await service.dispatch(method, params);
        expectTyped(result, label);
        const key = result.ok ? 'ok' : result.code;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (result.ok) expect(MUTATING.has(method as ApiMethodName), `${label} succeeded`).toBe(false);
      }),
      fuzzParams(),
    );
    // The generators reach past the front door: valid reads succeed, missing instances are named.
    console.info('API fuzz outcomes', Object.fromEntries(seen));
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['ok', 'invalid-request', 'unknown-method', 'not-found']));
  }, 60_000);

  it('wrote nothing under LIMA_HOME', () => {
    expect(treeSnapshot(home)).toEqual(before);
  });
});
