// Boot-time overhead of Limadesk: `limadesk start` until the guest's first serial output,
// against the very same QEMU command line started by hand (the argv the host agent logged,
// "VM process started"), and the ACPI stop: `limadesk stop` until QEMU has exited.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { alive, benchHome, BOOT_MARKER, median, spawnWithExit, waitForText, writeGuestInstance } from './common.mjs';

async function loggedArgv(dir) {
  for (const line of (await readFile(path.join(dir, 'ha.stderr.log'), 'utf8')).split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line);
    if (entry.msg === 'VM process started' && entry.argv) return JSON.parse(entry.argv);
  }
  throw new Error(`the host agent logged no argv in ${dir}/ha.stderr.log`);
}

export async function benchStart({ cli, runs }) {
  const h = await benchHome(cli);
  try {
    const dir = await writeGuestInstance(h.home, h.base, 'bench');
    const serial = path.join(dir, 'serial.log');
    const ours = [];
    const byHand = [];
    let argv;
    for (let i = 0; i < runs; i++) {
      await rm(serial, { force: true });
      const started = performance.now();
      const { exited } = spawnWithExit(process.execPath, [cli, 'start', 'bench'], { env: h.env, stdio: 'ignore' });
      ours.push(await waitForText(serial, '\n', started));
      await exited;
      argv ??= await loggedArgv(dir);
      await h.limadesk('stop', 'bench', '--force');

      await rm(serial, { force: true });
      const [exe, ...args] = argv;
      const t0 = performance.now();
      const qemu = spawnWithExit(exe, args, { stdio: 'ignore', detached: true });
      byHand.push(await waitForText(serial, '\n', t0));
      qemu.child.kill('SIGKILL');
      await qemu.exited;
      for (const f of ['qemu.pid', 'qmp.sock', 'serial.sock', 'serialv.sock', 'serialp.sock']) await rm(path.join(dir, f), { force: true });
    }
    const accelAt = argv.findIndex((a) => a === '-accel');
    const accel = accelAt >= 0 ? argv[accelAt + 1] : (argv.join(' ').match(/accel=(\w+)/)?.[1] ?? 'default');
    const mOurs = median(ours);
    const pairRatios = ours.map((x, i) => x / byHand[i]);
    const added = ours.map((x, i) => x - byHand[i]);
    const mHand = median(byHand);
    return [
      { metric: 'start → first serial line, limadesk start', value: `${(mOurs / 1000).toFixed(3)} s`, notes: `median of ${runs}: ${ours.map((x) => (x / 1000).toFixed(2)).join(' ')}` },
      { metric: 'start → first serial line, same QEMU argv by hand', value: `${(mHand / 1000).toFixed(3)} s`, notes: `median of ${runs}: ${byHand.map((x) => (x / 1000).toFixed(2)).join(' ')}` },
      { metric: 'start overhead ratio (limadesk / by hand)', value: `${(mOurs / mHand).toFixed(2)}x`, target: '≤ 1.10x', met: mOurs / mHand <= 1.1, notes: `accelerator ${accel}; includes node start-up of the CLI and the host agent, disk and cidata preparation; each run's pair (ours, then by hand) gives ${pairRatios.map((x) => x.toFixed(2)).join(' ')} (median ${median(pairRatios).toFixed(2)}x), ${median(added).toFixed(0)} ms added (median), so the TCG boot's own spread moves the ratio of medians` },
    ];
  } finally {
    await h.stopAll(['bench']);
    await h.remove();
  }
}

export async function benchStop({ cli, runs }) {
  const h = await benchHome(cli);
  try {
    const dir = await writeGuestInstance(h.home, h.base, 'stopper');
    const stopTimed = async () => {
      const qemuPid = Number((await readFile(path.join(dir, 'qemu.pid'), 'utf8')).trim());
      const t0 = performance.now();
      const { exited } = spawnWithExit(process.execPath, [cli, 'stop', 'stopper'], { env: h.env, stdio: 'ignore' });
      while (alive(qemuPid)) await sleep(2);
      const ms = performance.now() - t0;
      await exited;
      return ms;
    };
    const booted = [];
    const early = [];
    for (let i = 0; i < runs; i++) {
      // Right after boot: the guest's boot marker has just appeared on its serial console.
      await h.limadesk('start', 'stopper');
      await waitForText(path.join(dir, 'serial.log'), BOOT_MARKER, performance.now());
      early.push(await stopTimed());
      // Booted: the guest has been up a few seconds and is idle.
      await h.limadesk('start', 'stopper');
      await waitForText(path.join(dir, 'serial.log'), BOOT_MARKER, performance.now());
      await sleep(3000);
      booted.push(await stopTimed());
    }
    const list = (xs) => xs.map((x) => (x / 1000).toFixed(2)).join(' ');
    return [
      { metric: 'stop by ACPI: request → QEMU exit (booted guest, idle for 3 s)', value: `${(median(booted) / 1000).toFixed(3)} s`, target: '≤ 0.5 s', met: median(booted) <= 500, notes: `median of ${runs}: ${list(booted)}` },
      { metric: 'stop by ACPI right after boot (at the guest\'s boot marker)', value: `${(median(early) / 1000).toFixed(3)} s`, target: '≤ 1 s', met: median(early) <= 1000, notes: `median of ${runs}: ${list(early)}` },
    ];
  } finally {
    await h.stopAll(['stopper']);
    await h.remove();
  }
}
