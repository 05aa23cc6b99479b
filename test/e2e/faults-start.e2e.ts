import net from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_MARKER, leftoverFiles, makeFaultHome, processesUsing, waitForSerial, type FaultHome } from './faults-harness';

let h: FaultHome;

beforeAll(async () => {
  h = await makeFaultHome();
});

afterAll(async () => {
  if (!h) return;
  for (const name of ['twice', 'port']) await h.cli('stop', '--force', name);
  await rm(h.home, { recursive: true, force: true });
});

describe('faults: starts that collide', () => {
  it('two starts of one instance at once: one VM, and the loser is told', async () => {
    const dir = await h.createInstance('twice');
    const [a, b] = await Promise.all([h.cli('start', 'twice'), h.cli('start', 'twice')]);
    const results = [a, b];
    // Exactly one QEMU, owned by exactly one host agent.
    const procs = await processesUsing(dir);
    expect(procs.filter((p) => p.argv.some((x) => x.includes('qemu-system'))), JSON.stringify(procs)).toHaveLength(1);
    expect(procs.filter((p) => p.argv.includes('hostagent'))).toHaveLength(1);
    const winners = results.filter((r) => r.code === 0 && !/already running|seems running|being started by another process/.test(r.stderr));
    expect(winners, JSON.stringify(results)).toHaveLength(1);
    // A refused start exits non-zero; one that found the winner already Running exits 0, as limactl does.
    if (/being started/.test(loserText(results, winners[0]))) expect(results.find((r) => r !== winners[0])!.code).not.toBe(0);
    const loser = results.find((r) => r !== winners[0])!;
    // The loser either saw the winner already running (exit 0, as Lima) or was refused; either way it says so.
    expect(`${loser.stdout}\n${loser.stderr}`).toMatch(/already running|being started by another process at the same time/);
    await waitForSerial(dir, BOOT_MARKER);
    expect((await h.status('twice')).status).toBe('Running');
    await h.cliOk('stop', 'twice');
    expect(leftoverFiles(dir)).toEqual([]);
    expect(await processesUsing(dir)).toEqual([]);
  });

  it('a start whose fixed SSH port is taken fails naming the port, and leaves nothing running', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const dir = await h.createInstance('port', { extraYaml: ['ssh:', `  localPort: ${port}`] });
      const yamlBefore = await readFile(path.join(dir, 'lima.yaml'), 'utf8');
      const r = await h.cli('start', 'port');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`ssh.localPort ${port} is already in use`);
      expect((await h.status('port')).status).toBe('Stopped');
      expect(leftoverFiles(dir)).toEqual([]);
      expect(await processesUsing(dir)).toEqual([]);
      expect(await readFile(path.join(dir, 'lima.yaml'), 'utf8')).toBe(yamlBefore);
      holder.close();
      // Once the port is free the same instance starts.
      await h.cliOk('start', 'port');
      await h.cliOk('stop', 'port');
    } finally {
      holder.close();
    }
  });
});

function loserText(results: Array<{ stdout: string; stderr: string }>, winner: unknown): string {
  const loser = results.find((r) => r !== winner);
  return loser ? `${loser.stdout}\n${loser.stderr}` : '';
}
