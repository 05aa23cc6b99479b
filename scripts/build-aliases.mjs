// Module substitutions shared by every esbuild bundle of the Node side (scripts/build.mjs) and
// the benches that bundle parts of it, so a bench measures what ships.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const nodeAliases = {
  // ws masks and unmasks frames byte by byte unless `bufferutil` loads; our word-wise
  // JavaScript version has its API and needs no native build (src-main/core/loopback-ws/word-mask.ts).
  bufferutil: path.join(root, 'src-main', 'core', 'loopback-ws', 'word-mask.ts'),
};
