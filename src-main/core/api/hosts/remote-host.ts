import { failure, type ApiEventEnvelope, type ApiResult, type HostSettings, type HostStatus, type InstanceSummary, type RemoteHello } from '../../../common/api';
import { silentLogger, type Logger } from '../../../common/logger';
import { Backoff } from './backoff';
import type { HostConnection } from './connect-host';
import type { HostFailure } from './ssh-problem';

export interface RemoteHostOptions {
  settings: HostSettings;
  /** Opens a connection whose pushed events go to `onEvent` (connectHost with known keys only). */
  connect: (settings: HostSettings, onEvent: (event: ApiEventEnvelope) => void, signal: AbortSignal) => Promise<HostConnection>;
  /** Where this host's events go, tagged with its name, and its own hostChanged. */
  emit: (event: ApiEventEnvelope) => void;
  logger?: Logger;
  backoff?: Backoff;
  now?: () => number;
}

function failureOf(err: unknown): HostFailure {
  const e = err as Partial<HostFailure> & { message?: string };
  return { problem: e.problem ?? 'failed', message: e.message ?? String(err) };
}

/**
 * One other host as this machine's API sees it: a connection kept up (and re-made with
 * back-off when it fails or drops), the host's instances as its event stream reports them,
 * and every request for them sent over the connection. While the host is unreachable its
 * instances stay listed as last seen, marked with why.
 */
export class RemoteHost {
  private state: HostStatus['state'] = 'connecting';
  private problem: HostFailure | undefined;
  private hello: RemoteHello | undefined;
  private connection: HostConnection | undefined;
  private attempt: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt: number | undefined;
  private connectedAt = 0;
  private closed = false;
  private readonly closing = new AbortController();
  /** The host's instances, tagged with its name; `unreachable` is added when they are shown. */
  private readonly known = new Map<string, InstanceSummary>();
  /** The reason the instances were last shown unreachable with; undefined while they are live. */
  private shownUnreachable: string | undefined;
  private readonly logger: Logger;
  private readonly backoff: Backoff;
  private readonly now: () => number;

  constructor(private readonly options: RemoteHostOptions) {
    this.logger = options.logger ?? silentLogger;
    this.backoff = options.backoff ?? new Backoff();
    this.now = options.now ?? Date.now;
  }

  get name(): string {
    return this.options.settings.name;
  }

  get settings(): HostSettings {
    return this.options.settings;
  }

  /** Starts connecting; with `first`, a connection already made (by addHost) is taken over. */
  start(first?: HostConnection): void {
    if (first) void this.adopt(first);
    else void this.connectNow();
  }

  status(): HostStatus {
    // While it tries again, the host keeps the reason of its last failure.
    const reason = this.state !== 'connected' ? this.problem : undefined;
    return {
      ...this.options.settings,
      state: this.state,
      ...(reason ? { problem: reason.problem, reason: reason.message } : {}),
      ...(this.hello ? { remote: this.hello } : {}),
      instanceCount: this.known.size,
      ...(this.state === 'unreachable' && this.retryAt !== undefined ? { retryAt: this.retryAt } : {}),
    };
  }

  /** The host's instances, marked unreachable while it is. */
  instances(): InstanceSummary[] {
    return [...this.known.values()].map((inst) => this.shown(inst));
  }

  /** Sends one request to the host's API; an unreachable host answers with why. */
  call(method: string, params: unknown): Promise<ApiResult<unknown>> {
    if (!this.connection) return Promise.resolve(failure('unreachable', `host ${JSON.stringify(this.name)} is unreachable: ${this.problem?.message ?? 'not connected yet'}`));
    return this.connection.api.call(method, params);
  }

  /** The remote's session URL as one this machine can open (a forward over the connection). */
  localUrl(remoteUrl: string): Promise<string> {
    if (!this.connection) return Promise.reject(new Error(`host ${JSON.stringify(this.name)} is unreachable`));
    return this.connection.localUrl(remoteUrl);
  }

  setOrigins(origins: readonly string[]): void {
    this.connection?.api.setOrigins(origins);
  }

