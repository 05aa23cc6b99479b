import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, type CliCommand } from '../common/command';
import { agentCommandForThisProcess, limaHome } from '../core/api/local-host';
import { createApiService } from '../core/api/service';
import { loopbackPageOrigins } from '../core/api/vnc-session-port';
import { hostsFilePath } from '../core/api/remote-hosts';
import { isLoopbackHost } from './access';
import { openInBrowser } from './open-browser';
import { defaultRendererDir } from './renderer-dir';
import { DEFAULT_SERVE_PORT, SERVE_INFO } from './serve-info';
import { startServer } from './server';


interface ServeArgs {
  host: string;
  /** undefined: DEFAULT_SERVE_PORT, or a free port when that one is taken. */
  port: number | undefined;
  allowRemote: boolean;
  open: boolean;
  stdio: boolean;
}

function parse(argv: string[]): ServeArgs {
  // A parseArgs error goes up as it is: the program running the command words it.
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      stdio: { type: 'boolean', default: false },
    },
  });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new CliError(`--port: expected a port number 0-65535 (0 picks a free one), got ${JSON.stringify(values.port)}`, 2);
  }
  if (values.stdio && (values.port !== undefined || values.open || values['allow-remote'] || values.host !== '127.0.0.1')) {
    throw new CliError('--stdio serves over stdin and stdout: it takes no --port, --host, --open or --allow-remote', 2);
  }
  return { host: values.host, port, allowRemote: values['allow-remote'], open: values.open, stdio: values.stdio };
}

function isAddressInUse(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

export const serveCommand: CliCommand = {
  ...SERVE_INFO,
  async run(ctx) {
    const opts = parse(ctx.argv);
    if (opts.stdio) return (await import('./stdio-command')).runStdioServe(ctx);
    if (!isLoopbackHost(opts.host)) {
      if (!opts.allowRemote) {
        throw new CliError(`--host ${opts.host} is not a loopback address: anyone who can reach it and learns the token controls your VMs. Pass --allow-remote if that is what you want`, 2);
      }
      ctx.logger.warn(`serving on ${opts.host}, reachable from other machines; the token in the URL is the only protection and the connection is not encrypted`);
    }
    const rendererDir = defaultRendererDir(ctx.env);
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      throw new CliError(`the renderer is not built (no ${path.join(rendererDir, 'index.html')}); run \`npm run build\` first`);
    }
    const home = limaHome(ctx.env);
    // The page's origin is known once the server listens (--port 0 picks the port).
    let pageOrigins: string[] = [];
    const service = await createApiService({
      limaHome: home,
      agent: agentCommandForThisProcess(undefined, ctx.env),
      env: ctx.env,
      logger: ctx.logger,
      vncOrigins: () => pageOrigins,
      hostsFile: hostsFilePath(ctx.env),
    });
    const listen = (port: number) =>
      startServer({
        host: opts.host,
        port,
        allowRemote: opts.allowRemote,
        rendererDir,
        dispatch: service.dispatch,
        subscribe: (listener) => service.subscribe(listener),
        logger: ctx.logger,
      });
    let server;
    try {
      try {
        server = await listen(opts.port ?? DEFAULT_SERVE_PORT);
      } catch (err) {
        if (opts.port !== undefined || !isAddressInUse(err)) throw err;
        server = await listen(0);
        ctx.logger.warn(
          `port ${DEFAULT_SERVE_PORT} is in use (another \`limadesk serve\`?), so this server uses port ${server.port}; tabs and bookmarks of port ${DEFAULT_SERVE_PORT} do not reach it`,
        );
      }
    } catch (err) {
      await service.close();
      throw new CliError(`cannot listen on ${opts.host}:${opts.port ?? DEFAULT_SERVE_PORT}: ${(err as Error).message}`);
    }
    pageOrigins = [...loopbackPageOrigins(server.port), new URL(server.url).origin];
    ctx.stdout(`Limadesk is serving ${home} at:\n\n  ${server.url}\n\nOpen that URL in a browser; press Ctrl-C to stop.\n`);
    if (opts.open) {
      await openInBrowser(server.url, ctx.env as NodeJS.ProcessEnv).catch((err: unknown) => {
        ctx.logger.warn(`could not open a browser (${(err as Error).message}); open the URL above yourself`);
      });
    }
    const running = server;
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    // The server first, so no request reaches a service that is closing.
    await running.close();
    await service.close();
    return 0;
  },
};
