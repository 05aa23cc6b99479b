import type { Logger } from '../../common/logger';

/** What every CLI command gets: its arguments, where to write, and the environment it runs in. */
export interface CliContext {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  logger: Logger;
  /** Whether stdout is a terminal (affects table width and prompts). */
  isTTY: boolean;
  columns: number;
}

export interface CliCommand {
  name: string;
  aliases?: string[];
  summary: string;
  usage: string;
  /** Hidden commands (the host agent entry) are left out of help. */
  hidden?: boolean;
  run(ctx: CliContext): Promise<number>;
}

/** An error whose message is shown to the user as is, with the exit code it carries. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
