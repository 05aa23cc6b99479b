import type { ConfigIssue } from '../config/types';

/** An issue as one line: `file:line:col: field: message`, leaving out the parts it lacks. */
export function formatIssue(issue: ConfigIssue): string {
  const place = [issue.file, issue.line, issue.line !== undefined ? issue.col : undefined].filter((p) => p !== undefined).join(':');
  return [place, issue.field, issue.message].filter((p) => p !== undefined && p !== '').join(': ');
}
