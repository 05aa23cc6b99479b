/** The port `limadesk serve` tries first, so a reopened tab and bookmarks keep working. */
export const DEFAULT_SERVE_PORT = 41731;

/** What help says of `limadesk serve`, kept apart so help does not load the server. */
export const SERVE_INFO = {
  name: 'serve',
  summary: 'Serve the Limadesk UI and API to a web browser (browser mode)',
  usage: `limadesk serve [--open] [--port P (default ${DEFAULT_SERVE_PORT})] [--host 127.0.0.1] [--allow-remote]\n       limadesk serve --stdio   (the API over stdin and stdout, for another Limadesk connecting over SSH)`,
} as const;
