import type { Logger } from '../../../common/logger';
import type { PortForward } from '../../config/types';
import type { GuestConnection } from '../../ssh/guest-connection';
import { listenerWatchCommand, readListenerSnapshots } from './guest-listeners';
import { IPV4_LOOPBACK, IPV6_LOOPBACK, formatIp, isUnspecified, isV4, parseIp } from './ip';
import type { GuestListener } from './proc-net-tcp';
import { disabledProtocols, portForwardRules, type ForwardRule } from './rules';
import { SocketForwarder } from './socket-forwarder';
import { TcpForwarder } from './tcp-forwarder';
import type { PortForwardEntry, PortForwardEvent } from './types';

export interface PortForwardingOptions {
  /** lima.yaml's `portForwards`, defaults filled and templates expanded by the config loader. */
  portForwards: readonly PortForward[];
  /** Plain mode: only `static` rules are forwarded, as in Lima (no guest watching, no sockets). */
  plain: boolean;
  sshLocalPort: number;
  /** The guest's byte order, for reading /proc/net/tcp (false only for s390x among Lima's arches). */
  littleEndian: boolean;
  /** Opens a new authenticated connection to the guest; `signal` gives up on it. */
  connect(signal: AbortSignal): Promise<GuestConnection>;
  logger: Logger;
  emit(event: PortForwardEvent): void;
  /** How often the guest looks at its listening sockets; at most 3 s. */
  pollSeconds?: number;
  /** Wait between attempts after the connection or the watcher went away. */
  retryMs?: number;
}

/** Where a host connection is sent in the guest: a wildcard listener is reached on its family's loopback. */
export function dialAddress(guest: GuestListener): string {
  const ip = parseIp(guest.ip);
  if (!ip || !isUnspecified(ip)) return guest.ip;
  return formatIp(isV4(ip) ? IPV4_LOOPBACK : IPV6_LOOPBACK);
}

/** How long taking the forwards down may wait for the guest. */
const STOP_GRACE_MS = 5000;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/**
 * The host agent's port forwarding, started once the guest answers SSH: one SSH connection,
 * kept open (and made again if it drops while the instance runs), carrying every forward.
 * Guest TCP listeners come from /proc/net/tcp{,6} read over that connection; Lima's rules
 * decide where each goes. Everything is taken down by `stop()`.
 */
export class PortForwarding {
  private readonly rules: ForwardRule[];
  private readonly tcp: TcpForwarder;
  private readonly sockets: SocketForwarder;
  private readonly abort = new AbortController();
  private connection: GuestConnection | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: PortForwardingOptions) {
    const { rules, instanceRules, problems } = portForwardRules(options.portForwards, options.sshLocalPort);
    for (const problem of problems) options.logger.warn(problem);
    this.rules = rules;
    const disabled = disabledProtocols(instanceRules);
    if (disabled.tcp && disabled.udp) options.logger.info('TCP (except for SSH) and UDP port forwarding is disabled');
    else if (disabled.tcp) options.logger.info('TCP port forwarding is disabled (except for SSH)');
    else if (disabled.udp) options.logger.info('UDP port forwarding is disabled');
    this.tcp = new TcpForwarder({
      rules,
      tcpDisabled: disabled.tcp,
      logger: options.logger,
      emit: options.emit,
      openTcp: (guest, from) => {
        if (!this.connection) return Promise.reject(new Error('no SSH connection to the guest'));
        return this.connection.openTcp(dialAddress(guest), guest.port, from);
      },
    });
    this.sockets = new SocketForwarder(options.plain ? [] : rules, options.logger, options.emit);
  }

  start(): void {
    if (this.running) return;
    if (this.options.plain) {
      const hasStatic = this.rules.some((r) => r.static);
      this.options.logger.info(
        `Running in plain mode. Mounts, dynamic port forwarding, containerd, etc. will be ignored. Guest agent will not be running.${hasStatic ? ' Static port forwarding is allowed.' : ''}`,
      );
      // Nothing to carry: no connection is kept for nothing.
      if (!hasStatic) return;
    }
    this.running = this.keepConnected();
  }

  /** The forwards as they stand: TCP listeners seen in the guest, static forwards, socket forwards. */
  list(): PortForwardEntry[] {
    return [...this.tcp.list(), ...this.sockets.list()];
  }

  /** Takes every forward down and closes the connection. Safe to call more than once. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async keepConnected(): Promise<void> {
    const signal = this.abort.signal;
    const retryMs = this.options.retryMs ?? 3000;
    let lastError = '';
    while (!signal.aborted) {
      let connection: GuestConnection;
      try {
        connection = await this.options.connect(signal);
      } catch (err) {
        if (signal.aborted) break;
        const message = (err as Error).message;
        if (message !== lastError) this.options.logger.debug('port forwarding: cannot connect to the guest yet', { error: message });
        lastError = message;
        await sleep(retryMs, signal);
        continue;
      }
      lastError = '';
      if (signal.aborted) {
        connection.end();
        break;
      }
      this.connection = connection;
      await this.serve(connection, signal);
      this.connection = undefined;
      if (!signal.aborted) {
        this.options.logger.info('the SSH connection for port forwarding closed; connecting again');
        await sleep(retryMs, signal);
      }
    }
  }

  /** Sets the forwards up on `connection` and keeps them until it ends or a stop is asked for. */
  private async serve(connection: GuestConnection, signal: AbortSignal): Promise<void> {
    const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    const ended = Promise.race([connection.ended, stopped]);
    await this.tcp.addStatic();
    if (!this.options.plain) {
      await this.sockets.start(connection);
      void this.watchListeners(connection, ended);
    }
    await ended;
    // Reverse forwards are undone in the guest while the connection still works; a guest that
    // no longer answers must not hold the stop up.
    await Promise.race([this.sockets.stopAll(), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
    await this.tcp.closeAll();
    connection.end();
  }

  /** Runs the guest's listener watcher for as long as the connection lasts, starting it again if it dies. */
  private async watchListeners(connection: GuestConnection, ended: Promise<void>): Promise<void> {
    let over = false;
    void ended.then(() => (over = true));
    const command = listenerWatchCommand(Math.min(3, Math.max(1, this.options.pollSeconds ?? 1)));
    while (!over) {
      try {
        const channel = await connection.exec(command);
        channel.stderr.resume();
        readListenerSnapshots(channel, this.options.littleEndian, (listeners) => {
          if (!over) void this.tcp.update(listeners);
        });
        await Promise.race([new Promise((resolve) => channel.once('close', resolve)), ended]);
        channel.close?.();
      } catch (err) {
        if (!over) this.options.logger.debug('port forwarding: the guest listener watch failed', { error: (err as Error).message });
      }
      if (!over) await Promise.race([new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 3000).unref()), ended]);
    }
  }
}
