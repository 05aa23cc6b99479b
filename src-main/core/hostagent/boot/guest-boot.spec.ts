import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger';
import { filledConfig } from '../../config/filled-config.test-support';
import type { FilledLimaYAML } from '../../config/types';
import type { GuestConnection } from '../../ssh/guest-connection';
import { GuestBoot, type GuestBootStage } from './guest-boot';

// The order, retries and reporting of the guest boot against a scripted guest. What a real
// guest does with these commands (OpenSSH's sshd, the boot scripts, sshfs) is in
// test/e2e/guest-boot.e2e.ts; here the guest answers each command as the test says, so that
// the retry and stop paths can be driven without waiting minutes.

type Answer = { code: number; stdout?: string; stderr?: string };

/** A guest whose every command is answered by `answer` (the command line, the script sent on stdin). */
function scriptedGuest(answer: (command: string, input: string) => Answer): GuestConnection & { commands: string[] } {
  const commands: string[] = [];
  const exec = (command: string) => {
    commands.push(command);
    const channel = new PassThrough() as PassThrough & { stderr: PassThrough; close(): void };
    channel.stderr = new PassThrough();
    channel.close = () => channel.destroy();
    let input = '';
    const write = channel.write.bind(channel);
    channel.write = ((chunk: string | Buffer) => {
      input += chunk.toString();
      return true;
    }) as typeof channel.write;
    channel.end = ((chunk?: string | Buffer) => {
      if (chunk) input += chunk.toString();
      const { code, stdout = '', stderr = '' } = answer(command, input);
      setImmediate(() => {
        if (stdout) write(stdout);
        channel.stderr.end(stderr);
        channel.emit('exit', code);
        channel.push(null);
        channel.emit('close');
      });
      return channel;
    }) as typeof channel.end;
    return Promise.resolve(channel);
  };
  const never = () => Promise.reject(new Error('not used here'));
  return {
    commands,
    exec,
    run: async (argv) => {
      const channel = await exec(argv.join(' '));
      return new Promise((resolve) => {
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (d: Buffer) => (stdout += d.toString()));
        channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        channel.on('exit', (c: number) => (code = c));
        channel.on('close', () => resolve({ code, stdout, stderr }));
        channel.end();
      });
    },
    openTcp: never,
    openUnix: never,
    listenUnix: never,
    unlistenUnix: never,
    ended: new Promise(() => {}),
    end: () => {},
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ld-gboot-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function boot(config: FilledLimaYAML, guest: GuestConnection, attempts = 3) {
  const events: Array<{ stage: GuestBootStage; message: string; ok?: boolean }> = [];
  const guestBoot = new GuestBoot({
    config,
    instanceId: 'iid-7',
    connect: () => Promise.resolve(guest),
    sftpServer: () => undefined,
    logger: silentLogger,
    emit: (stage, detail) => events.push({ stage, ...detail }),
    retryIntervalMs: 5,
    retryAttempts: attempts,
  });
  return { guestBoot, events };
}

describe('GuestBoot', () => {
  it('retries a requirement until it holds, in Lima\'s order, and reads the boot report', async () => {
    let markerReads = 0;
    const guest = scriptedGuest((command, input) => {
      if (input.includes('/run/lima-ssh-ready')) return { code: ++markerReads < 3 ? 1 : 0 };
      if (command === 'cat /run/lima-boot-report') return { code: 0, stdout: 'script\t0\tprovision.system/00000000\nscript\t2\tprovision.user/00000001\n' };
      return { code: 0 };
    });
    const { guestBoot, events } = boot(filledConfig({ probes: [{ description: 'up', script: '#!/bin/sh\ntrue\n' }] }), guest);
    const errors = await guestBoot.run();
    expect(markerReads).toBe(3);
    expect(events.map((e) => [e.stage, e.ok])).toEqual([
      ['requirement', undefined],
      ['requirement', true],
      ['probe', undefined],
      ['probe', true],
      ['requirement', undefined],
      ['requirement', true],
      ['script', true],
      ['script', false],
      ['ready', false],
    ]);
    expect(errors).toEqual(['user provisioning script provision.user/00000001 exited with 2']);
    expect(events.at(-1)?.message).toBe('the guest booted with 1 problem: user provisioning script provision.user/00000001 exited with 2');
  });

  it('gives up on a probe after its attempts with the hint and the script\'s words, and goes on', async () => {
    const guest = scriptedGuest((_command, input) => (input.includes('exit 1') ? { code: 1, stderr: 'no such service\n' } : { code: 0 }));
    const config = filledConfig({ plain: true, os: 'Linux', probes: [{ description: 'svc', script: '#!/bin/sh\nexit 1\n', hint: 'start svc' }] });
    const { guestBoot, events } = boot(config, guest);
    const errors = await guestBoot.run();
    const failure = 'failed to satisfy the optional requirement 1 of 1 "svc": start svc: exit code 1, stderr="no such service"';
    expect(errors).toEqual([failure]);
    expect(events).toContainEqual({ stage: 'probe', ok: false, message: failure });
    expect(events.at(-1)?.stage).toBe('ready');
    expect(guest.commands.filter((c) => c === '/bin/sh')).toHaveLength(3 + 1);
  });

  it('stops waiting when stopped, reports no ready, and deletes copies marked deleteOnStop', async () => {
    const host = path.join(dir, 'copied', 'kubeconfig');
    const guest = scriptedGuest((command, input) => {
      if (command.includes(' cat ')) return { code: 0, stdout: 'apiVersion: v1\n' };
      if (input.includes('/run/lima-boot-done')) return { code: 1 };
      return { code: 0 };
    });
    const config = filledConfig({ plain: true, copyToHost: [{ guest: '/etc/kube', host, deleteOnStop: true }] });
    // The final requirement never holds: the boot waits until the stop.
    const { guestBoot, events } = boot(config, guest, 1_000_000);
    const running = guestBoot.run();
    while (!events.some((e) => e.stage === 'requirement')) await new Promise((r) => setTimeout(r, 5));
    await guestBoot.stop();
    await running;
    expect(events.map((e) => e.stage)).toEqual(['requirement']);
    expect(existsSync(host)).toBe(false);

    // Without the stop in the way, the copy is made (mode 0600), and removed again by stop().
    const done = boot(filledConfig({ os: 'Linux', plain: true, copyToHost: [{ guest: '/etc/kube', host, deleteOnStop: true }] }), scriptedGuest((command) => (command.includes(' cat ') ? { code: 0, stdout: 'apiVersion: v1\n' } : { code: 0 })));
    await done.guestBoot.run();
    expect(await readFile(host, 'utf8')).toBe('apiVersion: v1\n');
    await done.guestBoot.stop();
    expect(existsSync(host)).toBe(false);
  });
});
