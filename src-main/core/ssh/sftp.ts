import type { Client, SFTPWrapper, Stats, TransferOptions } from 'ssh2';

/** SFTP status codes OpenSSH's sftp-server answers with (draft-ietf-secsh-filexfer-02). */
const STATUS_TEXT: Record<number, string> = { 2: 'no such file or directory', 3: 'permission denied', 4: 'failure' };

/** An SFTP failure that names the guest path and says what the server said. */
export class SftpError extends Error {
  constructor(readonly operation: string, readonly remotePath: string, readonly status: number | undefined, cause: unknown) {
    const said = status !== undefined && STATUS_TEXT[status] ? STATUS_TEXT[status] : (cause as Error | undefined)?.message ?? String(cause);
    super(`${operation} ${remotePath}: ${said}`, { cause });
    this.name = 'SftpError';
  }

  get notFound(): boolean {
    return this.status === 2;
  }
}

export interface RemoteStat {
  isDirectory: boolean;
  isFile: boolean;
  size: number;
  mode: number;
}

/** The few SFTP requests a copy needs, as promises whose errors name the path. */
export interface Sftp {
  stat(remotePath: string): Promise<RemoteStat>;
  /** Undefined when nothing is there. */
  statIfExists(remotePath: string): Promise<RemoteStat | undefined>;
  realpath(remotePath: string): Promise<string>;
  mkdir(remotePath: string, mode: number): Promise<void>;
  readdir(remotePath: string): Promise<string[]>;
  unlink(remotePath: string): Promise<void>;
  upload(localPath: string, remotePath: string, options: { mode: number; onBytes?: (done: number, total: number) => void }): Promise<void>;
  download(remotePath: string, localPath: string, options: { onBytes?: (done: number, total: number) => void }): Promise<void>;
  end(): void;
}

function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

function toStat(stats: Stats): RemoteStat {
  return { isDirectory: stats.isDirectory(), isFile: stats.isFile(), size: stats.size, mode: stats.mode & 0o7777 };
}

/** Opens the SFTP subsystem on an authenticated connection. */
export function openSftp(client: Client): Promise<Sftp> {
  return new Promise((resolve, reject) => {
    client.sftp((err, sftp) => (err ? reject(new Error(`the guest's SSH server offers no SFTP: ${err.message}`, { cause: err })) : resolve(wrap(sftp))));
  });
}

function wrap(sftp: SFTPWrapper): Sftp {
  const call = <T>(operation: string, remotePath: string, start: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> =>
    new Promise((resolve, reject) => {
      start((err, value) => (err ? reject(new SftpError(operation, remotePath, statusOf(err), err)) : resolve(value as T)));
    });
  const stat = (remotePath: string): Promise<RemoteStat> => call<Stats>('stat', remotePath, (cb) => sftp.stat(remotePath, cb)).then(toStat);
  const transfer = (onBytes?: (done: number, total: number) => void): TransferOptions => ({ concurrency: 16, chunkSize: 32 * 1024, ...(onBytes ? { step: (done: number, _n: number, total: number) => onBytes(done, total) } : {}) });
  return {
    stat,
    statIfExists: (remotePath) =>
      stat(remotePath).catch((err: unknown) => {
        if (err instanceof SftpError && err.notFound) return undefined;
        throw err;
      }),
    realpath: (remotePath) => call<string>('realpath', remotePath, (cb) => sftp.realpath(remotePath, cb)),
    mkdir: (remotePath, mode) => call<void>('mkdir', remotePath, (cb) => sftp.mkdir(remotePath, { mode }, cb)),
    readdir: (remotePath) => call<Array<{ filename: string }>>('readdir', remotePath, (cb) => sftp.readdir(remotePath, cb)).then((list) => list.map((e) => e.filename).filter((n) => n !== '.' && n !== '..').sort()),
    unlink: (remotePath) => call<void>('unlink', remotePath, (cb) => sftp.unlink(remotePath, cb)),
    upload: (localPath, remotePath, options) => call<void>('write', remotePath, (cb) => sftp.fastPut(localPath, remotePath, { ...transfer(options.onBytes), mode: options.mode }, cb)),
    download: (remotePath, localPath, options) => call<void>('read', remotePath, (cb) => sftp.fastGet(remotePath, localPath, transfer(options.onBytes), cb)),
    end: () => sftp.end(),
  };
}
