import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { failure, success, type ApiEventEnvelope, type ApiParams, type ApiResult, type ApiValue, type HostSettings, type HostStatus, type InstanceSummary } from '../../../common/api';
import { silentLogger, type Logger } from '../../../common/logger';
import { connectHost, type ConnectOptions, type HostConnection } from './connect-host';
import { canonicalHost, HostsFileError, readHostsFile, updateHostsFile } from './hosts-file';
import { RemoteHost } from './remote-host';

export interface HostsServiceOptions {
  /** hosts.json (hostsFilePath). */
  file: string;
  emit: (event: ApiEventEnvelope) => void;
  limadeskVersion: string;
  logger?: Logger;
  /** How hosts are connected to; connectHost over OpenSSH unless a test says otherwise. */
  connect?: (settings: HostSettings, options: ConnectOptions) => Promise<HostConnection>;
}

/**
 * The other hosts of this machine's API: the ones in hosts.json, each kept connected by a
 * RemoteHost. The file is watched, so a host added or removed with the CLI shows up in a
 * running app; addHost and removeHost write it (atomically) themselves.
 */
export class HostsService {
  private readonly hosts = new Map<string, RemoteHost>();
  private readonly logger: Logger;
  private readonly connect: NonNullable<HostsServiceOptions['connect']>;
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: HostsServiceOptions) {
    this.logger = options.logger ?? silentLogger;
    this.connect = options.connect ?? connectHost;
  }

  /** Reads hosts.json and starts connecting to each host (without waiting for them). */
  async start(): Promise<void> {
    await this.reload();
    this.watchFile();
  }

  list(): HostStatus[] {
    return [...this.hosts.values()].map((h) => h.status());
  }

  get(name: string): RemoteHost | undefined {
    return this.hosts.get(name);
  }

  /** Every host's instances, tagged with the host. */
  instances(): InstanceSummary[] {
    return [...this.hosts.values()].flatMap((h) => h.instances());
  }

  async add(params: ApiParams<'addHost'>): Promise<ApiResult<ApiValue<'addHost'>>> {
    const { connect, ...given } = params;
    const settings = canonicalHost(given);
    if (this.hosts.has(settings.name)) return failure('exists', `a host named ${JSON.stringify(settings.name)} exists already`);
    let first: HostConnection | undefined;
    // Events of the first connection reach the host once it exists (its list is read then anyway).
    const sink: { to?: (event: ApiEventEnvelope) => void } = {};
    if (connect !== false) {
      try {
        // The one place a new host key is accepted: the user is adding this host right now.
        first = await this.connect(settings, { hostKeys: 'accept-new', limadeskVersion: this.options.limadeskVersion, logger: this.logger, onEvent: (e) => sink.to?.(e) });
      } catch (err) {
        return failure('unreachable', `cannot add host ${JSON.stringify(settings.name)}: ${(err as Error).message}`);
      }
    }
    try {
      await updateHostsFile(this.options.file, (hosts) => {
        if (hosts.some((h) => h.name === settings.name)) throw new HostsFileError(this.options.file, `a host named ${JSON.stringify(settings.name)} exists already`);
        return [...hosts, settings];
      });
    } catch (err) {
      await first?.close();
      if (err instanceof HostsFileError) return err.message.endsWith('exists already') ? failure('exists', err.message) : failure('invalid-config', err.message);
      throw err;
    }
    this.watchFile();
    const host = this.open(settings, first);
    sink.to = (event) => host.receive(event);
    return success({ host: host.status(), notes: first?.notes ?? [] });
  }

  async remove(name: string): Promise<ApiResult<ApiValue<'removeHost'>>> {
    let found = false;
    try {
      await updateHostsFile(this.options.file, (hosts) => {
        found = hosts.some((h) => h.name === name);
        return hosts.filter((h) => h.name !== name);
      });
    } catch (err) {
      // A file this version cannot read is the user's to fix, and is left as it is.
      if (err instanceof HostsFileError) return failure('invalid-config', err.message);
      throw err;
    }
    const host = this.hosts.get(name);
    if (!found && !host) return failure('not-found', `no host named ${JSON.stringify(name)}`);
    if (host) await this.drop(host);
    return success({ removed: name });
  }

  async reconnect(name: string): Promise<ApiResult<ApiValue<'reconnectHost'>>> {
    const host = this.hosts.get(name);
    if (!host) return failure('not-found', `no host named ${JSON.stringify(name)}`);
    return success({ host: await host.reconnect() });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    await this.reloading.catch(() => undefined);
    await Promise.all([...this.hosts.values()].map((h) => h.close()));
    this.hosts.clear();
  }

  private open(settings: HostSettings, first?: HostConnection): RemoteHost {
    const host = new RemoteHost({
      settings,
      connect: (s, onEvent, signal) => this.connect(s, { hostKeys: 'known-only', limadeskVersion: this.options.limadeskVersion, logger: this.logger, onEvent, signal }),
      emit: this.options.emit,
      logger: this.logger,
    });
    this.hosts.set(settings.name, host);
    host.start(first);
    return host;
  }

  /** A host that is gone: its instances disappear from the list with it. */
  private async drop(host: RemoteHost): Promise<void> {
    this.hosts.delete(host.name);
    const status = host.status();
    const instances = host.instances();
    await host.close();
    for (const inst of instances) {
      this.options.emit({ event: 'instanceStatusChanged', payload: { name: inst.name, status: 'Deleted', previous: inst.status, instance: null, host: host.name } });
    }
    this.options.emit({ event: 'hostChanged', payload: { host: status, removed: true } });
  }

  /** Brings the running hosts in line with the file: new ones connect, removed ones go, changed ones reconnect. */
  private reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      if (this.closed) return;
      let wanted: HostSettings[];
      try {
        wanted = await readHostsFile(this.options.file);
      } catch (err) {
        // A file this version cannot read changes nothing; it is reported, never rewritten.
        this.logger.error(`the hosts file cannot be used: ${(err as Error).message}`);
        return;
      }
      const byName = new Map(wanted.map((h) => [h.name, h]));
      for (const host of [...this.hosts.values()]) {
        const next = byName.get(host.name);
        if (!next || JSON.stringify(canonicalHost(next)) !== JSON.stringify(host.settings)) await this.drop(host);
      }
      for (const settings of wanted) if (!this.hosts.has(settings.name) && !this.closed) this.open(canonicalHost(settings));
    });
    return this.reloading;
  }

  private watchFile(): void {
    if (this.watcher || this.closed) return;
    const dir = path.dirname(this.options.file);
    try {
      this.watcher = watch(dir, (_type, filename) => {
        if (filename !== path.basename(this.options.file)) return;
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.reload(), 200);
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (err) {
      // No config directory yet: addHost makes it and watches then.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn('cannot watch the hosts file', { error: (err as Error).message });
    }
  }
}
