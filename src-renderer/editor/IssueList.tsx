/** Every validator issue with its place, including those the editor cannot mark (no line). */
import type { EditorIssue } from './backend';
import { placeOf } from './field-issues';

export function IssueList({ issues }: { issues: readonly EditorIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="limadesk-issues" aria-label="Problems in lima.yaml">
      {issues.map((issue, k) => (
        <li key={k} className={`limadesk-issue-${issue.severity}`}>
          <strong>{issue.severity === 'error' ? 'Error' : 'Warning'}</strong>
          {placeOf(issue) && ` ${placeOf(issue)}`}
          {issue.field && ` (${issue.field})`}: {issue.message}
        </li>
      ))}
    </ul>
  );
}
