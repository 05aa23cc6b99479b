import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostAgent } from './spawn';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'ld-spawn-'));
  await mkdir(path.join(home, 'vm'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('startHostAgent', () => {
  it("passes on the agent's own last words when it exits before writing ha.pid", async () => {
    // A real process standing in for an agent that fails at once (bad config, port taken, …).
    const script = path.join(home, 'failing-agent.cjs');
    await writeFile(script, 'console.error("loading lima.yaml"); console.error("ssh.localPort: 60022 is already in use"); process.exit(3);\n');
    const error = await startHostAgent(home, 'vm', { nodePath: process.execPath, scriptPath: script }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^host agent exited with code 3 before it started: loading lima\.yaml \| ssh\.localPort: 60022 is already in use \(see ".*ha\.stderr\.log"\)$/);
  });
});
