/** Routes validator issues to the form inputs they are about. */
import type { EditorIssue } from './backend';

/** `mounts[0].location` → `mounts.0.location`: the form's input ids use dots only. */
export function fieldId(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1');
}

/** Issues about the field with this id or anything inside it. */
export function issuesFor(issues: readonly EditorIssue[], id: string): EditorIssue[] {
  return issues.filter((issue) => {
    const issueId = fieldId(issue.field);
    return issueId === id || issueId.startsWith(`${id}.`);
  });
}

/**
 * Whether an issue's line and column point into the text being edited. The validator also
 * reports problems in layers merged on top (default.yaml, override.yaml, base templates); their
 * positions belong to those files and must not be drawn on this one.
 */
export function isInEditedFile(issue: EditorIssue): boolean {
  if (issue.file === undefined) return true;
  const base = issue.file.split(/[\\/]/).pop();
  return base === 'lima.yaml';
}

/** "line 3, column 7" or "default.yaml line 3, column 7", '' when the issue has no place. */
export function placeOf(issue: EditorIssue): string {
  if (issue.line === undefined) return issue.file && !isInEditedFile(issue) ? issue.file : '';
  const where = `line ${issue.line}${issue.col !== undefined ? `, column ${issue.col}` : ''}`;
  return isInEditedFile(issue) ? where : `${issue.file} ${where}`;
}
