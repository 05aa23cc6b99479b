// Limadesk's figures: boot overhead against bare QEMU, ACPI stop, `list` at scale, idle CPU
// with running VMs, the console proxy against direct TCP, and the renderer. Prints a table
// and writes bench/RESULTS.md with the machine and date.
// Every figure with its target prints whether it is met.
// Usage: npm run bench [-- --only start,stop,list,cli-startup,config,idle,usage,vnc,renderer] [--runs N] [--cli path/to/limadesk.cjs] [--no-write]
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { benchStart, benchStop } from './bench/boot.mjs';
import { machine, root } from './bench/common.mjs';
import { benchIdle } from './bench/idle.mjs';
import { benchConfig } from './bench/config.mjs';
import { benchList } from './bench/list.mjs';
import { benchRenderList, benchValidate } from './bench/renderer.mjs';
import { benchUsage } from './bench/usage.mjs';

const SECTIONS = ['start', 'stop', 'list', 'cli-startup', 'config', 'idle', 'usage', 'vnc', 'renderer'];
const { values } = parseArgs({
  options: {
    only: { type: 'string', default: SECTIONS.join(',') },
    runs: { type: 'string', default: '5' },
    cli: { type: 'string' },
    'idle-seconds': { type: 'string', default: '30' },
    'no-write': { type: 'boolean', default: false },
  },
});
const only = values.only.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((s) => !SECTIONS.includes(s));
if (unknown.length > 0) {
  console.error(`unknown section(s) ${unknown.join(', ')}; pick from ${SECTIONS.join(', ')}`);
  process.exit(2);
}
// --cli compares another build of the CLI (e.g. a branch's bundle) against the same QEMU.
const cli = values.cli ? path.resolve(values.cli) : path.join(root, 'bin', 'limadesk.cjs');
const runs = Number(values.runs);

async function vnc() {
  const { runVncProxyBench } = await import('./bench-vnc-proxy.mjs');
  const r = await runVncProxyBench({ mib: 256, roundTrips: 1000, runs: 5 });
  // The viewer is the browser's native WebSocket, which the lean client stands for; the ws
  // client's own JavaScript framing is shown beside it.
  const share = r.proxyRawClientMBps / r.directMBps;
  // Round trips too are taken with the lean client (as a browser would send them: masked):
  // the ws client's own framing is the client's cost, not the proxy's, and is shown beside.
  const rtt = r.proxyRawClientRttMs / r.relayRttMs;
  return [
    { metric: 'VNC proxy throughput, share of direct TCP', value: share.toFixed(2), target: '≥ 0.9', met: share >= 0.9, notes: `direct ${r.directMBps.toFixed(0)} MB/s, proxy ${r.proxyRawClientMBps.toFixed(0)} MB/s to a lean client (${r.proxyMBps.toFixed(0)} MB/s to the ws package's client), bare TCP relay ${r.relayMBps.toFixed(0)} MB/s; ${r.mib} MiB, median of ${r.runs}` },
    { metric: 'VNC proxy round trip against a bare TCP relay (proxy/relay)', value: `${rtt.toFixed(2)}x`, target: '≤ 1.2x', met: rtt <= 1.2, notes: `direct ${(r.directRttMs * 1000).toFixed(0)} µs, bare relay ${(r.relayRttMs * 1000).toFixed(0)} µs, proxy ${(r.proxyRawClientRttMs * 1000).toFixed(0)} µs to a lean client (${(r.proxyRttMs * 1000).toFixed(0)} µs to the ws package's client, ${(r.proxyRttMs / r.relayRttMs).toFixed(2)}x); 4 KiB masked messages echoed, median of ${r.roundTrips} per run, median of ${r.runs} runs` },
  ];
}

/** `limadesk --version` against bare `node -e 0`, alternating, so both see the same machine. */
async function cliStartup() {
  const { run, median } = await import('./bench/common.mjs');
  const time = async (args) => {
    const t0 = performance.now();
    await run(process.execPath, args);
    return performance.now() - t0;
  };
  await time([cli, '--version']);
  const ours = [];
  const bare = [];
  for (let i = 0; i < 15; i++) {
    ours.push(await time([cli, '--version']));
    bare.push(await time(['-e', '0']));
  }
  const ratio = median(ours.map((x, i) => x / bare[i]));
  return [{ metric: 'CLI start-up: `limadesk --version` against `node -e 0`', value: `${ratio.toFixed(2)}x`, target: '≤ 1.3x', met: ratio <= 1.3, notes: `median of 15 pairs; ${median(ours).toFixed(0)} ms against ${median(bare).toFixed(0)} ms` }];
}

