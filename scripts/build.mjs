// Builds every runnable part: the CLI (which is also the host agent), the Electron main
// process, the preload and the renderer. esbuild bundles the Node sides into single CommonJS
// files so they run under plain Node and under Electron alike; Vite builds the renderer.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const wants = (part) => only.length === 0 || only.includes(part);

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // ssh2 tries optional native addons (its crypto binding, cpu-features) inside try/catch and
  // falls back to pure JS when they do not load: leave them out of the bundle so they cannot
  // break it (an Electron build could not load Node's ABI anyway).
  external: ['cpu-features', '*.node'],
};

if (only.length === 0) rmSync(path.join(root, 'out'), { recursive: true, force: true });

const jobs = [];
// Big lima.yaml documents are checked in a worker thread whose program sits beside each bundle
// that checks configs (src-main/core/config/config-worker-pool.ts).
const configWorker = (dir) => esbuild({ ...nodeCommon, sourcemap: false, entryPoints: ['src-main/core/config/config-worker-entry.ts'], outfile: `${dir}/config-worker.cjs` });
if (wants('cli')) {
  jobs.push(esbuild({ ...nodeCommon, entryPoints: ['src-main/cli-entry.ts'], outfile: 'out/cli/limadesk.cjs' }), configWorker('out/cli'));
}
if (wants('main')) {
  jobs.push(esbuild({ ...nodeCommon, entryPoints: ['src-main/electron/main.ts'], outfile: 'out/main/index.cjs', external: [...nodeCommon.external, 'electron'] }), configWorker('out/main'));
}
if (wants('preload')) {
  // A sandboxed preload may only require electron: everything else must be bundled in.
  jobs.push(esbuild({ ...nodeCommon, platform: 'browser', entryPoints: ['src-preload/index.ts'], outfile: 'out/preload/index.cjs', external: ['electron'] }));
}
await Promise.all(jobs);
if (wants('renderer')) {
  // A production bundle even when called from a test run (vitest sets NODE_ENV=test, which
  // would otherwise ship React's development build and distort every measurement after it).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
