import type { Client } from 'ssh2';
import type { Logger } from '../../../common/logger';
import type { Instance } from '../../store/instance';
import { connectToInstance } from '../instance-ssh';
import { ReportChannel } from './report-channel';

export interface GuestMemory {
  totalBytes: number;
  availableBytes: number;
  usedBytes: number;
}

export interface GuestCounters {
  memory?: GuestMemory;
  /** Bytes received and sent by every interface but lo, since the guest booted. */
  network?: { rxBytes: number; txBytes: number };
}

/** /proc/meminfo: used is what `free` calls used, total minus available. */
export function parseMeminfo(text: string): GuestMemory | undefined {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)\s*kB/.exec(line);
    if (m) kib.set(m[1]!, Number(m[2]));
  }
  const total = kib.get('MemTotal');
  if (total === undefined) return undefined;
  // Kernels before 3.14 have no MemAvailable; free then counts free + buffers + cache.
  const available = kib.get('MemAvailable') ?? (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  return { totalBytes: total * 1024, availableBytes: available * 1024, usedBytes: Math.max(0, total - available) * 1024 };
}

/** /proc/net/dev: receive bytes is the first counter of a line, transmit bytes the ninth. */
export function parseNetDev(text: string): { rxBytes: number; txBytes: number } | undefined {
  let rx = 0;
  let tx = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    const m = /^\s*([^\s:]+):\s*(.*)$/.exec(line);
    if (!m || m[1] === 'lo' || m[1] === 'Inter-|' || line.includes('|')) continue;
    const counters = m[2]!.trim().split(/\s+/).map(Number);
    if (counters.length < 9 || !counters.every(Number.isFinite)) continue;
    rx += counters[0]!;
    tx += counters[8]!;
    seen = true;
  }
  return seen ? { rxBytes: rx, txBytes: tx } : undefined;
}

/** Both files in one command; /proc/net/dev starts with its `Inter-|` header line. */
export function parseGuestReport(text: string): GuestCounters {
  const split = text.indexOf('Inter-|');
  const meminfo = split >= 0 ? text.slice(0, split) : text;
  const netdev = split >= 0 ? text.slice(split) : '';
  const memory = parseMeminfo(meminfo);
  const network = parseNetDev(netdev);
  return { ...(memory ? { memory } : {}), ...(network ? { network } : {}) };
}

const READ_TIMEOUT_MS = 3000;
const RETRY_AFTER_MS = 10_000;

/**
 * The guest's own figures over one SSH connection and one channel in it (report-channel.ts),
 * kept while sampling lasts. Connecting happens in the background (a guest whose SSH is not
 * up yet makes no sample wait); the connection is made again after it drops, at most every
 * 10 s.
 */
export class GuestProbe {
  private client: Client | undefined;
  private channel: ReportChannel | undefined;
  private connecting: Promise<void> | undefined;
  private lastAttempt = 0;
  private lastError = '';
  private closed = false;

  constructor(private readonly limaHome: string, private readonly logger: Logger) {}

  /** The counters now, or why there are none. */
  async read(inst: Instance): Promise<GuestCounters | { unavailable: string }> {
    const client = this.client;
    if (!client) {
      this.connectInBackground(inst);
      return { unavailable: `guest figures wait for SSH${this.lastError ? ` (${this.lastError})` : ''}` };
    }
    try {
      if (!this.channel?.open) this.channel = await ReportChannel.open(client);
      return parseGuestReport(await this.channel.read(READ_TIMEOUT_MS));
    } catch (err) {
      this.drop(client);
      return { unavailable: `reading the guest's /proc over SSH failed: ${(err as Error).message}` };
    }
  }

  private connectInBackground(inst: Instance): void {
    if (this.connecting || this.closed || Date.now() - this.lastAttempt < RETRY_AFTER_MS) return;
    this.lastAttempt = Date.now();
    this.connecting = connectToInstance(this.limaHome, inst, { timeoutMs: 10_000 })
      .then((client) => {
        if (this.closed) {
          client.end();
          return;
        }
        this.client = client;
        this.lastError = '';
        client.on('error', () => this.drop(client));
        client.once('close', () => this.drop(client));
      })
      .catch((err: Error) => {
        this.lastError = err.message;
        this.logger.debug('usage: no SSH to the guest yet', { name: inst.name, error: err.message });
      })
      .finally(() => (this.connecting = undefined));
  }

  private drop(client: Client): void {
    if (this.client === client) {
      this.client = undefined;
      this.channel?.close();
      this.channel = undefined;
    }
    client.end();
  }

  close(): void {
    this.closed = true;
    if (this.client) this.drop(this.client);
  }
}
