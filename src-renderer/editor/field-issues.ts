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
