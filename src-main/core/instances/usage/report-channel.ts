import type { Client, ClientChannel } from 'ssh2';

/** Ends each report; nothing in /proc/meminfo or /proc/net/dev looks like it. */
const END = '@@limadesk-usage-end@@';

/**
 * One shell in the guest that prints both files each time it reads a line, for as long as
 * the channel lasts; it ends with its stdin when the connection goes. A sample is then one
 * line out and one report back, where a command per sample costs an SSH channel opened and
 * closed and a shell started in the guest every 2 s.
 */
const LOOP = `while read -r _; do cat /proc/meminfo /proc/net/dev; echo ${END}; done`;

/** The guest's /proc/meminfo and /proc/net/dev on demand, over one SSH channel kept open. */
export class ReportChannel {
  private out = '';
  private waiting: { resolve: (text: string) => void; reject: (err: Error) => void; timer: ReturnType<typeof setTimeout> } | undefined;
  private ended: Error | undefined;

  private constructor(private readonly channel: ClientChannel) {
    channel.on('data', (d: Buffer) => this.received(d.toString('utf8')));
    channel.stderr.on('data', () => {});
    channel.on('close', () => this.end(new Error('the guest closed the usage channel')));
    channel.on('error', (err: Error) => this.end(err));
  }

  static open(client: Client): Promise<ReportChannel> {
    return new Promise((resolve, reject) => {
      try {
        client.exec(LOOP, (err, channel) => (err ? reject(err) : resolve(new ReportChannel(channel))));
      } catch (err) {
        reject(err as Error);
      }
    });
  }

  /** False once the channel closed or failed: open another. */
  get open(): boolean {
    return this.ended === undefined;
  }

  /** Both files, as `cat` printed them. One read at a time. */
  read(timeoutMs: number): Promise<string> {
    if (this.ended) return Promise.reject(this.ended);
    if (this.waiting) return Promise.reject(new Error('the previous read has not been answered yet'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = { resolve, reject, timer };
      this.out = '';
      this.channel.write('\n');
    });
  }

  close(): void {
    const wasOpen = this.open;
    this.end(new Error('closed'));
    try {
      if (wasOpen) this.channel.close();
    } catch {
      // The connection under it is gone already; so is the channel.
    }
  }

  private received(text: string): void {
    this.out += text;
    const at = this.out.indexOf(`${END}\n`);
    if (at < 0) return;
    const report = this.out.slice(0, at);
    this.out = this.out.slice(at + END.length + 1);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    waiting.resolve(report);
  }

  private end(err: Error): void {
    this.ended ??= err;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(this.ended);
    }
  }
}
