import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, without types
import { atLeast, ELECTRON_TOOLING_NODE, NODE_MINIMUM, noElectronMessage } from '../../scripts/start.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const empty = mkdtempSync(path.join(os.tmpdir(), 'limadesk-no-electron-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

/**
 * A checkout whose electron package has never downloaded its program (as after `npm install`
 * on any machine): the script and the package copied, without dist/, whatever this machine has.
 */
function freshCheckout(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'limadesk-fresh-'));
  mkdirSync(path.join(dir, 'scripts'));
  cpSync(path.join(root, 'scripts', 'start.mjs'), path.join(dir, 'scripts', 'start.mjs'));
  cpSync(path.join(root, 'node_modules', 'electron'), path.join(dir, 'node_modules', 'electron'), {
    recursive: true,
    filter: (src) => !['dist', 'path.txt'].includes(path.basename(src)) || path.dirname(src) !== path.join(root, 'node_modules', 'electron'),
  });
  symlinkSync(path.join(root, 'node_modules', '@electron'), path.join(dir, 'node_modules', '@electron'));
  return dir;
}

describe('npm start', () => {
  it('is scripts/start.mjs', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/start.mjs');
  });

  it('when Electron cannot be downloaded, says what happened in one paragraph and offers browser mode, without a stack trace', () => {
    // A mirror that refuses connections and an empty download cache: the first start's download fails.
    const checkout = freshCheckout();
    const run = spawnSync(process.execPath, [path.join(checkout, 'scripts', 'start.mjs')], {
      cwd: checkout,
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:1/', electron_config_cache: empty, ELECTRON_OVERRIDE_DIST_PATH: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    rmSync(checkout, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('limadesk: downloading Electron (once, on the first start)…');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^limadesk: the desktop app cannot start: Electron's program is not installed yet and could not be downloaded \(.*fetch failed.*\)/);
    expect(lines[1]).toContain('npx limadesk serve --open');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('does not download over a binary of the user\'s own, and says where it looked', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(new RegExp(`^limadesk: the desktop app cannot start: Electron's program is not at ${empty}/`));
  });

  it('names the Node.js version Electron\'s installer needs only when this one is older', () => {
    const electron = { file: '/x/electron', found: false, packageFound: true };
    expect(noElectronMessage(electron, 'v20.19.4', 'TypeError: fetch failed')).toContain(`Node.js ${ELECTRON_TOOLING_NODE} or newer, which Electron 45's tooling requires; this is Node.js 20.19.4`);
    expect(noElectronMessage(electron, 'v22.12.0', 'TypeError: fetch failed')).not.toContain('this is Node.js');
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
