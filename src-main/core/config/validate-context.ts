/** What validation needs besides the config, and where its findings are collected. */
import { formatFieldPath, type FieldPath } from './field-path';
import type { ConfigIssue } from './types';

export interface ValidateContext {
  /** The lima.yaml the config came from; issues name it. */
  file?: string;
  /**
   * Positions of fields in that file (or, with `file`, in another file the value came from);
   * a field that is not written anywhere gets its nearest parent's.
   */
  positionOf?: (path: Array<string | number>) => { line: number; col: number; file?: string } | undefined;
  hostOS: NodeJS.Platform;
  /** The Lima version this build claims, compared against `minimumLimaVersion`. */
  limaVersion: string;
  /** Also report Lima's warnings (experimental features, missing mount directories). */
  warn: boolean;
  instanceDir?: string;
  /** Expands `~` in mount locations; defaults to the current user's home. */
  homeDir?: string;
  /** Networks defined in networks.yaml, by name; defaults to Lima's built-in set. */
  networks?: Readonly<Record<string, { usernet: boolean }>>;
}

/** Collects issues in the order they are found, each placed at its field in the file. */
export class IssueSink {
  readonly issues: ConfigIssue[] = [];

  constructor(private readonly ctx: Pick<ValidateContext, 'file' | 'positionOf'>) {}

  error(path: FieldPath, message: string): void {
    this.add('error', path, message);
  }

  warning(path: FieldPath, message: string): void {
    this.add('warning', path, message);
  }

  private add(severity: ConfigIssue['severity'], path: FieldPath, message: string): void {
    const issue: ConfigIssue = { severity, field: formatFieldPath(path), message };
    const pos = this.place(path);
    const file = pos?.file ?? this.ctx.file;
    if (file !== undefined) issue.file = file;
    if (pos) {
      issue.line = pos.line;
      issue.col = pos.col;
    }
    this.issues.push(issue);
  }

  private place(path: FieldPath): { line: number; col: number; file?: string } | undefined {
    const positionOf = this.ctx.positionOf;
    if (!positionOf) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const pos = positionOf([...path.slice(0, n)]);
      if (pos) return pos;
    }
    return undefined;
  }
}

/** Go's %q-style quoting is replaced by backticks, as in Lima's field messages. */
export const q = (value: unknown): string => `\`${String(value)}\``;
