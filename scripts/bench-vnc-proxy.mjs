// What the console proxy costs: framebuffer-sized traffic and small round trips, once over a
// direct TCP connection to a stand-in VNC server and once through the WebSocket proxy, in the
// same run. The proxy runs in a worker thread, as it runs in another process than both the
// viewer (renderer) and the VNC server (QEMU) in the app.
// Usage: node scripts/bench-vnc-proxy.mjs [--mib 200] [--round-trips 2000] [--runs 3]
import { Buffer } from 'node:buffer';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import WebSocket from 'ws';
import { nodeAliases } from './build-aliases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIB = 1024 * 1024;
const SMALL = 4096;
const BIG_CHUNK = MIB;

/** Bundles the proxy module on the fly (no copy of it here) and returns the bundle's path. */
export async function bundleProxy(dir, entry = path.join(root, 'src-main', 'core', 'vnc', 'vnc-proxy.ts'), name = 'vnc-proxy', alias = nodeAliases) {
  const outfile = path.join(dir, `${name}.cjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    // As the app's bundles are made (scripts/build.mjs): ws's frame masking is aliased.
    alias,
    // ws's optional native UTF-8 check; it falls back to JavaScript without it.
    external: ['utf-8-validate'],
  });
  return outfile;
}

/**
 * The stand-in VNC server. A client's first byte picks what it does: 'S' streams `bytes`
 * bytes in 1 MiB chunks and ends; 'E' echoes everything after it.
 */
export async function startTarget(bytes) {
  const chunk = Buffer.alloc(BIG_CHUNK, 0x5a);
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.once('data', (first) => {
      if (first[0] === 0x53) {
        let sent = 0;
        const pump = () => {
          while (sent < bytes) {
            sent += chunk.length;
            if (!socket.write(chunk)) return void socket.once('drain', pump);
          }
          socket.end();
        };
        pump();
      } else {
        if (first.length > 1) socket.write(first.subarray(1));
        socket.pipe(socket);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: server.address().port };
}

/**
 * Runs the proxy in a worker; `open()` asks it for a fresh session URL to the target. The
 * worker also runs a bare TCP relay (socket.pipe both ways): what any extra hop costs.
 */
export function startProxyWorker(bundle, targetPort) {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const net = require('node:net');
    const { VncProxy } = require(workerData.bundle);
    const proxy = new VncProxy({ allowedOrigins: () => [] });
    const relay = net.createServer((client) => {
      // Nagle off on both legs, as the proxy has it (ws sets it on its socket, the proxy on
      // its TCP one): otherwise the relay would be measured under other socket settings.
      client.setNoDelay(true);
      const vm = net.connect({ host: '127.0.0.1', port: workerData.targetPort });
      vm.setNoDelay(true);
      client.pipe(vm).on('error', () => undefined);
      vm.pipe(client).on('error', () => undefined);
    });
    relay.listen(0, '127.0.0.1');
    parentPort.on('message', async (m) => {
      if (m === 'close') { relay.close(); await proxy.dispose(); parentPort.close(); return; }
      if (m === 'relay') return parentPort.postMessage(relay.address().port);
      parentPort.postMessage(await proxy.openSession({ host: '127.0.0.1', port: workerData.targetPort, instance: 'bench' }));
    });
    `,
    { eval: true, workerData: { bundle, targetPort } },
  );
  const next = () => new Promise((resolve, reject) => {
    const fail = (err) => reject(err);
    worker.once('error', fail);
    worker.once('message', (m) => {
      worker.off('error', fail);
      resolve(m);
    });
  });
  return {
    open: async () => {
      const reply = next();
      worker.postMessage('open');
      return reply;
    },
    relayPort: async () => {
      const reply = next();
      worker.postMessage('relay');
      return reply;
    },
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** A byte pipe to the target, direct or through the proxy, with one interface for both. */
export async function connectDirect(port) {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    send: (bytes) => socket.write(bytes),
    onData: (fn) => socket.on('data', fn),
    onEnd: (fn) => socket.once('close', fn),
    close: () => socket.destroy(),
  };
}

export async function connectProxied(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    send: (bytes) => ws.send(bytes),
    onData: (fn) => ws.on('message', fn),
    onEnd: (fn) => ws.once('close', fn),
    close: () => ws.terminate(),
  };
}

