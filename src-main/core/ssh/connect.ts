import type * as Ssh2 from 'ssh2';
import type { Client } from 'ssh2';
import type { SshTarget } from './target';

export interface ConnectOptions {
  /** Covers the TCP connect, key exchange and authentication. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * For a connection kept open: SSH keepalives this often, and after 3 unanswered the
   * connection counts as dead (a guest that froze or vanished without closing it).
   */
  keepaliveIntervalMs?: number;
}

/**
 * An authenticated ssh2 connection. Any host key is accepted, as Lima's ssh.config does with
 * `StrictHostKeyChecking no` and `UserKnownHostsFile /dev/null`: the guest makes a new key on
 * each boot and the port only listens on 127.0.0.1.
 *
 * ssh2 (with its crypto) is a large part of the code a host agent or CLI command loads; it is
 * imported on the first connection, so a VM's start does not wait for it.
 */
async function loadSshClient(): Promise<typeof Client> {
  const loaded: Partial<typeof Ssh2> & { default?: typeof Ssh2 } = await import('ssh2');
  // ssh2 is CommonJS: a bundle split into chunks exposes it only as the default export, while
  // Node's own loader (tests run from source) also gives the named ones.
  const ssh2 = loaded.Client ? loaded : loaded.default;
  if (!ssh2?.Client) throw new Error('ssh2 did not load: no Client export');
  return ssh2.Client;
}

export async function connectSsh(target: SshTarget, options: ConnectOptions = {}): Promise<Client> {
  const SshClient = await loadSshClient();
  return new Promise((resolve, reject) => {
    const client = new SshClient();
    let settled = false;
    const onAbort = (): void => fail(new Error('SSH connection aborted'));
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      client.end();
      client.destroy();
      reject(err);
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      resolve(client);
    });
    // `on`, not `once`: ssh2 can emit a second error after the first (e.g. the socket dropping as the VM stops), and an unheard one kills the process.
    client.on('error', (err: Error) => fail(new Error(`SSH to ${target.user}@${target.host}:${target.port} failed: ${err.message}`, { cause: err })));
    client.once('close', () => fail(new Error(`SSH to ${target.user}@${target.host}:${target.port}: the connection closed during the handshake`)));
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      privateKey: target.privateKey,
      hostVerifier: () => true,
      readyTimeout: options.timeoutMs ?? 20_000,
      keepaliveInterval: options.keepaliveIntervalMs ?? 0,
      keepaliveCountMax: 3,
      // Key-only, as ssh.config's PreferredAuthentications publickey and BatchMode yes.
      tryKeyboard: false,
    });
  });
}
