import type { Client } from 'ssh2';
import { connectSsh, type ConnectOptions } from './connect';
import type { SshTarget } from './target';

export type HandshakeResult = { ok: true } | { ok: false; reason: string };

function runNoOp(client: Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the no-op command did not finish within ${timeoutMs} ms`)), timeoutMs);
    client.exec('true', (err, channel) => {
      if (err) {
        clearTimeout(timer);
        reject(err);
        return;
      }
      let code: number | undefined;
      channel.on('exit', (exitCode: number | null) => (code = exitCode ?? undefined));
      channel.on('data', () => {});
      channel.stderr.on('data', () => {});
      channel.on('close', () => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`the no-op command "true" exited with ${code === undefined ? 'no status' : `status ${code}`}`));
      });
    });
  });
}

/**
 * Whether the guest really accepts SSH: key exchange, public-key authentication as the Lima
 * user, and a `true` command that exits 0 (what Lima's first requirement runs). A port that
 * only greets, or a server that refuses the key, is not ready.
 */
export async function sshHandshake(target: SshTarget, options: ConnectOptions = {}): Promise<HandshakeResult> {
  let client: Client | undefined;
  try {
    client = await connectSsh(target, options);
    await runNoOp(client, options.timeoutMs ?? 20_000);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  } finally {
    client?.end();
  }
}