/**
 * A WebSocket client that only walks frame headers and hands on payload slices, as a
 * browser's native WebSocket costs the proxy next to nothing: the figure is then the proxy's
 * own, not that of the ws client's JavaScript message handling. It hangs up on the close frame.
 */
export async function connectProxiedRaw(url) {
  const { hostname, port, pathname } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${Buffer.alloc(16, 1).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const listeners = [];
  let head = Buffer.alloc(0);
  let upgraded = false;
  let header = [];
  let remaining = 0;
  const headerLength = () => {
    if (header.length < 2) return 2;
    const len = header[1] & 0x7f;
    return len === 126 ? 4 : len === 127 ? 10 : 2;
  };
  const feed = (d) => {
    let i = 0;
    while (i < d.length) {
      if (remaining > 0) {
        const n = Math.min(remaining, d.length - i);
        const payload = d.subarray(i, i + n);
        listeners.forEach((fn) => fn(payload));
        remaining -= n;
        i += n;
        continue;
      }
      header.push(d[i++]);
      if (header.length < headerLength()) continue;
      const len = header[1] & 0x7f;
      const h = Buffer.from(header);
      remaining = len < 126 ? len : len === 126 ? h.readUInt16BE(2) : Number(h.readBigUInt64BE(2));
      const opcode = header[0] & 0x0f;
      header = [];
      if (opcode === 0x8) return void socket.destroy();
    }
  };
  socket.on('data', (d) => {
    if (upgraded) return feed(d);
    head = Buffer.concat([head, d]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    if (!/^HTTP\/1\.1 101/.test(head.toString('latin1'))) return void socket.destroy(new Error(`upgrade refused: ${head.toString()}`));
    upgraded = true;
    feed(head.subarray(end + 4));
  });
  // A masked binary frame, as a client must send (payloads under 64 KiB). The mask is not
  // zero, so the proxy unmasks as it must for a browser (ws skips a zero mask); a browser
  // masks in native code, so each payload's frame is made once and reused.
  const MASK = [0x37, 0xfa, 0x21, 0x3d];
  const frames = new WeakMap();
  const frame = (payload) => {
    let f = frames.get(payload);
    if (f) return f;
    if (payload.length >= 0x10000) throw new Error('the lean client sends frames under 64 KiB only');
    const header =
      payload.length < 126
        ? Buffer.from([0x82, 0x80 | payload.length, ...MASK])
        : Buffer.from([0x82, 0x80 | 126, payload.length >> 8, payload.length & 0xff, ...MASK]);
    const masked = Buffer.from(payload.map((b, i) => b ^ MASK[i & 3]));
    f = Buffer.concat([header, masked]);
    frames.set(payload, f);
    return f;
  };
  return {
    send: (bytes) => socket.write(frame(bytes)),
    onData: (fn) => listeners.push(fn),
    onEnd: (fn) => socket.once('close', fn),
    close: () => socket.destroy(),
  };
}

/** MB/s (10^6 bytes per second) for `bytes` streamed from the target to the client. */
export async function throughput(connect, bytes) {
  const pipe = await connect();
  let received = 0;
  const started = performance.now();
  const done = new Promise((resolve) => {
    pipe.onData((d) => (received += d.length));
    pipe.onEnd(resolve);
  });
  pipe.send(Buffer.from('S'));
  await done;
  const seconds = (performance.now() - started) / 1000;
  if (received !== bytes) throw new Error(`expected ${bytes} bytes, got ${received}`);
  return bytes / 1e6 / seconds;
}

/** Median time in ms for a 4 KiB message to come back, over `count` round trips. */
export async function roundTrip(connect, count) {
  const pipe = await connect();
  const message = Buffer.alloc(SMALL, 0x61);
  let pending = 0;
  let wake = () => {};
  pipe.onData((d) => {
    pending -= d.length;
    if (pending <= 0) wake();
  });
  pipe.send(Buffer.from('E'));
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    pending = SMALL;
    await new Promise((resolve) => {
      wake = resolve;
      pipe.send(message);
    });
    times.push(performance.now() - started);
  }
  pipe.close();
  return median(times);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Measures both paths, alternating them over `runs` rounds so a busy moment on a shared
 * machine hits both alike. Returns the medians and the proxy/direct ratios.
 */
export async function runVncProxyBench({ mib = 200, roundTrips = 2000, runs = 3 } = {}) {
  const bytes = mib * MIB;
  const dir = await mkdtemp(path.join(tmpdir(), 'ld-bench-vnc-'));
  const target = await startTarget(bytes);
  let proxy;
  try {
    proxy = startProxyWorker(await bundleProxy(dir), target.port);
    const direct = () => connectDirect(target.port);
    const proxied = async () => connectProxied(await proxy.open());
    const proxiedRaw = async () => connectProxiedRaw(await proxy.open());
    const relayPort = await proxy.relayPort();
    const relayed = () => connectDirect(relayPort);
    const samples = { directMBps: [], relayMBps: [], proxyMBps: [], proxyRawClientMBps: [], directRttMs: [], relayRttMs: [], proxyRttMs: [], proxyRawClientRttMs: [] };
    for (let i = 0; i < runs; i++) {
      samples.directMBps.push(await throughput(direct, bytes));
      samples.relayMBps.push(await throughput(relayed, bytes));
      samples.proxyMBps.push(await throughput(proxied, bytes));
      samples.proxyRawClientMBps.push(await throughput(proxiedRaw, bytes));
      samples.directRttMs.push(await roundTrip(direct, roundTrips));
      samples.relayRttMs.push(await roundTrip(relayed, roundTrips));
      samples.proxyRttMs.push(await roundTrip(proxied, roundTrips));
      samples.proxyRawClientRttMs.push(await roundTrip(proxiedRaw, roundTrips));
    }
    const figures = {
      mib,
      roundTrips,
      runs,
      directMBps: median(samples.directMBps),
      relayMBps: median(samples.relayMBps),
      proxyMBps: median(samples.proxyMBps),
      proxyRawClientMBps: median(samples.proxyRawClientMBps),
      directRttMs: median(samples.directRttMs),
      relayRttMs: median(samples.relayRttMs),
      proxyRttMs: median(samples.proxyRttMs),
      proxyRawClientRttMs: median(samples.proxyRawClientRttMs),
    };
    return {
      ...figures,
      // Above 1 the proxy is slower: for throughput direct/proxy, for latency proxy/direct.
      throughputRatio: figures.directMBps / figures.proxyMBps,
      rawClientThroughputRatio: figures.directMBps / figures.proxyRawClientMBps,
      relayThroughputRatio: figures.directMBps / figures.relayMBps,
      latencyRatio: figures.proxyRttMs / figures.directRttMs,
    };
  } finally {
    await proxy?.close();
    await new Promise((resolve) => target.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatVncProxyBench(r) {
  const f = (x, digits = 1) => x.toFixed(digits);
  return [
    `VNC proxy benchmark (${r.mib} MiB in 1 MiB chunks, ${r.roundTrips} round trips of 4 KiB; median of ${r.runs} runs)`,
    `  throughput  direct ${f(r.directMBps)} MB/s   proxy ${f(r.proxyMBps)} MB/s   direct/proxy ${f(r.throughputRatio, 2)}`,
    `  throughput  bare TCP relay in the same worker ${f(r.relayMBps)} MB/s   direct/relay ${f(r.relayThroughputRatio, 2)} (what any extra hop costs)`,
    `  throughput  proxy, lean client (like a browser's native WebSocket) ${f(r.proxyRawClientMBps)} MB/s   direct/proxy ${f(r.rawClientThroughputRatio, 2)}`,
    `  round trip  direct ${f(r.directRttMs * 1000, 0)} µs   bare relay ${f(r.relayRttMs * 1000, 0)} µs   proxy ${f(r.proxyRttMs * 1000, 0)} µs (ws client)   proxy ${f(r.proxyRawClientRttMs * 1000, 0)} µs (lean client)`,
    `  round trip  proxy/relay ${f(r.proxyRawClientRttMs / r.relayRttMs, 2)} with the lean client, ${f(r.proxyRttMs / r.relayRttMs, 2)} with the ws client`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { mib: { type: 'string', default: '200' }, 'round-trips': { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' } } });
  const result = await runVncProxyBench({ mib: Number(values.mib), roundTrips: Number(values['round-trips']), runs: Number(values.runs) });
  console.log(formatVncProxyBench(result));
}
