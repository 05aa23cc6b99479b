/**
 * A Broken instance's reasons come as text (`/home/u/.lima/vm/lima.yaml:3:7: cpus: must be
 * at least 1`). This finds the file, line and column in one, so the UI can name the file
 * briefly, point at the line and offer to open the editor there.
 */
export interface Problem {
  /** The whole text, as the API gave it. */
  text: string;
  /** The problem without its place: `cpus: must be at least 1`. */
  message: string;
  /** Full path of the file named, when one is. */
  path?: string;
  /** Its last part: `lima.yaml`. */
  file?: string;
  line?: number;
  col?: number;
}

const PLACE = /^(\/[^:]*?|[A-Za-z]:\\[^:]*?|[^\s:]+)\.(ya?ml)(?::(\d+))?(?::(\d+))?: (.+)$/s;

export function parseProblem(text: string): Problem {
  const m = PLACE.exec(text.trim());
  if (!m) return { text, message: text };
  const path = `${m[1]}.${m[2]}`;
  const file = path.split(/[\\/]/).pop() ?? path;
  return {
    text,
    message: m[5] ?? text,
    path,
    file,
    ...(m[3] !== undefined ? { line: Number(m[3]) } : {}),
    ...(m[4] !== undefined ? { col: Number(m[4]) } : {}),
  };
}

/** Where, in a few words: `lima.yaml, line 3`. */
export function placeText(problem: Problem): string | undefined {
  if (!problem.file) return undefined;
  return problem.line !== undefined ? `${problem.file}, line ${problem.line}` : problem.file;
}

/** The first reason, short enough for a list row: `lima.yaml, line 3: cpus: must be at least 1`. */
export function shortReason(errors: readonly string[]): string | undefined {
  const first = errors[0];
  if (first === undefined) return undefined;
  const problem = parseProblem(first);
  const place = placeText(problem);
  return place ? `${place}: ${problem.message}` : problem.message;
}

/** Whether the problem is in the instance's own lima.yaml, which the Config tab edits. */
export function isInLimaYaml(problem: Problem, instanceDir: string): boolean {
  return problem.path !== undefined && problem.path.replace(/\\/g, '/') === `${instanceDir.replace(/\\/g, '/').replace(/\/$/, '')}/lima.yaml`;
}
