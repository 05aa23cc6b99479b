import net from 'node:net';
import type { Logger } from '../../../common/logger';
import type { GuestConnection } from '../../ssh/guest-connection';
import { HostListener } from './host-listener';
import { relay } from './relay';
import { hostAddress, type ForwardRule } from './rules';
import type { PortForwardEntry, PortForwardEvent } from './types';

/** Go's %#q, which Lima's socket-forwarding log lines use for paths. */
const q = (text: string): string => (text.includes('`') ? JSON.stringify(text) : `\`${text}\``);

interface ActiveForward {
  entry: PortForwardEntry;
  stop(): Promise<void>;
}

/**
 * Lima's unix-socket forwards (`guestSocket` rules), over the one SSH connection: a guest socket
 * served on a host socket (or host port), and with `reverse: true` a host socket served in the
 * guest by its sshd. Each is set up once the connection is there and taken down with it.
 */
export class SocketForwarder {
  private readonly active: ActiveForward[] = [];

  constructor(
    private readonly rules: readonly ForwardRule[],
    private readonly logger: Logger,
    private readonly emit: (event: PortForwardEvent) => void,
  ) {}

  async start(guest: GuestConnection): Promise<void> {
    for (const rule of this.rules) {
      if (!rule.guestSocket) continue;
      const host = hostAddress(rule, 0);
      if (rule.reverse) await this.reverse(guest, rule.guestSocket, host);
      else await this.forward(guest, rule.guestSocket, host);
    }
  }

  list(): PortForwardEntry[] {
    return this.active.map((forward) => ({ ...forward.entry }));
  }

  async stopAll(): Promise<void> {
    const active = this.active.splice(0);
    for (const forward of active.reverse()) await forward.stop();
  }

  private fail(entry: PortForwardEntry, message: string, err: Error): void {
    this.logger.warn(message, { error: err.message });
    entry.state = 'failed';
    entry.error = err.message;
    this.emit({ type: 'failed', protocol: 'unix', guestAddr: entry.guestAddr, hostAddr: entry.hostAddr, error: err.message });
  }

  private async forward(guest: GuestConnection, guestSocket: string, host: string): Promise<void> {
    const entry: PortForwardEntry = { protocol: 'unix', guestAddr: guestSocket, hostAddr: host, state: 'forwarding' };
    this.logger.info(`Forwarding ${q(guestSocket)} (guest) to ${q(host)} (host)`);
    try {
      const listener = await HostListener.listen(host, () => guest.openUnix(guestSocket), this.logger);
      this.emit({ type: 'forwarding', protocol: 'unix', guestAddr: guestSocket, hostAddr: host });
      this.active.push({
        entry,
        stop: async () => {
          this.logger.info(`Stopping forwarding ${q(guestSocket)} (guest) to ${q(host)} (host)`);
          await listener.close();
        },
      });
    } catch (err) {
      this.fail(entry, `Failed to set up forward from ${q(guestSocket)} (guest) to ${q(host)} (host)`, err as Error);
      this.active.push({ entry, stop: async () => {} });
    }
  }

  /** The guest's sshd listens on `guestSocket`; each connection there is carried to the host socket. */
  private async reverse(guest: GuestConnection, guestSocket: string, hostSocket: string): Promise<void> {
    const entry: PortForwardEntry = { protocol: 'unix', guestAddr: guestSocket, hostAddr: hostSocket, state: 'forwarding', reverse: true };
    this.logger.info(`Forwarding ${q(hostSocket)} (host) to ${q(guestSocket)} (guest)`);
    // sshd will not bind over an existing file (StreamLocalBindUnlink is off by default).
    const removed = await guest.run(['rm', '-f', guestSocket]).catch((err: Error) => ({ code: null, stdout: '', stderr: err.message }));
    if (removed.code !== 0) {
      this.logger.warn(`Failed to clean up ${q(guestSocket)} (guest) before setting up forwarding`, { error: removed.stderr.trim() });
    }
    try {
      await guest.listenUnix(guestSocket, (channel) => {
        const local = net.connect(hostSocket);
        local.once('error', (err) => {
          this.logger.debug('could not reach the host end of a reverse forward', { hostSocket, error: err.message });
          channel.destroy();
        });
        relay(local, channel);
      });
      this.emit({ type: 'forwarding', protocol: 'unix', guestAddr: guestSocket, hostAddr: hostSocket });
      this.active.push({
        entry,
        stop: async () => {
          this.logger.info(`Stopping forwarding ${q(hostSocket)} (host) to ${q(guestSocket)} (guest)`);
          await guest.unlistenUnix(guestSocket).catch(() => {});
          await guest.run(['rm', '-f', guestSocket]).catch(() => {});
        },
      });
    } catch (err) {
      this.fail(entry, `Failed to set up forward from ${q(hostSocket)} (host) to ${q(guestSocket)} (guest)`, err as Error);
      this.active.push({ entry, stop: async () => {} });
    }
  }
}
