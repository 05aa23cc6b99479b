// The app's own CPU while the usage view is open: `limadesk serve` (the API service the
// Electron main process also runs) samples 3 running VMs every 2 s for a watcher that holds
// a lease over serve's WebSocket, as a page showing the list or the Overview does. Then the
// watcher leaves, and the same window is measured again: sampling must stop with it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setInterval, clearInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';
import { WebSocket } from 'ws';
import { benchHome, run, spawnWithExit, writeGuestInstance } from './common.mjs';

async function cpuTicks(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function measure(pids, seconds, hz) {
  const before = await Promise.all(pids.map(cpuTicks));
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const after = await Promise.all(pids.map(cpuTicks));
  return { shares: after.map((t, i) => (t - before[i]) / hz / elapsed), ticks: after.map((t, i) => t - before[i]), elapsed };
}

export async function benchUsage({ cli, vms = 3, seconds = 30 }) {
  if (process.platform !== 'linux') return [{ metric: 'CPU of limadesk serve while sampling usage', value: 'n/a', notes: 'needs /proc' }];
  const hz = Number((await run('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
  const h = await benchHome(cli);
  const names = Array.from({ length: vms }, (_, i) => `use${i}`);
  let serve;
  let ws;
  try {
    serve = spawnWithExit(process.execPath, [cli, 'serve', '--port', '0'], { env: h.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    serve.child.stdout.on('data', (c) => (out += c));
    serve.child.stderr.on('data', (c) => (out += c));
    const deadline = Date.now() + 30_000;
    let url;
    while (!(url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(out)?.[0])) {
      if (Date.now() > deadline) throw new Error(`serve printed no URL:\n${out}`);
      await sleep(50);
    }
    for (const name of names) {
      await writeGuestInstance(h.home, h.base, name, { memory: '128MiB', ssh: true });
      await h.limadesk('start', name, '--wait', 'ssh', '--timeout', '5m');
    }
    const agents = await Promise.all(names.map(async (n) => Number((await readFile(path.join(h.home, n, 'ha.pid'), 'utf8')).trim())));
    const parsed = new URL(url);
    ws = new WebSocket(`ws://${parsed.host}/api/ws?token=${parsed.searchParams.get('token')}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    let pushes = 0;
    let lastSamples = [];
    ws.on('message', (data) => {
      for (const e of JSON.parse(String(data)).events ?? []) {
        if (e.event === 'usageSampled') {
          pushes++;
          lastSamples = e.payload.samples;
        }
      }
    });
    const watch = () => ws.send(JSON.stringify({ id: Date.now(), method: 'watchUsage', params: { watcher: 'bench' } }));
    watch();
    // The page renews its lease while shown; the first samples open the SSH connections.
    const renew = setInterval(watch, 5000);
    await sleep(8000);
    const pushesBefore = pushes;
    const sampling = await measure([serve.child.pid, ...agents], seconds, hz);
    const sampled = pushes - pushesBefore;
    clearInterval(renew);
    ws.send(JSON.stringify({ id: 0, method: 'unwatchUsage', params: { watcher: 'bench' } }));
    await sleep(3000);
    const pushesAtStop = pushes;
    const quiet = await measure([serve.child.pid], seconds, hz);
    const complete = lastSamples.filter((s) => s.cpu && s.memory.guest && s.network && s.disk.readBytesPerSec !== undefined).length;
    const agentMean = sampling.shares.slice(1).reduce((a, b) => a + b, 0) / agents.length;
    return [
      {
        metric: `CPU of \`limadesk serve\` while sampling ${vms} VMs every 2 s`,
        value: `${(sampling.shares[0] * 100).toFixed(2)} %`,
        target: '< 1 %',
        met: sampling.shares[0] < 0.01,
        notes: `${sampling.ticks[0]} ticks of 1/${hz} s in ${sampling.elapsed.toFixed(0)} s; ${sampled} usageSampled pushes; ${complete}/${vms} instances with every figure (CPU, memory, guest memory, disk and network rates)`,
      },
      { metric: 'CPU per host agent in the same window', value: `${(agentMean * 100).toFixed(2)} %`, notes: 'mean of the agents; each answers one /v1/blockstats (a QMP round trip) per sample' },
      {
        metric: 'CPU of `limadesk serve` once the watcher left',
        value: `${(quiet.shares[0] * 100).toFixed(2)} %`,
        notes: `${quiet.ticks[0]} ticks in ${quiet.elapsed.toFixed(0)} s; ${pushes - pushesAtStop} pushes after unwatchUsage (sampling stopped)`,
      },
    ];
  } finally {
    ws?.close();
    serve?.child.kill('SIGTERM');
    await h.stopAll(names);
    if (serve) await Promise.race([serve.exited, sleep(3000)]);
    await h.remove();
  }
}
