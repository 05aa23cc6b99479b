import { QmpClient } from '../qmp/client';

const RETRY_MS = 100;

/**
 * Resolves once QEMU's monitor on `socketPath` answers a `query-status`. The socket appears
 * a moment after QEMU starts, so failures are retried until `timeoutMs`. The connection is
 * closed right after, because QEMU serves one QMP client at a time and the driver needs it
 * for its own commands.
 */
export async function qmpAnswers(socketPath: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: Error | undefined;
  while (Date.now() < deadline) {
    const remaining = Math.max(1000, deadline - Date.now());
    try {
      const client = await QmpClient.connect(socketPath, { dialTimeoutMs: remaining, greetingTimeoutMs: remaining });
      try {
        await client.execute('query-status', undefined, { timeoutMs: remaining });
        return;
      } finally {
        client.close();
      }
    } catch (err) {
      lastError = err as Error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
  throw new Error(`QMP at ${socketPath} did not answer in ${timeoutMs / 1000}s: ${lastError?.message ?? 'no attempt'}`);
}
