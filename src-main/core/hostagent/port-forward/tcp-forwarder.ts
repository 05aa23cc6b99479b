import type { Logger } from '../../../common/logger';
import type { GuestChannel } from '../../ssh/guest-connection';
import { HostListener, splitHostPort, type OpenGuestChannel } from './host-listener';
import { formatIp } from './ip';
import type { GuestListener } from './proc-net-tcp';
import { forwardingAddress, guestAddress, isStaticallyForwarded, type ForwardRule } from './rules';
import type { PortForwardEntry, PortForwardEvent } from './types';

export interface TcpForwarderDeps {
  rules: readonly ForwardRule[];
  /** TCP forwarding switched off by the instance's rules: no "Not forwarding" reports then. */
  tcpDisabled: boolean;
  logger: Logger;
  emit(event: PortForwardEvent): void;
  /** A stream to a guest TCP listener, for one host connection. */
  openTcp(guest: GuestListener, from: { address: string; port: number }): Promise<GuestChannel>;
}

/** One host address and the guest listeners it serves (0.0.0.0:80 and [::]:80 both land on 127.0.0.1:80). */
interface HostBinding {
  /** The first one is where new connections go. */
  readonly guests: GuestListener[];
  listening: Promise<HostListener>;
}

/** Ports Lima does not warn about when they cannot be bound (its logListenError). */
function negligibleReason(hostAddr: string, err: NodeJS.ErrnoException): string | undefined {
  if (err.code === 'EACCES') return 'privileged port';
  if (!hostAddr.startsWith('/') && splitHostPort(hostAddr).port === 53) return 'DNS port (often conflicts with the system resolver)';
  return undefined;
}

/**
 * Lima's dynamic TCP forwarder, fed with the guest's listening sockets: each new listener is
 * matched against the rules and, when a rule forwards it, gets a host listener; each listener
 * that goes away takes its host listener with it. A host address that cannot be bound (taken,
 * privileged) is reported and the other forwards carry on.
 */
