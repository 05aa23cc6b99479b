import type { TerminalSession } from '../../common/api';
import { InstanceStateError } from '../instances/errors';
import { requireInstance } from '../instances/require-instance';
import { limaSshTarget, type SshTarget } from '../ssh/target';
import { checkTerminalSize, type TerminalSize } from '../terminal/resize-message';
import type { TerminalServer } from '../terminal/terminal-server';

/** Where a running instance's SSH is: the forwarded port and lima.yaml's user, with Lima's key. */
export async function instanceSshTarget(limaHome: string, name: string): Promise<SshTarget> {
  const inst = await requireInstance(limaHome, name);
  if (inst.status !== 'Running') throw new InstanceStateError(`expected status "Running", got ${JSON.stringify(inst.status)}`);
  if (!inst.sshLocalPort) throw new InstanceStateError(`instance ${JSON.stringify(name)} has no SSH port yet (ssh.config and ha.sock name none)`);
  return limaSshTarget({ limaHome, port: inst.sshLocalPort, user: inst.config?.user?.name });
}

/** Terminal sessions by instance name, for the API's openTerminalSession. */
export function createTerminalPort(
  server: TerminalServer,
  resolve: (name: string) => Promise<SshTarget>,
): { open(name: string, size: TerminalSize): Promise<TerminalSession> } {
  return {
    async open(name, size) {
      const checked = checkTerminalSize(size);
      const ssh = await resolve(name);
      return { url: await server.openSession({ instance: name, ssh, size: checked }) };
    },
  };
}
