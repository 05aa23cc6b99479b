/**
 * Custom locator schemes, as Lima handles them: `SCHEME:REST` runs the executable
 * `limactl-url-SCHEME REST` (found on PATH or in the Lima installation's libexec/lima) and
 * continues with the locator it prints. Lima ships `limactl-url-fedora-rawhide` this way.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TemplateLocatorError } from './template-errors';
import { findOnPath, limaInstallPrefixes, type TemplateEnv } from './template-store';

const PLUGIN_TIMEOUT_MS = 120_000;
const BUILT_IN_SCHEMES = new Set(['template', 'http', 'https', 'file', 'github']);

/** The scheme of a locator when it is a custom one (not built in, and not a Windows drive letter). */
export function customScheme(locator: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(locator)?.[1]?.toLowerCase();
  return scheme !== undefined && !BUILT_IN_SCHEMES.has(scheme) ? scheme : undefined;
}

function findPlugin(scheme: string, env: TemplateEnv): string | undefined {
  const name = `limactl-url-${scheme}`;
  const libexecDirs = limaInstallPrefixes(env).map((prefix) => path.join(prefix, 'libexec', 'lima'));
  const searchPath = [env.PATH ?? '', ...libexecDirs].filter((p) => p !== '').join(path.delimiter);
  return findOnPath(name, { ...env, PATH: searchPath });
}

/** Resolve custom schemes until the locator is one Limadesk reads itself. */
export async function transformCustomLocator(locator: string, env: TemplateEnv): Promise<string> {
  const seen = new Set<string>();
  let current = locator;
  for (let scheme = customScheme(current); scheme !== undefined; scheme = customScheme(current)) {
    if (seen.has(current)) throw new TemplateLocatorError(`custom locator "${locator}" has a redirect loop`);
    seen.add(current);
    const plugin = findPlugin(scheme, env);
    if (!plugin) {
      throw new TemplateLocatorError(
        `"${current}": no limactl-url-${scheme} plugin found on PATH or in a Lima installation's libexec/lima, so the "${scheme}:" scheme cannot be read`,
      );
    }
    const argument = current.slice(scheme.length + 1);
    try {
      const { stdout } = await promisify(execFile)(plugin, [argument], { env: { ...env } as NodeJS.ProcessEnv, timeout: PLUGIN_TIMEOUT_MS, maxBuffer: 1024 * 1024 });
      current = stdout.trim();
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr ?? '').trim();
      throw new TemplateLocatorError(`command "${plugin} ${argument}" failed: ${stderr || (err as Error).message}`);
    }
    if (current === '') throw new TemplateLocatorError(`command "${plugin} ${argument}" printed no locator`);
  }
  return current;
}
