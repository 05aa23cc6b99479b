import type { Logger } from './logger';

/**
 * A `limadesk …` command as every door that offers one sees it: the CLI's own commands and
 * `limadesk serve` (which lives with the browser-mode door) share this shape, so the program
 * that runs them needs neither door to import the other.
 */
export interface CliContext {
  argv: string[];
  /** The process environment (LIMA_HOME, XDG_CACHE_HOME, LIMA_TEMPLATES_PATH …). */
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  logger: Logger;
  /** Whether stdout is a terminal (affects table width and prompts). */
  isTTY: boolean;
  columns: number;
}

export interface CliCommand {
  name: string;
  aliases?: readonly string[];
  summary: string;
  usage: string;
  /** Hidden commands (the host agent entry) are left out of help. */
  hidden?: boolean;
  run(ctx: CliContext): Promise<number>;
}

/** An error whose message is shown to the user as is, with the exit code it carries (2: usage). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
