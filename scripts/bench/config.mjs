// Hostile lima.yaml documents through the built CLI (with its config worker): the alias bomb
// that used to hold a process for half a minute, and a megabyte of YAML, which must be checked
// or refused within a second. CLI start-up is measured apart and subtracted.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchHome, median } from './common.mjs';

const IMAGE = 'images: [{location: /nonexistent/a.img, arch: x86_64}]\n';

function aliasBomb() {
  let text = `${IMAGE}osOpts:\n`;
  for (let i = 0; i < 140; i++) text += `  pad${i}: &p${i} {k: ${'v'.repeat(40)}}\n`;
  text += `  a0: &a0 [${Array(9).fill('x').join(', ')}]\n`;
  for (let i = 1; i < 10; i++) text += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return `${text}  boom: *a9\n`;
}

function megabyte() {
  let text = `${IMAGE}provision:\n`;
  for (let i = 0; text.length < 1024 * 1024; i++) text += `- mode: system\n  script: echo ${i}\n`;
  return text;
}

async function timed(fn, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn().catch(() => undefined); // refusals exit non-zero: only the time counts here
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export async function benchConfig({ cli, runs = 5 }) {
  const h = await benchHome(cli);
  try {
    const bomb = path.join(h.home, 'bomb.yaml');
    const big = path.join(h.home, 'big.yaml');
    await writeFile(bomb, aliasBomb());
    await writeFile(big, megabyte());
    for (let i = 0; i < 20; i++) {
      await mkdir(path.join(h.home, `vm${i}`));
      await writeFile(path.join(h.home, `vm${i}`, 'lima.yaml'), IMAGE);
    }
    const startup = await timed(() => h.limadesk('--help'), runs);
    const validateBomb = await timed(() => h.limadesk('validate', bomb), runs);
    const validateBig = await timed(() => h.limadesk('validate', big), runs);
    const listPlain = await timed(() => h.limadesk('list', '--json'), runs);
    for (const name of ['bomb', 'big']) {
      await mkdir(path.join(h.home, name));
      await writeFile(path.join(h.home, name, 'lima.yaml'), name === 'bomb' ? aliasBomb() : megabyte());
    }
    const listHostile = await timed(() => h.limadesk('list', '--json'), runs);
    const ms = (v) => `${Math.max(0, v).toFixed(0)} ms`;
    return [
      { metric: 'validate an alias bomb (8.7 KB, 9^10 copies)', value: ms(validateBomb - startup), notes: `CLI start-up (${ms(startup)}) subtracted; refused by the alias limit; median of ${runs}` },
      { metric: 'validate 1 MiB of YAML', value: ms(validateBig - startup), notes: `CLI start-up subtracted; refused by the config worker after 750 ms of busy time; median of ${runs}` },
      { metric: 'list 20 instances, then with a bomb and a 1 MiB lima.yaml beside them', value: `${ms(listPlain)} → ${ms(listHostile)}`, notes: `whole CLI runs; median of ${runs}` },
    ];
  } finally {
    await h.remove();
  }
}
