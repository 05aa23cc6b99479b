import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the built renderer is: `out/renderer` beside `out/cli` (the bundled CLI lives in
 * out/cli/limadesk.mjs), or LIMADESK_RENDERER_DIR for unusual layouts.
 */
export function defaultRendererDir(env: NodeJS.ProcessEnv, scriptPath: string | undefined = process.argv[1]): string {
  if (env.LIMADESK_RENDERER_DIR) return path.resolve(env.LIMADESK_RENDERER_DIR);
  const candidates: string[] = [];
  if (scriptPath) {
    const dir = path.dirname(path.resolve(scriptPath));
    candidates.push(path.join(dir, '..', 'renderer'), path.join(dir, '..', 'out', 'renderer'));
  }
  candidates.push(path.resolve('out', 'renderer'));
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? candidates[0]!;
}
