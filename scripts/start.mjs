// `npm start`: builds and runs the desktop app, or says in plain words why it cannot and what
// works instead. Electron 45 downloads its program the first time it is run (not during
// `npm install`); without network access to GitHub, or where its downloader cannot run,
// `electron .` ends in a stack trace. This script does the download itself, keeps its stack
// trace to itself, and offers browser mode, which needs no Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the CLI, browser mode, the build and the tests need (package.json `engines`). */
export const NODE_MINIMUM = '20.19.0';
/** What Electron 45's own tooling (its installer, electron-builder) needs. */
export const ELECTRON_TOOLING_NODE = '22.12.0';

function versionParts(v) {
  return v.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
}

export function atLeast(version, minimum) {
  const a = versionParts(version);
  const b = versionParts(minimum);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** The Electron executable `npm install` put in node_modules, or where it should have been. */
export function electronExecutable(env = process.env, dir = root) {
  const pkg = path.join(dir, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  // ELECTRON_OVERRIDE_DIST_PATH: Electron's own way to use a binary from elsewhere.
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist');
  const file = path.join(dist, relative || (process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron'));
  return { file, found: existsSync(file), packageFound: existsSync(path.join(pkg, 'package.json')) };
}

/** The first line of the downloader's complaint: its message, without the stack. */
export function firstLine(text) {
  return (text.split('\n').find((l) => l.trim() !== '' && !/^\s+at /.test(l)) ?? '').trim();
}

/** The one paragraph `npm start` says when there is no Electron to run. */
export function noElectronMessage(electron, nodeVersion, downloadError) {
  let why;
  if (!electron.packageFound) why = 'the electron package is not installed (were dev dependencies left out of `npm install`?)';
  else if (downloadError === undefined) why = `Electron's program is not at ${electron.file}`;
  else why = `Electron's program is not installed yet and could not be downloaded (${downloadError || 'the download failed'})`;
  const needs = atLeast(nodeVersion, ELECTRON_TOOLING_NODE)
    ? 'the download needs network access to github.com (or a mirror in ELECTRON_MIRROR)'
    : `the download needs network access to github.com (or a mirror in ELECTRON_MIRROR) and may need Node.js ${ELECTRON_TOOLING_NODE} or newer, which Electron 45's tooling requires; this is Node.js ${nodeVersion.replace(/^v/, '')}`;
  return [
    `limadesk: the desktop app cannot start: ${why}; ${needs}.`,
    'Everything else works without it: `npm run build && npx limadesk serve --open` opens the same app in your web browser.',
    'Once the network (or Node.js) allows, `npm start` downloads Electron and starts the desktop app.',
  ].join(' ');
}

/** Electron's own downloader, its output kept: a failure is reported by its first line only. */
function downloadElectron() {
  process.stderr.write('limadesk: downloading Electron (once, on the first start)…\n');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  return result.status === 0 ? undefined : firstLine(result.stderr ?? '') || `the downloader exited with ${result.status ?? result.signal}`;
}

function main() {
  if (!atLeast(process.version, NODE_MINIMUM)) {
    process.stderr.write(`limadesk: Node.js ${NODE_MINIMUM} or newer is needed (this is ${process.version}); install a newer Node.js and run \`npm install && npm start\` again.\n`);
    process.exit(1);
  }
  // Before the build, which takes a while: there is no point building for an app that cannot run.
  let electron = electronExecutable();
  if (!electron.found) {
    // A binary of the user's own (ELECTRON_OVERRIDE_DIST_PATH) is not ours to download.
    const downloadError = electron.packageFound && !process.env.ELECTRON_OVERRIDE_DIST_PATH ? downloadElectron() : undefined;
    electron = electronExecutable();
    if (!electron.found) {
      process.stderr.write(`${noElectronMessage(electron, process.version, downloadError)}\n`);
      process.exit(1);
    }
  }
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const app = spawn(electron.file, ['.'], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('error', (err) => {
    process.stderr.write(`limadesk: cannot run ${electron.file}: ${err.message}\n`);
    process.exit(1);
  });
  app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
