// Builds every runnable part: the CLI (which is also the host agent), the Electron main
// process, the preload and the renderer. esbuild bundles the Node sides into single CommonJS
// files so they run under plain Node and under Electron alike; Vite builds the renderer.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { nodeAliases } from './build-aliases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const wants = (part) => only.length === 0 || only.includes(part);

const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

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
  alias: nodeAliases,
  define: { __LIMADESK_VERSION__: JSON.stringify(version) },
};

/**
 * The CLI (also the host agent) as ES modules split into chunks: a command loads only its own
 * code, so `limadesk --version` and `limadesk list` do not parse and run everything else.
 * Bundled CommonJS dependencies still find `require`, `__filename` and `__dirname`; chunks sit
 * beside the entry, so `__dirname` is the bundle's directory everywhere (config-worker.cjs and
 * the assets are found from it).
 */
const cliBuild = {
  ...nodeCommon,
  format: 'esm',
  splitting: true,
  entryPoints: { limadesk: 'src-main/cli-entry.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  banner: {
    js: [
      "import { createRequire as __ldRequire } from 'node:module';",
      "import { fileURLToPath as __ldPath } from 'node:url';",
      "import { dirname as __ldDir } from 'node:path';",
      'const require = __ldRequire(import.meta.url);',
      'const __filename = __ldPath(import.meta.url);',
      'const __dirname = __ldDir(__filename);',
    ].join(' '),
  },
};

if (only.length === 0) rmSync(path.join(root, 'out'), { recursive: true, force: true });

const jobs = [];
// Big lima.yaml documents are checked in a worker thread whose program sits beside each bundle
// that checks configs (src-main/core/config/config-worker-pool.ts).
const configWorker = (dir) => esbuild({ ...nodeCommon, sourcemap: false, entryPoints: ['src-main/core/config/config-worker-entry.ts'], outfile: `${dir}/config-worker.cjs` });
if (wants('cli')) {
  // Chunks of an earlier build stay (a full build starts from an empty out/): a host agent
  // started from that build may still import them.
  jobs.push(esbuild(cliBuild), configWorker('out/cli'));
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