  /** Connects now, without waiting for the back-off; resolves once the attempt is over. */
  async reconnect(): Promise<HostStatus> {
    this.backoff.reset();
    await this.connectNow();
    return this.status();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    clearTimeout(this.retryTimer);
    await this.attempt?.catch(() => undefined);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  private connectNow(): Promise<void> {
    if (this.closed || this.connection) return Promise.resolve();
    this.attempt ??= this.tryConnect().finally(() => (this.attempt = undefined));
    return this.attempt;
  }

  private async tryConnect(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryAt = undefined;
    this.state = 'connecting';
    this.emitHost();
    let connection: HostConnection;
    try {
      connection = await this.options.connect(this.options.settings, (event) => this.receive(event), this.closing.signal);
    } catch (err) {
      this.fail(failureOf(err));
      return;
    }
    await this.adopt(connection);
  }

  private async adopt(connection: HostConnection): Promise<void> {
    if (this.closed) {
      await connection.close();
      return;
    }
    this.connection = connection;
    this.hello = connection.hello;
    this.connectedAt = this.now();
    this.state = 'connected';
    this.problem = undefined;
    void connection.closed.then((why) => this.onDropped(connection, why));
    this.logger.info(`host ${this.name}: connected`, { destination: this.options.settings.destination, limadesk: connection.hello.limadesk });
    const list = await connection.api.call('listInstances', {});
    if (list.ok && Array.isArray(list.value)) this.reconcile(list.value as InstanceSummary[]);
    else if (!list.ok) this.logger.warn(`host ${this.name}: listing its instances failed`, { error: list.message });
    this.emitHost();
  }

  private onDropped(connection: HostConnection, why: HostFailure): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.backoff.connected(this.now() - this.connectedAt);
    void connection.close();
    if (this.closed) return;
    this.logger.warn(`host ${this.name}: ${why.message}`);
    this.fail(why);
  }

  private fail(why: HostFailure): void {
    if (this.closed) return;
    this.state = 'unreachable';
    this.problem = why;
    const delay = this.backoff.next();
    this.retryAt = this.now() + delay;
    this.retryTimer = setTimeout(() => void this.connectNow(), delay);
    this.retryTimer.unref();
    if (this.shownUnreachable !== why.message) {
      this.shownUnreachable = why.message;
      for (const inst of this.known.values()) this.emitInstance(inst, inst.status);
    }
    this.emitHost();
  }

  private shown(inst: InstanceSummary): InstanceSummary {
    return this.state === 'connected' || !this.problem ? inst : { ...inst, unreachable: this.problem.message };
  }

  private tag(inst: InstanceSummary): InstanceSummary {
    const { unreachable: _ignored, ...rest } = inst;
    return { ...rest, host: this.name };
  }

  /** A fresh list from the host: what changed (or every instance, after an outage) is announced. */
  private reconcile(list: InstanceSummary[]): void {
    const wasUnreachable = this.shownUnreachable !== undefined;
    this.shownUnreachable = undefined;
    const seen = new Set<string>();
    for (const raw of list) {
      const inst = this.tag(raw);
      seen.add(inst.name);
      const before = this.known.get(inst.name);
      this.known.set(inst.name, inst);
      if (!before || wasUnreachable || JSON.stringify(before) !== JSON.stringify(inst)) this.emitInstance(inst, before?.status ?? 'Unknown');
    }
    for (const [name, before] of this.known) {
      if (seen.has(name)) continue;
      this.known.delete(name);
      this.options.emit({ event: 'instanceStatusChanged', payload: { name, status: 'Deleted', previous: before.status, instance: null, host: this.name } });
    }
  }

  private emitInstance(inst: InstanceSummary, previous: InstanceSummary['status'] | 'Unknown'): void {
    this.options.emit({ event: 'instanceStatusChanged', payload: { name: inst.name, status: inst.status, previous, instance: this.shown(inst), host: this.name } });
  }

  private emitHost(): void {
    if (!this.closed) this.options.emit({ event: 'hostChanged', payload: { host: this.status() } });
  }

  /** The host's own events, tagged with its name; its instance list follows its status changes. */
  receive(event: ApiEventEnvelope): void {
    const host = this.name;
    switch (event.event) {
      case 'instanceStatusChanged': {
        const p = event.payload;
        if (p.instance === null || p.status === 'Deleted') {
          this.known.delete(p.name);
          this.options.emit({ event: 'instanceStatusChanged', payload: { ...p, instance: null, host } });
        } else {
          const inst = this.tag(p.instance);
          this.known.set(inst.name, inst);
          this.options.emit({ event: 'instanceStatusChanged', payload: { ...p, instance: inst, host } });
        }
        return;
      }
      case 'bootStage':
      case 'logLines':
      case 'portForwardChanged':
      case 'downloadProgress':
      case 'transferProgress':
        this.options.emit({ event: event.event, payload: { ...event.payload, host } } as ApiEventEnvelope);
        return;
      // Usage is sampled for this machine's watchers only; a remote has no hosts of its own.
      case 'usageSampled':
      case 'hostChanged':
        return;
    }
  }
}
