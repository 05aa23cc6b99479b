import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParts, makeTempDir, makeTempHome, startServe, stopServe, waitFor, type Serve } from '../support/e2e-kit';

const DEFAULT_PORT = 41731;

/** Holds the default port for the test, unless something else already does. */
function holdPort(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

// `limadesk serve --open` hands the tokened URL to the desktop's opener (xdg-open here). No
// desktop runs on a build machine, so a stand-in xdg-open on PATH records what it was given.
describe('limadesk serve --open and its default port', () => {
  let home: string;
  let bin: string;
  let record: string;
  let serve: Serve | undefined;
  let blocker: net.Server | undefined;

  beforeAll(async () => {
    buildParts('cli', 'renderer');
    home = makeTempHome('limadesk-e2e-open-');
    bin = makeTempDir('limadesk-e2e-opener-');
    record = path.join(bin, 'opened');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > ${JSON.stringify(record)}\n`);
    chmodSync(path.join(bin, 'xdg-open'), 0o755);
    blocker = await holdPort(DEFAULT_PORT);
  });

  afterAll(async () => {
    await stopServe(serve);
    await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
  });

  it('falls back to a free port when the default one is taken, says so, and opens the tokened URL', async () => {
    serve = await startServe(home, { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` }, ['--open']);
    expect(Number(serve.url.port)).not.toBe(DEFAULT_PORT);
    await waitFor('the opener to be called', 15_000, async () => (existsSync(record) ? true : undefined));
    // One argument, exactly the printed URL: no shell ever saw it.
    expect(readFileSync(record, 'utf8')).toBe(`${serve.url.href}\n`);
    await waitFor('the fallback notice', 5_000, async () => (/port 41731 is in use/.test(serve!.output()) ? true : undefined));
    expect(serve.output()).toContain(`this server uses port ${serve.url.port}`);
  });
});
