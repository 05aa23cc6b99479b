/* global window, document, MutationObserver -- fakeApiInPage and the waits run inside the Chromium page */
// The renderer in real Chromium: how long the instance list takes to render 500 instances
// (the built renderer served by `limadesk serve`, with an API in the page that answers
// instantly, so the figure is the renderer's own), and what validating a 300-line lima.yaml
// costs per keystroke through the real validateConfig API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { importTs, median, spawnWithExit } from './common.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Runs in the page before the app: stands in for window.limadesk and watches the rows appear. */
function fakeApiInPage(count) {
  const summaries = Array.from({ length: count }, (_, i) => ({
    name: `vm${String(i).padStart(3, '0')}`,
    status: i % 3 === 0 ? 'Running' : 'Stopped',
    dir: `/home/u/.lima/vm${i}`,
    vmType: 'qemu',
    arch: 'x86_64',
    cpus: 1 + (i % 4),
    memory: (1 + (i % 8)) * 2 ** 30,
    disk: (10 + i) * 2 ** 30,
    sshLocalPort: i % 3 === 0 ? 60000 + i : 0,
    message: '',
    protected: false,
    errors: [],
  }));
  const marks = { listCalled: -1, rendered: -1, rows: 0 };
  window.__benchMarks = marks;
  const unsupported = async () => ({ ok: false, code: 'unsupported', message: 'not in this benchmark' });
  window.limadesk = new Proxy(
    {
      listInstances: async () => {
        marks.listCalled = performance.now();
        return { ok: true, value: summaries };
      },
      on: () => () => undefined,
    },
    { get: (target, key) => (key in target ? target[key] : unsupported) },
  );
  const observer = new MutationObserver(() => {
    const rows = document.querySelectorAll('[data-instance]').length;
    marks.rows = rows;
    if (marks.rendered < 0 && rows >= count) {
      marks.rendered = performance.now();
      observer.disconnect();
    }
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
}

async function serveUrl(cli, env) {
  const serve = spawnWithExit(process.execPath, [cli, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  serve.child.stdout.on('data', (c) => (out += c));
  serve.child.stderr.on('data', (c) => (out += c));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(out);
    if (m) return { serve, url: m[0] };
    if (Date.now() > deadline) throw new Error(`serve printed no URL:\n${out}`);
    await sleep(50);
  }
}

export async function benchRenderList({ cli, count = 500, runs = 3 }) {
  const { chromium } = await import('playwright-core');
  const home = await mkdtemp(path.join(tmpdir(), 'ld-bench-ui-'));
  const { serve, url } = await serveUrl(cli, { ...process.env, LIMA_HOME: home });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const totals = [];
    const renders = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript(fakeApiInPage, count);
      await page.goto(url);
      await page.waitForFunction((n) => window.__benchMarks?.rendered > 0 || document.querySelectorAll('[data-instance]').length >= n, count, { timeout: 60_000 });
      const marks = await page.evaluate(() => window.__benchMarks);
      rows = marks.rows;
      totals.push(marks.rendered);
      renders.push(marks.rendered - marks.listCalled);
      await page.close();
    }
    return [
      { metric: `renderer: ${count} instances, list answer → all rows in the DOM`, value: `${median(renders).toFixed(0)} ms`, notes: `median of ${runs}: ${renders.map((x) => x.toFixed(0)).join(' ')}; ${rows} rows` },
      { metric: `renderer: ${count} instances, navigation → all rows in the DOM`, value: `${median(totals).toFixed(0)} ms`, notes: 'includes loading and starting the bundle' },
    ];
  } finally {
    await browser.close();
    serve.child.kill('SIGTERM');
    await Promise.race([serve.exited, sleep(3000)]);
    await rm(home, { recursive: true, force: true });
  }
}

/** A realistic 300-line lima.yaml: images, mounts, port forwards, provision scripts, env. */
export function bigLimaYaml(lines = 300) {
  const out = ['# a long lima.yaml, as a power user keeps one', 'vmType: qemu', 'arch: x86_64', 'cpus: 4', 'memory: 8GiB', 'disk: 100GiB', 'images:'];
  for (const arch of ['x86_64', 'aarch64']) out.push(`- location: https://cloud-images.ubuntu.com/releases/noble/release/ubuntu-24.04-server-cloudimg-${arch === 'x86_64' ? 'amd64' : 'arm64'}.img`, `  arch: ${arch}`);
  out.push('mounts:');
  for (let i = 0; i < 20; i++) out.push(`- location: /tmp/lima-bench-${i}`, `  mountPoint: /mnt/share${i}`, `  writable: ${i % 2 === 0}`);
  out.push('portForwards:');
  for (let i = 0; i < 30; i++) out.push(`- guestPort: ${8000 + i}`, `  hostPort: ${18000 + i}`, '  proto: tcp');
  out.push('provision:');
  let n = 0;
  while (out.length < lines - 25) {
    out.push('- mode: system', '  script: |', '    #!/bin/sh', `    echo step ${n++}`, '    apt-get update', '    apt-get install -y curl');
  }
  out.push('env:');
  while (out.length < lines) out.push(`  VAR_${out.length}: "value ${out.length}"`);
  return `${out.join('\n')}\n`;
}

export async function benchValidate({ keystrokes = 30 }) {
  const { createApiService } = await importTs('src-main/core/api/service.ts');
  const home = await mkdtemp(path.join(tmpdir(), 'ld-bench-val-'));
  const service = await createApiService({ limaHome: home, agent: { nodePath: process.execPath, scriptPath: '/nonexistent' }, env: {} });
  try {
    const text = bigLimaYaml();
    const lineCount = text.trimEnd().split('\n').length;
    const first = await service.dispatch('validateConfig', { text });
    if (!first.ok) throw new Error(first.message);
    const samples = [];
    let typed = text;
    for (let i = 0; i < keystrokes; i++) {
      // Typing into the last env value: one more character per keystroke.
      typed = `${typed.trimEnd().slice(0, -1)}${String.fromCharCode(97 + (i % 26))}"\n`;
      const t0 = performance.now();
      const r = await service.dispatch('validateConfig', { text: typed });
      samples.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.message);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? sorted.at(-1);
    return [{ metric: `validateConfig per keystroke, ${lineCount}-line lima.yaml (real API)`, value: `${median(samples).toFixed(1)} ms`, notes: `median of ${keystrokes}, p90 ${p90.toFixed(1)} ms; ${first.value.issues.length} issues (warnings) reported` }];
  } finally {
    await service.close();
    await rm(home, { recursive: true, force: true });
  }
}
