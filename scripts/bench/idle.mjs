// Idle CPU of the API service (`limadesk serve`, the process the Electron main process also
// is) while 3 VMs run and nobody asks anything: it should follow the instances through
// events, not by polling. Read from /proc/PID/stat (utime + stime) over the window.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchHome, BOOT_MARKER, run, spawnWithExit, waitForText, writeGuestInstance } from './common.mjs';

async function cpuTicks(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export async function benchIdle({ cli, vms = 3, seconds = 30 }) {
  if (process.platform !== 'linux') return [{ metric: 'idle CPU of limadesk serve', value: 'n/a', notes: 'needs /proc' }];
  const hz = Number((await run('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
  const h = await benchHome(cli);
  const names = Array.from({ length: vms }, (_, i) => `idle${i}`);
  let serve;
  try {
    serve = spawnWithExit(process.execPath, [cli, 'serve', '--port', '0'], { env: h.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    serve.child.stdout.on('data', (c) => (out += c));
    serve.child.stderr.on('data', (c) => (out += c));
    const deadline = Date.now() + 30_000;
    while (!/token=/.test(out)) {
      if (Date.now() > deadline) throw new Error(`serve printed no URL:\n${out}`);
      await sleep(50);
    }
    for (const name of names) {
      const dir = await writeGuestInstance(h.home, h.base, name, { memory: '128MiB' });
      await h.limadesk('start', name);
      await waitForText(path.join(dir, 'serial.log'), BOOT_MARKER, performance.now());
    }
    const agents = await Promise.all(names.map(async (n) => Number((await readFile(path.join(h.home, n, 'ha.pid'), 'utf8')).trim())));
    // Let the watcher see the final statuses before measuring.
    await sleep(3000);
    const before = await cpuTicks(serve.child.pid);
    const agentsBefore = await Promise.all(agents.map(cpuTicks));
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const elapsed = (performance.now() - t0) / 1000;
    const serveTicks = (await cpuTicks(serve.child.pid)) - before;
    const serveCpu = serveTicks / hz / elapsed;
    const agentsAfter = await Promise.all(agents.map(cpuTicks));
    const agentCpu = agentsAfter.reduce((s, t, i) => s + t - agentsBefore[i], 0) / hz / elapsed / agents.length;
    return [
      { metric: `idle CPU of \`limadesk serve\` with ${vms} running VMs`, value: `${(serveCpu * 100).toFixed(2)} %`, target: '< 0.3 %', met: serveCpu < 0.003, notes: `${serveTicks} ticks of 1/${hz} s in a ${elapsed.toFixed(0)} s window (/proc/PID/stat utime+stime)` },
      { metric: 'idle CPU per host agent (same window)', value: `${(agentCpu * 100).toFixed(2)} %`, notes: 'mean of the agents; they wait on QEMU and QMP events' },
    ];
  } finally {
    serve?.child.kill('SIGTERM');
    await h.stopAll(names);
    if (serve) await Promise.race([serve.exited, sleep(3000)]);
    await h.remove();
  }
}
