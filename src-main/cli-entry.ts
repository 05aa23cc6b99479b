import { lazyCommand } from './cli/commands/lazy-command';
import { runCli } from './cli/run';
import { SERVE_INFO } from './serve/serve-info';

// The `limadesk` program: the CLI's commands plus `limadesk serve`, which belongs to the
// browser-mode door. Assembled here so that neither door imports the other; each command's
// code is loaded only when it runs.
const serveCommand = lazyCommand(SERVE_INFO, () => import('./serve/serve-command').then((m) => m.serveCommand));

void runCli(process.argv.slice(2), {}, [serveCommand]).then((code) => {
  process.exitCode = code;
});
