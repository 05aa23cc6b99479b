// `list` over 200 instances made by hand: 150 Stopped, 50 Running. A Running one is what
// Lima's status rules see: ha.pid and qemu.pid naming a live process that claims them on its
// command line, and ha.sock answering GET /v1/info. One stand-in process plays all 50.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchHome, importTs, median, root, run, spawnWithExit } from './common.mjs';

const STAND_IN = `
const http = require('node:http');
const socks = process.argv.filter((a) => a.endsWith('/ha.sock'));
let ready = 0;
for (const s of socks) {
  http.createServer((req, res) => res.end(JSON.stringify({ sshLocalPort: 60000 + ready }))).listen(s, () => {
    if (++ready === socks.length) process.stdout.write('ready\\n');
  });
}
setInterval(() => {}, 1 << 30);
`;

function yaml(i) {
  return `# instance ${i}\nimages:\n- location: /nonexistent/debian-${i}.qcow2\n  arch: x86_64\ncpus: ${1 + (i % 4)}\nmemory: ${1 + (i % 8)}GiB\ndisk: ${10 + i}GiB\n`;
}

async function timeCalls(fn, calls) {
  await fn(); // warm caches and lazy imports
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export async function benchList({ cli, instances = 200, running = 50, calls = 10 }) {
  const h = await benchHome(cli);
  let standIn;
  try {
    const runningArgs = [];
    for (let i = 0; i < instances; i++) {
      const name = `vm${String(i).padStart(3, '0')}`;
      const dir = path.join(h.home, name);
      await mkdir(dir);
      await writeFile(path.join(dir, 'lima.yaml'), yaml(i));
      if (i < running) runningArgs.push('--pidfile', path.join(dir, 'ha.pid'), '--pidfile', path.join(dir, 'qemu.pid'), '--socket', path.join(dir, 'ha.sock'));
    }
    standIn = spawnWithExit(process.execPath, ['-e', STAND_IN, '--', ...runningArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => standIn.child.stdout.once('data', resolve));
    for (let i = 0; i < running; i++) {
      const dir = path.join(h.home, `vm${String(i).padStart(3, '0')}`);
      await writeFile(path.join(dir, 'ha.pid'), `${standIn.child.pid}\n`);
      await writeFile(path.join(dir, 'qemu.pid'), `${standIn.child.pid}\n`);
    }

    const { createApiService } = await importTs('src-main/core/api/service.ts');
    const service = await createApiService({ limaHome: h.home, agent: { nodePath: process.execPath, scriptPath: cli }, env: {} });
    let counts;
    const listOnce = async () => {
      const r = await service.dispatch('listInstances', {});
      if (!r.ok) throw new Error(r.message);
      counts = r.value.reduce((acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }), {});
    };
    // A fresh service's first lists run while V8 still compiles and optimizes the code they use;
    // the app and `limadesk serve` list on every change and every 30 s, so a long-lived process
    // soon lists at the warm figure. Both are shown.
    const api = await timeCalls(listOnce, calls);
    for (let i = 0; i < 2 * calls; i++) await listOnce();
    const warm = await timeCalls(listOnce, 2 * calls);
    await service.close();
    if (counts.Running !== running || counts.Stopped !== instances - running) throw new Error(`unexpected statuses ${JSON.stringify(counts)}`);
    const cliTable = await timeCalls(() => h.limadesk('list'), Math.min(calls, 5));
    const cliJson = await timeCalls(() => h.limadesk('list', '--json'), Math.min(calls, 5));
    const cliStartup = await timeCalls(() => run(process.execPath, [cli, '--help'], { env: h.env }), 3);
    // The yardstick: the least a Node program does to list the same instances (minimal-lister.cjs).
    const lister = path.join(root, 'scripts', 'bench', 'minimal-lister.cjs');
    const pairs = [];
    for (let i = 0; i < 5; i++) {
      const minimal = await timeCalls(() => run(process.execPath, [lister], { env: h.env, maxBuffer: 64 << 20 }), 1);
      const ours = await timeCalls(() => h.limadesk('list', '--json'), 1);
      pairs.push(ours / minimal);
    }
    const vsMinimal = median(pairs);
    const limactl = await run('sh', ['-c', 'command -v limactl']).then(({ stdout }) => stdout.trim(), () => '');
    let limactlMs;
    if (limactl) limactlMs = await timeCalls(() => run(limactl, ['list'], { env: h.env }), Math.min(calls, 5));
    const label = `${instances} instances (${running} Running, ${instances - running} Stopped)`;
    return [
      { metric: `list, in-process API (listInstances), ${label}, a fresh service`, value: `${api.toFixed(1)} ms/call`, notes: `median of calls 2–${calls + 1} of a new API service (code still being compiled and optimized); statuses ${JSON.stringify(counts)}` },
      { metric: `list, in-process API (listInstances), ${label}, warm`, value: `${warm.toFixed(1)} ms/call`, target: '≤ 40 ms', met: warm <= 40, notes: `median of ${2 * calls} calls after ${3 * calls + 2} (what the long-lived app and serve processes list at)` },
      { metric: 'list, CLI `limadesk list` (table)', value: `${cliTable.toFixed(0)} ms/call`, notes: `median of ${Math.min(calls, 5)}; of which CLI start-up (--help) ${cliStartup.toFixed(0)} ms` },
      { metric: 'list, CLI `limadesk list --json`', value: `${cliJson.toFixed(0)} ms/call`, target: '≤ 150 ms', met: cliJson <= 150, notes: `median of ${Math.min(calls, 5)}` },
      { metric: 'list, CLI `limadesk list --json` against a minimal Node lister of the same files', value: `${vsMinimal.toFixed(2)}x`, target: '≤ 1.3x', met: vsMinimal <= 1.3, notes: `median of 5 alternating pairs: ${pairs.map((x) => x.toFixed(2)).join(' ')}; scripts/bench/minimal-lister.cjs parses each lima.yaml with \`yaml\`, reads the pid files and asks each ha.sock` },
      { metric: 'list, `limactl list` on the same LIMA_HOME', value: limactl ? `${limactlMs.toFixed(0)} ms/call` : 'n/a', notes: limactl ? limactl : 'limactl is not installed on this machine' },
    ];
  } finally {
    standIn?.child.kill('SIGKILL');
    if (standIn) await Promise.race([standIn.exited, sleep(2000)]);
    await h.remove();
  }
}
