import { hostname } from 'node:os';
import type { CliContext } from '../common/command';
import { limadeskVersion } from '../core/api/limadesk-version';
import { agentCommandForThisProcess, limaHome } from '../core/api/local-host';
import { makeHello } from '../core/api/remote-protocol';
import { createApiService } from '../core/api/service';
import { serveStdio } from './stdio-server';

/**
 * `limadesk serve --stdio`: this machine's API for one other Limadesk, over stdin and stdout
 * (what `ssh HOST limadesk serve --stdio` connects to). Logs go to stderr, which ssh passes
 * back. It ends when stdin does (the connection closed); the VMs it started keep running
 * under their host agents.
 */
export async function runStdioServe(ctx: CliContext): Promise<number> {
  const home = limaHome(ctx.env);
  const version = limadeskVersion();
  let origins: string[] = [];
  const service = await createApiService({
    limaHome: home,
    agent: agentCommandForThisProcess(undefined, ctx.env),
    env: ctx.env,
    logger: ctx.logger,
    // The connecting side's pages open the console and terminal sessions through its forwards.
    vncOrigins: () => origins,
    limadeskVersion: version,
  });
  const stopped = new AbortController();
  const onSignal = (): void => {
    process.stdin.destroy();
    stopped.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    const end = await serveStdio({
      input: process.stdin,
      output: process.stdout,
      dispatch: service.dispatch,
      subscribe: (listener) => service.subscribe(listener),
      logger: ctx.logger,
      hello: makeHello(version, { hostname: hostname(), limaHome: home }),
      setOrigins: (next) => (origins = next),
    });
    return end === 'refused' ? 3 : 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    await service.close();
  }
}
