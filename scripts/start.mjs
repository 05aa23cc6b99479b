// `npm start`: builds and runs the desktop app, or says in plain words why it cannot and what
// works instead. Electron's program is downloaded by `npm install` (its postinstall), which
// fails quietly without network access to GitHub or on Node.js older than Electron 45's
// installer needs; `electron .` would then print a stack trace, or try the download again.
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

/** The one paragraph `npm start` says when there is no Electron to run. */
export function noElectronMessage(electron, nodeVersion) {
  const why = electron.packageFound
    ? `Electron's program is not installed (${electron.file} is missing): \`npm install\` downloads it from GitHub, and that download did not happen`
    : 'the electron package is not installed (dev dependencies were left out of `npm install`)';
  const nodeNote = atLeast(nodeVersion, ELECTRON_TOOLING_NODE)
    ? 'it needs network access to github.com (or a mirror in ELECTRON_MIRROR)'
    : `it needs network access to github.com (or a mirror in ELECTRON_MIRROR) and Node.js ${ELECTRON_TOOLING_NODE} or newer, which Electron 45's installer requires; this is Node.js ${nodeVersion.replace(/^v/, '')}`;
  return [
    `limadesk: the desktop app cannot start: ${why}; ${nodeNote}.`,
    'Everything else works without it: `npm run build && npx limadesk serve --open` opens the same app in your web browser.',
    `To get the desktop app, run \`node node_modules/electron/install.js\` with Node.js ${ELECTRON_TOOLING_NODE} or newer and network access, then \`npm start\` again.`,
  ].join(' ');
}

function main() {
  if (!atLeast(process.version, NODE_MINIMUM)) {
    process.stderr.write(`limadesk: Node.js ${NODE_MINIMUM} or newer is needed (this is ${process.version}); install a newer Node.js and run \`npm install && npm start\` again.\n`);
    process.exit(1);
  }
  // Before the build, which takes a while: there is no point building for an app that cannot run.
  const electron = electronExecutable();
  if (!electron.found) {
    process.stderr.write(`${noElectronMessage(electron, process.version)}\n`);
    process.exit(1);
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
