import { runCli } from './cli/run';
import { serveCommand } from './serve/serve-command';

// The `limadesk` program: the CLI's commands plus `limadesk serve`, which belongs to the
// browser-mode door. Assembled here so that neither door imports the other.
void runCli(process.argv.slice(2), {}, [serveCommand]).then((code) => {
  process.exitCode = code;
});