export class TcpForwarder {
  private current = new Map<string, GuestListener>();
  private readonly entries = new Map<string, PortForwardEntry>();
  private readonly bindings = new Map<string, HostBinding>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: TcpForwarderDeps) {}

  /** Runs `step` after the steps before it; a step that fails is logged and does not stop later ones. */
  private enqueue(what: string, step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((err: Error) => this.deps.logger.warn(`port forwarding: ${what} failed`, { error: err.message }));
    return this.queue;
  }

  /** Applies a full snapshot of the guest's listeners; snapshots are applied one after another. */
  update(listeners: readonly GuestListener[]): Promise<void> {
    const next = new Map(listeners.map((l) => [guestAddress(l), l]));
    return this.enqueue('applying the guest\'s listeners', async () => {
      const previous = this.current;
      this.current = next;
      // Removals first: a port given up by one listener may be what a new one needs.
      for (const [addr, listener] of previous) if (!next.has(addr)) await this.remove(listener);
      for (const [addr, listener] of next) if (!previous.has(addr)) await this.add(listener);
    });
  }

  /** Forwards the `static: true` rules at once, without waiting for a guest listener (Lima's static forwards). */
  addStatic(): Promise<void> {
    return this.enqueue('setting up static forwards', async () => {
      for (const rule of this.deps.rules) {
        if (!rule.static || rule.guestSocket) continue;
        const guest: GuestListener = { ip: formatIp(rule.guestIP), port: rule.guestPort };
        const host = forwardingAddress(this.deps.rules, guest);
        if (!host) continue;
        const guestAddr = guestAddress(guest);
        this.deps.logger.info(`Setting up static TCP forwarding from ${guestAddr} to ${host}`);
        const key = `static ${guestAddr}`;
        try {
          await this.bind(host, guest);
          this.entries.set(key, { protocol: 'tcp', guestAddr, hostAddr: host, state: 'forwarding', static: true });
          this.deps.emit({ type: 'forwarding', protocol: 'tcp', guestAddr, hostAddr: host });
        } catch (err) {
          const error = (err as Error).message;
          this.deps.logger.warn(`failed to set up static TCP forwarding ${guestAddr} -> ${host}`, { error });
          this.entries.set(key, { protocol: 'tcp', guestAddr, hostAddr: host, state: 'failed', static: true, error });
          this.deps.emit({ type: 'failed', protocol: 'tcp', guestAddr, hostAddr: host, error });
        }
      }
    });
  }

  list(): PortForwardEntry[] {
    return [...this.entries.values()].map((entry) => ({ ...entry }));
  }

  /** Closes every host listener and forgets the guest's listeners (the SSH connection is gone, or the instance stops). */
  closeAll(): Promise<void> {
    return this.enqueue('closing the forwards', async () => {
      const bindings = [...this.bindings.values()];
      this.bindings.clear();
      this.entries.clear();
      this.current = new Map();
      await Promise.all(bindings.map((b) => b.listening.then((l) => l.close(), () => {})));
    });
  }

  private async add(guest: GuestListener): Promise<void> {
    const { logger, emit } = this.deps;
    if (isStaticallyForwarded(this.deps.rules, guest.port)) return;
    const guestAddr = guestAddress(guest);
    const host = forwardingAddress(this.deps.rules, guest);
    if (!host) {
      if (!this.deps.tcpDisabled) {
        logger.info(`Not forwarding TCP ${guestAddr}`);
        emit({ type: 'not-forwarding', protocol: 'tcp', guestAddr });
      }
      this.entries.set(guestAddr, { protocol: 'tcp', guestAddr, state: 'not-forwarding' });
      return;
    }
    logger.info(`Forwarding TCP from ${guestAddr} to ${host}`);
    emit({ type: 'forwarding', protocol: 'tcp', guestAddr, hostAddr: host });
    try {
      await this.bind(host, guest);
      this.entries.set(guestAddr, { protocol: 'tcp', guestAddr, hostAddr: host, state: 'forwarding' });
    } catch (err) {
      const error = (err as Error).message;
      const negligible = negligibleReason(host, err as NodeJS.ErrnoException);
      if (negligible) {
        logger.debug(`failed to listen tcp: ${host}`, { error, 'negligible-reason': negligible });
        logger.info(`Not forwarding TCP ${host}`);
      } else {
        logger.warn(`failed to listen tcp: ${host}`, { error });
      }
      this.entries.set(guestAddr, { protocol: 'tcp', guestAddr, hostAddr: host, state: 'failed', error });
      emit({ type: 'failed', protocol: 'tcp', guestAddr, hostAddr: host, error });
    }
  }

  private async remove(guest: GuestListener): Promise<void> {
    const guestAddr = guestAddress(guest);
    const entry = this.entries.get(guestAddr);
    this.entries.delete(guestAddr);
    if (!entry?.hostAddr) return;
    const host = entry.hostAddr;
    this.deps.logger.info(`Stopping forwarding TCP from ${guestAddr} to ${host}`);
    this.deps.emit({ type: 'stopping', protocol: 'tcp', guestAddr, hostAddr: host });
    const binding = this.bindings.get(host);
    if (!binding) return;
    const index = binding.guests.findIndex((g) => guestAddress(g) === guestAddr);
    if (index >= 0) binding.guests.splice(index, 1);
    if (binding.guests.length > 0) return;
    this.bindings.delete(host);
    await binding.listening.then((l) => l.close(), () => {});
  }

  /** Serves `guest` on `host`, sharing the host listener when another guest listener already has it. */
  private async bind(host: string, guest: GuestListener): Promise<void> {
    const existing = this.bindings.get(host);
    if (existing) {
      existing.guests.push(guest);
      await existing.listening;
      return;
    }
    const guests = [guest];
    const open: OpenGuestChannel = (from) => {
      const target = guests[0];
      return target ? this.deps.openTcp(target, from) : Promise.reject(new Error(`no guest listener behind ${host}`));
    };
    const binding: HostBinding = { guests, listening: HostListener.listen(host, open, this.deps.logger) };
    this.bindings.set(host, binding);
    try {
      await binding.listening;
    } catch (err) {
      if (this.bindings.get(host) === binding) this.bindings.delete(host);
      throw err;
    }
  }
}