const runners = {
  start: () => benchStart({ cli, runs }),
  stop: () => benchStop({ cli, runs: Math.min(runs, 3) }),
  list: () => benchList({ cli }),
  config: () => benchConfig({ cli, runs }),
  idle: () => benchIdle({ cli, seconds: Number(values['idle-seconds']) }),
  usage: () => benchUsage({ cli, seconds: Number(values['idle-seconds']) }),
  vnc,
  'cli-startup': cliStartup,
  renderer: async () => [...(await benchRenderList({ cli, runs: 3 })), ...(await benchValidate({}))],
};

const host = await machine();
const rows = [];
const t0 = performance.now();
for (const section of only) {
  const started = performance.now();
  process.stderr.write(`bench: ${section}…\n`);
  try {
    for (const row of await runners[section]()) rows.push({ section, ...row });
  } catch (err) {
    console.error(`bench: ${section} failed:`, err);
    rows.push({ section, metric: 'failed', value: 'error', notes: String(err.message ?? err).split('\n')[0] });
  }
  process.stderr.write(`bench: ${section} took ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
const total = (performance.now() - t0) / 1000;

const cell = (s) => String(s).replace(/\|/g, '\\|');
const verdict = (r) => (r.met === undefined ? '' : r.met ? 'met' : '**not met**');
const table = [
  '| section | metric | value | target | | notes |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.section} | ${cell(r.metric)} | ${cell(r.value)} | ${cell(r.target ?? '')} | ${verdict(r)} | ${cell(r.notes ?? '')} |`),
].join('\n');
const machineText = [
  `- Date: ${host.date}`,
  `- CPU: ${host.cpu}, ${host.cores} cores; RAM ${host.ramGiB} GiB; load average at start ${host.load}`,
  `- ${host.qemu}; /dev/kvm ${host.kvm} (the accelerator used is in the start notes); Node ${host.node}`,
  `- Sections: ${only.join(', ')}; ${runs} runs where a median is taken; whole run ${total.toFixed(0)} s`,
].join('\n');
console.log(`\n${machineText}\n\n${table}\n`);

if (!values['no-write']) {
  const doc = `# Limadesk benchmark results

Written by \`npm run bench\` (scripts/bench.mjs). Boot figures use the busybox test guest
(test/support/guest) under the accelerator the driver picks; on a machine without KVM that is
TCG, so absolute times are slow and the ratios are what to compare. The machine is shared,
so figures move with its load (the load average is recorded below).

## Machine

${machineText}

## Results

${table}

## How each figure is taken

- **start**: \`limadesk start\` until the guest's first complete serial line, against the
  same QEMU argv (logged by the host agent) started by hand; median of the runs.
- **stop**: \`limadesk stop\` (ACPI power button) on a booted guest, until the QEMU process is gone.
- **list**: 200 hand-made instances; the 50 Running ones have pid files naming one live
  stand-in process and an \`ha.sock\` answering \`/v1/info\`, exactly what the status rules read.
- **config**: hostile lima.yaml documents through the built CLI: an alias bomb, 1 MiB of
  YAML (checked in the config worker, refused after 750 ms of its busy time), and \`list\` with
  both among 20 ordinary instances.
- **idle**: utime+stime of the \`limadesk serve\` process (the API service the app's main
  process also runs) from /proc/PID/stat while 3 booted VMs run untouched.
- **usage**: the same figure while a watcher holds a usage lease over serve's WebSocket (what a
  page showing the list or the Overview does): 3 VMs with SSH sampled every 2 s, then again
  after the watcher leaves (sampling stops). Host agents' CPU over the sampling window too.
- **vnc**: scripts/bench-vnc-proxy.mjs, stand-in VNC server, direct TCP against the WebSocket
  proxy and against a bare TCP relay (socket.pipe both ways, Nagle off as in the proxy) in the
  same worker thread, all alternating. The viewer is a lean WebSocket client that costs next
  to nothing, as a browser's native WebSocket does, and masks its frames as a browser must.
- **renderer**: the built renderer in Debian's Chromium (playwright-core) with an in-page API
  answering at once, so the time is React's; validation goes through the real API service.
  From the app's list call to the rows in view being in the DOM (a MutationObserver), and to
  their being painted (a user-blocking task posted from the next frame callback runs right
  after that frame's style, layout and paint); neither includes loading or parsing the bundle,
  which the navigation figure does.
  Beside them, two browser floors: the same rows' finished HTML put into a blank page that
  holds the app's CSS and painted shell (no script builds them), and for scrolling, plain
  text rows and static copies of the app's own rows with no virtual list.
`;
  await mkdir(path.join(root, 'bench'), { recursive: true });
  const file = path.join(root, 'bench', 'RESULTS.md');
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, doc);
  await (await import('node:fs/promises')).rename(tmp, file);
  console.log(`wrote ${path.relative(root, file)}`);
}
