import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { ApiEventEnvelope } from '../../src-main/common/api';
import { REMOTE_ALIAS, type SshdHost } from './sshd-host';

// What the multi-host tests share: the first host's view of the second one (the CLI flags
// that add it) and the pushed events of a `limadesk serve`, recorded as they come.

/** `limadesk host add NAME …` arguments for the sshd host. */
export function hostAddArgs(name: string, remote: SshdHost, extra: string[] = []): string[] {
  return ['host', 'add', name, REMOTE_ALIAS, '--ssh-config', remote.sshConfig, '--remote-command', remote.remoteCommand, ...extra];
}

export interface EventRecorder {
  events: ApiEventEnvelope[];
  /** Resolves with the first event (already recorded or still to come) that `match` accepts. */
  next<T extends ApiEventEnvelope>(match: (e: ApiEventEnvelope) => e is T, timeoutMs?: number): Promise<T>;
  next(match: (e: ApiEventEnvelope) => boolean, timeoutMs?: number): Promise<ApiEventEnvelope>;
  /** Forgets what was recorded so far: `next` then waits for new events only. */
  clear(): void;
  close(): void;
}

/** Records every event serve pushes over its WebSocket, as the page receives them. */
export async function recordEvents(serveUrl: URL): Promise<EventRecorder> {
  const ws = new WebSocket(`ws://${serveUrl.host}/api/ws?token=${serveUrl.searchParams.get('token') ?? ''}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let events: ApiEventEnvelope[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { events?: ApiEventEnvelope[] };
    if (!message.events) return;
    events.push(...message.events);
    for (const w of waiters) w();
  });
  return {
    get events() {
      return events;
    },
    next(match: (e: ApiEventEnvelope) => boolean, timeoutMs = 60_000) {
      return new Promise<ApiEventEnvelope>((resolve, reject) => {
        let seen = 0;
        const check = (): void => {
          const found = events.slice(seen).find(match);
          seen = events.length;
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; events:\n${events.map((e) => JSON.stringify(e)).join('\n')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    clear() {
      events = [];
    },
    close: () => ws.close(),
  } as EventRecorder;
}

/** Reads a VNC server's greeting through a WebSocket session URL: "RFB 003.008\n" from QEMU. */
export function rfbGreeting(url: string, origin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary'], origin ? { origin } : {});
    ws.once('message', (data: Buffer) => {
      resolve(data.toString('latin1'));
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`the session was refused: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** The events the remote's host agent wrote (the second host's own record of what happened). */
export function remoteStages(remote: SshdHost, name: string): string[] {
  const text = readFileSync(path.join(remote.limaHome, name, 'ha.stdout.log'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { limadesk?: { stage?: string } }).limadesk?.stage ?? '')
    .filter(Boolean);
}
