/**
 * Runs the checking of big lima.yaml documents in a worker thread with a limit on its busy
 * time, so that no document, however hostile, holds up the process that asked (the app's
 * main process serves every window and every listing from one event loop).
 *
 * The limit counts the worker's busy time, not the time it waits: a template whose `base:`
 * is downloaded is not refused for a slow network, a document that keeps the parser busy is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConfigJob, ConfigJobReply } from './config-worker-jobs';

/** The worker's bundle, written beside each bundle that checks configs (see scripts/build.mjs). */
export const CONFIG_WORKER_FILE = 'config-worker.cjs';

/**
 * Busy time a document may take: with a worker's start (a cold one takes 100-200 ms) any
 * document is checked or refused within a second. The parser reads about 1 MB/s, so a
 * megabyte of YAML is refused; a real lima.yaml takes a few milliseconds.
 */
export const DEFAULT_BUSY_LIMIT_MS = 750;
/** A worker that waits this long (a stuck download) is given up too. */
const WALL_LIMIT_MS = 120_000;
const POLL_MS = 20;
/** Workers running at once; a listing of many big documents queues behind these. */
const MAX_WORKERS = 2;

export interface ConfigWorkerOptions {
  /** The worker bundle; by default the one beside this bundle. */
  script?: string;
  busyLimitMs?: number;
}

export class ConfigWorkerTimeout extends Error {
  constructor(readonly busyMs: number) {
    super(`checking it took more than ${busyMs} ms`);
    this.name = 'ConfigWorkerTimeout';
  }
}

/**
 * The worker bundle beside this bundle, or undefined when running from sources (tests of
 * other modules), where there is no bundle to start and documents are checked in-process.
 */
export function defaultConfigWorkerScript(): string | undefined {
  const candidate = path.join(__dirname, CONFIG_WORKER_FILE);
  return existsSync(candidate) ? candidate : undefined;
}

const codeCache = new Map<string, string>();

/**
 * The worker is started from the bundle's text rather than its path: a packaged app keeps its
 * bundles in an asar archive, which Node's `fs` reads under Electron but a worker's loader may not.
 */
function workerCode(script: string): string {
  let code = codeCache.get(script);
  if (code === undefined) codeCache.set(script, (code = readFileSync(script, 'utf8')));
  return code;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** One worker thread, kept warm between jobs: a cold parser is several times slower. */
class ConfigWorker {
  readonly thread: Worker;
  private pending: Pending | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  dead = false;

  constructor(readonly script: string) {
    this.thread = new Worker(workerCode(script), { eval: true, stdout: false, stderr: false });
    this.thread.on('message', (reply: { ok: true; value: unknown } | { ok: false; message: string }) => {
      const pending = this.pending;
      this.pending = undefined;
      if (reply.ok) pending?.resolve(reply.value);
      else pending?.reject(new Error(reply.message));
    });
    this.thread.once('error', (err) => this.fail(err));
    this.thread.once('exit', (code) => this.fail(new Error(`the config checker stopped (exit code ${code})`)));
    // After the listeners, which would hold it again: a CLI run ends when its work does.
    this.thread.unref();
  }

  run(job: ConfigJob, busyLimitMs: number): Promise<unknown> {
    clearTimeout(this.idleTimer);
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const before = this.thread.performance.eventLoopUtilization();
      const poll = setInterval(() => {
        const busy = this.thread.performance.eventLoopUtilization(before).active;
        if (busy > busyLimitMs) this.fail(new ConfigWorkerTimeout(busyLimitMs));
        else if (Date.now() - started > WALL_LIMIT_MS) this.fail(new ConfigWorkerTimeout(WALL_LIMIT_MS));
      }, POLL_MS);
      this.pending = {
        resolve: (v) => (clearInterval(poll), resolve(v)),
        reject: (e) => (clearInterval(poll), reject(e)),
      };
      // Jobs go as messages, not workerData: busy time is only counted once the worker's event
      // loop runs, and a job run while the worker boots would run uncounted.
      this.thread.postMessage(job);
    });
  }

  /** Stops the thread if nothing asks for it within IDLE_MS. */
  idle(): void {
    this.idleTimer = setTimeout(() => this.fail(new Error('idle')), IDLE_MS);
    this.idleTimer.unref();
  }

  fail(err: unknown): void {
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.idleTimer);
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(err);
    void this.thread.terminate();
  }
}

const IDLE_MS = 30_000;
const idleWorkers = new Map<string, ConfigWorker[]>();
let busyWorkers = 0;
const waiting: Array<() => void> = [];

function release(worker: ConfigWorker): void {
  busyWorkers -= 1;
  if (!worker.dead) {
    idleWorkers.set(worker.script, [...(idleWorkers.get(worker.script) ?? []).filter((w) => !w.dead), worker]);
    worker.idle();
  }
  waiting.shift()?.();
}

async function acquire(script: string): Promise<ConfigWorker> {
  while (busyWorkers >= MAX_WORKERS) await new Promise<void>((resolve) => waiting.push(resolve));
  busyWorkers += 1;
  const idle = idleWorkers.get(script) ?? [];
  for (let w = idle.pop(); w; w = idle.pop()) if (!w.dead) return w;
  return new ConfigWorker(script);
}

/** Runs one job in a worker; rejects with ConfigWorkerTimeout when it keeps the worker busy too long. */
export async function runInConfigWorker<J extends ConfigJob>(job: J, options: ConfigWorkerOptions & { script: string }): Promise<ConfigJobReply<J>> {
  const worker = await acquire(options.script);
  try {
    return (await worker.run(job, options.busyLimitMs ?? DEFAULT_BUSY_LIMIT_MS)) as ConfigJobReply<J>;
  } finally {
    release(worker);
  }
}
