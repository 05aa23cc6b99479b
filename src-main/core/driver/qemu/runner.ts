import { execFile } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program with an argv array (never a shell) and reports how it ended instead of
 * throwing, so callers choose which exit codes are errors and can quote stderr.
 */
export type Runner = (file: string, args: readonly string[], options?: { env?: NodeJS.ProcessEnv }) => Promise<RunResult>;

export const execFileRunner: Runner = (file, args, options) =>
  new Promise((resolve) => {
    execFile(file, [...args], { env: options?.env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      let code = 0;
      if (error) {
        const errno = (error as NodeJS.ErrnoException).code;
        code = typeof errno === 'number' ? errno : 127;
        if (typeof errno === 'string') stderr = `${String(stderr)}${error.message}`;
      }
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });

/** The text a failed command leaves: its stderr, else its stdout, else the exit status. */
export function failureText(file: string, args: readonly string[], result: RunResult): string {
  const detail = result.stderr.trim() || result.stdout.trim() || `exit status ${result.code}`;
  return `${file} ${args.join(' ')}: ${detail}`;
}
