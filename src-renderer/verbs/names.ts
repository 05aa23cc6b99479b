/** Names offered for a copy or a new name: free, and valid by Lima's rule. */
import { instanceNameProblem, MAX_NAME_LENGTH } from '../create/instance-name';

/** `dev-clone`, or `dev-clone-2`, `dev-clone-3`… when taken; trimmed so the result stays a valid name. */
export function suggestCopyName(source: string, existing: readonly string[], suffix = 'clone'): string {
  for (let n = 1; n < 1000; n++) {
    const tail = n === 1 ? `-${suffix}` : `-${suffix}-${n}`;
    const candidate = `${source.slice(0, Math.max(1, MAX_NAME_LENGTH - tail.length)).replace(/[._-]+$/, '')}${tail}`;
    if (!instanceNameProblem(candidate, existing)) return candidate;
  }
  return '';
}
