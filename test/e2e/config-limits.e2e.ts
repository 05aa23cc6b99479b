import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParts, CLI_PATH, makeTempDir, makeTempHome, runCli, tearDown, writeInstance } from '../support/e2e-kit';

const run = promisify(execFile);
const IMAGE = 'images: [{location: /nonexistent/a.img, arch: x86_64}]\n';

/** A valid lima.yaml of at least `bytes`. */
function bigYaml(bytes: number): string {
  let text = `${IMAGE}provision:\n`;
  for (let i = 0; text.length < bytes; i++) text += `- mode: system\n  script: echo ${i}\n`;
  return text;
}

/** The shape of document that froze the process: anchors each copied by the next level. */
function aliasBomb(): string {
  let text = `${IMAGE}osOpts:\n`;
  for (let i = 0; i < 140; i++) text += `  pad${i}: &p${i} {k: ${'v'.repeat(40)}}\n`;
  text += `  a0: &a0 [${Array(9).fill('x').join(', ')}]\n`;
  for (let i = 1; i < 10; i++) text += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return `${text}  boom: *a9\n`;
}

// The built CLI (with its config worker beside it) over documents meant to hold a process up.
describe('lima.yaml documents that cannot hold the CLI up', () => {
  let home: string;
  let elsewhere: string;

  beforeAll(() => {
    buildParts('cli');
    home = makeTempHome('ld-lim-');
    elsewhere = makeTempDir('ld-lim-cwd-');
    writeInstance(home, 'fine', IMAGE);
    writeInstance(home, 'bomb', aliasBomb());
    writeInstance(home, 'huge', bigYaml(1024 * 1024));
  });
  afterAll(() => tearDown({ home, dirs: [elsewhere] }));

  it('lists every instance; the alias bomb and the megabyte document are Broken with the reason', async () => {
    const r = await runCli({ ...process.env, LIMA_HOME: home }, ['list', '--json'], 60_000);
    expect(r.code, r.stderr).toBe(0);
    type Row = { name: string; status: string; errors?: string[] };
    const out = r.stdout.trim();
    const rows: Row[] = out.startsWith('[') ? (JSON.parse(out) as Row[]) : out.split('\n').map((l) => JSON.parse(l) as Row);
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName.fine?.status).toBe('Stopped');
    expect(byName.bomb?.status).toBe('Broken');
    expect(byName.bomb?.errors?.join('\n')).toMatch(/alias \*a\d makes too many copies/);
    expect(byName.huge?.status).toBe('Broken');
    expect(byName.huge?.errors?.join('\n')).toMatch(/refused: \d+ bytes of YAML that take too long to read/);
  });

  it('validate refuses the megabyte file the same way, from any directory, and still finds the bundled templates', async () => {
    const file = path.join(elsewhere, 'huge.yaml');
    writeFileSync(file, bigYaml(1024 * 1024));
    const env = { ...process.env, LIMA_HOME: home };
    const refused = await run(process.execPath, [CLI_PATH, 'validate', file], { cwd: elsewhere, env }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refused: YAML that take too long to read/);
    // Checked in the worker too, which has no bundle directory of its own to look from.
    const ok = await run(process.execPath, [CLI_PATH, 'validate', 'template:default'], { cwd: elsewhere, env });
    expect(ok.stderr).toContain('"template:default" is valid');
  });
});
