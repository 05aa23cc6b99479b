import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, without types
import { atLeast, ELECTRON_TOOLING_NODE, NODE_MINIMUM, noElectronMessage } from '../../scripts/start.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const empty = mkdtempSync(path.join(os.tmpdir(), 'limadesk-no-electron-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('npm start', () => {
  it('is scripts/start.mjs', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
  });

  it('without Electron\'s program says what happened in one paragraph and offers browser mode, without a stack trace', () => {
    // Electron's own override points at a directory with no Electron in it: as after a failed download.
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const text = run.stderr.trim();
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toMatch(/^limadesk: the desktop app cannot start: Electron's program is not installed/);
    expect(text).toContain('npx limadesk serve --open');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('names the Node.js version Electron\'s installer needs only when this one is older', () => {
    const electron = { file: '/x/electron', found: false, packageFound: true };
    expect(noElectronMessage(electron, 'v20.19.4')).toContain(`Node.js ${ELECTRON_TOOLING_NODE} or newer, which Electron 45's installer requires; this is Node.js 20.19.4`);
    expect(noElectronMessage(electron, 'v22.12.0')).not.toContain('this is Node.js');
  });

  it('states the same Node.js minimum as package.json and the README', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${NODE_MINIMUM.replace(/\.0$/, '')}`);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${NODE_MINIMUM.replace(/\.0$/, '')} or newer`);
    expect(readme).toContain(`Node.js ${ELECTRON_TOOLING_NODE.replace(/\.0$/, '')} or newer`);
    expect(atLeast(process.version, NODE_MINIMUM)).toBe(true);
    expect(atLeast('v20.18.9', NODE_MINIMUM)).toBe(false);
    expect(atLeast('v22.12.0', ELECTRON_TOOLING_NODE)).toBe(true);
  });
});
