import type { Client } from 'ssh2';
import { connectSsh } from '../ssh/connect';
import { limaSshTarget } from '../ssh/target';
import type { Instance } from '../store/instance';
import { InstanceStateError } from './errors';
import { requireInstance } from './require-instance';

/** A running instance (refused plainly otherwise: `why` says what needed it running). */
export async function runningInstance(limaHome: string, name: string, why: string): Promise<Instance> {
  const inst = await requireInstance(limaHome, name);
  if (inst.status !== 'Running') {
    throw new InstanceStateError(`instance ${JSON.stringify(name)} is not running (status ${inst.status}): ${why}; start it first (\`limadesk start ${name}\`)`);
  }
  if (!inst.sshLocalPort) throw new InstanceStateError(`instance ${JSON.stringify(name)} has no SSH port yet (its host agent names none)`);
  return inst;
}

/** An SSH connection to a running instance, as its ssh.config describes it (Lima's key, the forwarded port). */
export async function connectToInstance(limaHome: string, inst: Instance, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Client> {
  const target = await limaSshTarget({ limaHome, port: inst.sshLocalPort, user: inst.config?.user?.name });
  return connectSsh(target, { timeoutMs: options.timeoutMs ?? 20_000, ...(options.signal ? { signal: options.signal } : {}) });
}
