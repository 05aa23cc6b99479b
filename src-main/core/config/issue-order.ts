/**
 * Issues as a reader wants them: one error per problem, in the order of the lines they are
 * on. Validation checks the filled config, where one written value can stand behind several
 * fields (`guestPort` fills `guestPortRange`); those fields have no place of their own and are
 * shown at the written value's, so an error on each would say the same thing several times.
 */
import { formatFieldPath, parseFieldPath } from './field-path';
import type { ConfigIssue } from './types';

/**
 * Drops the errors about fields nobody wrote (`isWritten` says which were) when an error about
 * a written field under the same written ancestor says it already: `hostPortRange` under the
 * `portForwards[0]` whose `hostPort` is out of range. Of several such errors with no written
 * one beside them, the first stays. Errors about a whole file (no field) or about a missing
 * field with nothing written around it always stay.
 */
export function oneErrorPerProblem(issues: readonly ConfigIssue[], isWritten: (field: string) => boolean): ConfigIssue[] {
  const errors = issues.filter((i) => i.severity === 'error' && i.field !== '');
  const writtenErrors = errors.filter((i) => isWritten(i.field));
  const keptAnchors = new Set<string>();
  const dropped = new Set<ConfigIssue>();
  for (const issue of errors) {
    if (isWritten(issue.field)) continue;
    const anchor = writtenAncestor(issue.field, isWritten);
    if (anchor === '') continue; // a missing field (`images`) is a problem of its own
    const covered = writtenErrors.some((w) => w.file === issue.file && isUnder(w.field, anchor));
    if (covered || keptAnchors.has(`${issue.file ?? ''}|${anchor}`)) dropped.add(issue);
    else keptAnchors.add(`${issue.file ?? ''}|${anchor}`);
  }
  return issues.filter((i) => !dropped.has(i));
}

/** The longest written prefix of `field` (`portForwards[0]` of `portForwards[0].hostPortRange[1]`), '' for none. */
function writtenAncestor(field: string, isWritten: (field: string) => boolean): string {
  const path = parseFieldPath(field);
  for (let n = path.length - 1; n > 0; n--) {
    const prefix = formatFieldPath(path.slice(0, n));
    if (isWritten(prefix)) return prefix;
  }
  return '';
}

function isUnder(field: string, ancestor: string): boolean {
  return field === ancestor || field.startsWith(`${ancestor}.`) || field.startsWith(`${ancestor}[`);
}

/**
 * Sorted by file (`mainFile` first, then the others in the order they first appear), then line and column; issues with no line
 * (a field that is missing) after those with one. The sort is stable: equal places keep their order.
 */
export function inLineOrder(issues: readonly ConfigIssue[], mainFile?: string): ConfigIssue[] {
  const fileRank = new Map<string | undefined, number>([[mainFile, 0]]);
  for (const i of issues) if (!fileRank.has(i.file)) fileRank.set(i.file, fileRank.size);
  return [...issues].sort(
    (a, b) => (fileRank.get(a.file) ?? 0) - (fileRank.get(b.file) ?? 0) || lineOf(a) - lineOf(b) || (a.col ?? 0) - (b.col ?? 0),
  );
}

function lineOf(issue: ConfigIssue): number {
  return issue.line ?? Number.MAX_SAFE_INTEGER;
}
