import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A scripted QMP peer on a real unix socket, for the client edge cases real QEMU cannot
// produce on demand (garbled lines, replies out of order, a socket cut mid-command).

export interface ReceivedCommand {
  execute: string;
  arguments?: Record<string, unknown>;
  id: number;
}

export const GREETING = { QMP: { version: { qemu: { major: 7, minor: 2, micro: 5 }, package: 'Debian 1:7.2+dfsg-7' }, capabilities: ['oob'] } };

export class FakeQmpConnection {
  readonly commands: ReceivedCommand[] = [];
  private waiters: Array<(command: ReceivedCommand) => void> = [];
  private unread: ReceivedCommand[] = [];
  private buffer = '';

  constructor(
    readonly socket: Socket,
    private readonly answerCapabilities: boolean,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      const lines = this.buffer.split('\n');
      this.buffer = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') this.receive(JSON.parse(line) as ReceivedCommand);
    });
    socket.on('error', () => {});
  }

  private receive(command: ReceivedCommand): void {
    this.commands.push(command);
    if (command.execute === 'qmp_capabilities' && this.answerCapabilities) {
      this.send({ return: {}, id: command.id });
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter === undefined) this.unread.push(command);
    else waiter(command);
  }

  /** The next command the client sent (other than the auto-answered qmp_capabilities). */
  nextCommand(): Promise<ReceivedCommand> {
    const ready = this.unread.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  send(message: object): void {
    this.sendRaw(`${JSON.stringify(message)}\r\n`);
  }

  sendRaw(text: string): void {
    this.socket.write(text);
  }

  reply(id: number, value: unknown): void {
    this.send({ return: value, id });
  }

  replyError(id: number, errorClass: string, desc: string): void {
    this.send({ error: { class: errorClass, desc }, id });
  }

  event(name: string, data?: Record<string, unknown>): void {
    this.send({ event: name, ...(data === undefined ? {} : { data }), timestamp: { seconds: 1700000000, microseconds: 1 } });
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export interface FakeQmpServerOptions {
  /** Send the greeting on connect (default true); false imitates a socket busy with another client. */
  greet?: boolean;
  /** Send the greeting one byte at a time, to exercise line reassembly. */
  greetByteByByte?: boolean;
  answerCapabilities?: boolean;
}

export class FakeQmpServer {
  readonly connections: FakeQmpConnection[] = [];
  private waiters: Array<(connection: FakeQmpConnection) => void> = [];

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    readonly path: string,
  ) {}

  static async start(options: FakeQmpServerOptions = {}): Promise<FakeQmpServer> {
    const { greet = true, greetByteByByte = false, answerCapabilities = true } = options;
    const dir = mkdtempSync(join(tmpdir(), 'fake-qmp-'));
    const path = join(dir, 'qmp.sock');
    const server = createServer();
    const fake = new FakeQmpServer(server, dir, path);
    server.on('connection', (socket) => {
      const connection = new FakeQmpConnection(socket, answerCapabilities);
      fake.connections.push(connection);
      if (greet) {
        const text = `${JSON.stringify(GREETING)}\r\n`;
        if (greetByteByByte) for (const char of text) socket.write(char);
        else socket.write(text);
      }
      const waiter = fake.waiters.shift();
      if (waiter !== undefined) waiter(connection);
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    return fake;
  }

  /** The first connection not yet handed out (waits for it if needed). */
  nextConnection(): Promise<FakeQmpConnection> {
    const handedOut = this.handedOut++;
    const existing = this.connections[handedOut];
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private handedOut = 0;

  async close(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
