/**
 * Which documents are checked in-process and which in the config worker, and what a refusal
 * says. Small documents, which every real lima.yaml is, stay in-process: with aliases capped
 * (yaml-nodes.ts) and duplicate keys found in one pass (parse.ts), checking them takes
 * milliseconds, while starting a worker takes tens of them.
 */
import { ConfigWorkerTimeout, defaultConfigWorkerScript, type ConfigWorkerOptions } from './config-worker-pool';
import type { ConfigIssue } from './types';

/** Documents up to this size are checked in-process; Lima's own default template, comments and all, is 35 KB. */
export const INLINE_CHECK_LIMIT = 64 * 1024;

/**
 * The worker to check a document of `bytes` in, or undefined to check it here: small enough,
 * or no worker bundle (running from sources, as unit tests of other modules do).
 */
export function workerFor(bytes: number, options: ConfigWorkerOptions | undefined): (ConfigWorkerOptions & { script: string }) | undefined {
  if (bytes <= INLINE_CHECK_LIMIT) return undefined;
  const script = options?.script ?? defaultConfigWorkerScript();
  return script === undefined ? undefined : { ...options, script };
}

/** A check the worker gave up on, or one that failed there, as an issue of `file`. */
export function workerFailureIssue(err: unknown, file: string, bytes?: number): ConfigIssue {
  const size = bytes === undefined ? 'YAML' : `${bytes} bytes of YAML`;
  const message =
    err instanceof ConfigWorkerTimeout
      ? `refused: ${size} that take too long to read (${err.message}); a lima.yaml is a few kilobytes, check that this is the right file`
      : `cannot be checked: ${err instanceof Error ? err.message : String(err)}`;
  return { severity: 'error', field: '', message, file };
}
