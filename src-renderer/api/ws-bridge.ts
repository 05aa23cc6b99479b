import type { ApiEvent, ApiEventEnvelope, ApiEventName, ApiFailure, ApiMethodFunctions, ApiMethodName, ApiResult, LimadeskApi } from '../../src-main/common/api';
import { readableFailure } from './failure-text';

// The renderer may import only types from common, so the bridge spells the names out; the
// `satisfies` clauses make the compiler refuse a missing or an extra name, and the contract
// test compares them with the common lists at runtime.
const METHODS = {
  listInstances: true,
  getInstance: true,
  getConfigText: true,
  putConfigText: true,
  validateConfig: true,
  createInstance: true,
  startInstance: true,
  stopInstance: true,
  restartInstance: true,
  deleteInstance: true,
  listSnapshots: true,
  createSnapshot: true,
  applySnapshot: true,
  deleteSnapshot: true,
  openVncSession: true,
  openTerminalSession: true,
  readLog: true,
  doctor: true,
  signQemu: true,
  listTemplates: true,
  getTemplateText: true,
  listPortForwards: true,
  cloneInstance: true,
  renameInstance: true,
  factoryResetInstance: true,
  setProtected: true,
  editInstance: true,
  listDisks: true,
  createDisk: true,
  deleteDisk: true,
  resizeDisk: true,
  unlockDisk: true,
  importDisk: true,
  attachDisk: true,
  detachDisk: true,
  copyToInstance: true,
  copyFromInstance: true,
  getStartAtLogin: true,
  setStartAtLogin: true,
  openTunnel: true,
  getHostInfo: true,
  watchUsage: true,
  unwatchUsage: true,
  getUsage: true,
  listHosts: true,
  addHost: true,
  removeHost: true,
  reconnectHost: true,
} as const satisfies Record<ApiMethodName, true>;

const EVENTS = {
  instanceStatusChanged: true,
  bootStage: true,
  logLines: true,
  downloadProgress: true,
  portForwardChanged: true,
  usageSampled: true,
  transferProgress: true,
  hostChanged: true,
} as const satisfies Record<ApiEventName, true>;

export const BRIDGE_METHOD_NAMES = Object.keys(METHODS) as ApiMethodName[];
export const BRIDGE_EVENT_NAMES = Object.keys(EVENTS) as ApiEventName[];

export interface WsBridge extends LimadeskApi {
  close(): void;
}

interface Pending {
  resolve: (result: ApiResult<unknown>) => void;
  method: string;
}

export interface WsBridgeOptions {
  /** For tests outside a browser. */
  WebSocketImpl?: typeof WebSocket;
  reconnectMs?: number;
}

function lost(method: string, why: string): ApiFailure {
  return { ok: false, code: 'internal', message: `${method}: ${why}` };
}

/**
 * What `limadesk serve` answers per request at most. A bigger request is refused here, as the
 * server would refuse it: past 16 MiB the server would close the socket without reading it,
 * failing every other request in flight, and a message it cannot parse has no id to answer.
 */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

function byteLength(text: string): number {
  // Cheap bounds first: a character is 1 to 3 UTF-8 bytes in a JSON text (surrogate pairs: 4 per 2).
  if (text.length * 3 <= MAX_REQUEST_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

function tooLarge(bytes: number): ApiFailure {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return { ok: false, code: 'too-large', message: `request too large: ${mib(bytes)}; the server accepts at most ${mib(MAX_REQUEST_BYTES)} per request` };
}

/**
 * The API over the WebSocket of `limadesk serve`. Requests made while the socket is
 * (re)connecting wait for it; a dropped connection fails the requests in flight (as typed
 * failures, never exceptions) and reconnects, so the page keeps working after a server restart.
 */
export function createWsBridge(url: string, options: WsBridgeOptions = {}): WsBridge {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const pending = new Map<number, Pending>();
  const queued: string[] = [];
  const listeners = new Map<ApiEventName, Set<(payload: never) => void>>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let closed = false;
  let retryMs = options.reconnectMs ?? 500;

  const connect = (): void => {
    if (closed) return;
    const ws = new Impl(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = options.reconnectMs ?? 500;
      for (const text of queued.splice(0)) ws.send(text);
    };
    ws.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      let body: { id?: unknown; result?: ApiResult<unknown>; events?: ApiEventEnvelope[] };
      try {
        body = JSON.parse(message.data) as typeof body;
      } catch {
        return;
      }
      if (Array.isArray(body.events)) {
        for (const e of body.events) for (const listener of listeners.get(e.event) ?? []) (listener as (p: unknown) => void)(e.payload);
      } else if (typeof body.id === 'number' && body.result) {
        const request = pending.get(body.id);
        pending.delete(body.id);
        request?.resolve(body.result.ok ? body.result : readableFailure(body.result));
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      for (const [id, request] of pending) {
        pending.delete(id);
        request.resolve(lost(request.method, 'the connection to the Limadesk server was lost'));
      }
      if (closed) return;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };

  const request = (method: ApiMethodName, params: unknown): Promise<ApiResult<unknown>> => {
    if (closed) return Promise.resolve(lost(method, 'the bridge is closed'));
    const id = nextId++;
    const text = JSON.stringify({ id, method, params: params ?? {} });
    const bytes = byteLength(text);
    if (bytes > MAX_REQUEST_BYTES) return Promise.resolve(tooLarge(bytes));
    return new Promise((resolve) => {
      pending.set(id, { resolve, method });
      if (socket?.readyState === Impl.OPEN) socket.send(text);
      else queued.push(text);
    });
  };

  const methods = Object.fromEntries(BRIDGE_METHOD_NAMES.map((name) => [name, (params: unknown) => request(name, params)])) as ApiMethodFunctions;

  connect();
  return {
    ...methods,
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvent<E>) => void) {
      if (!Object.hasOwn(EVENTS, event)) throw new Error(`limadesk.on: unknown event ${JSON.stringify(event)}`);
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
