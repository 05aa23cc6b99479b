import { applyYqExpressions } from '../config/yq/index';
import type { ConfigIssue } from '../config/types';
import type { InstanceCatalog } from './catalog';

export interface EditResult {
  /** False when the expressions changed no value (lima.yaml is then left as it was). */
  changed: boolean;
  /** The instance runs: the new config applies from its next start. */
  restartNeeded: boolean;
  warnings: ConfigIssue[];
  /** lima.yaml's modification time after the edit. */
  mtime: number;
}

/**
 * `limactl edit NAME --set EXPR…`: the yq expressions applied to lima.yaml (its comments and
 * layout kept), the result validated as create and start would, then written atomically; an
 * invalid result leaves the file as it was. Unlike limactl, a running instance may be edited:
 * the caller is told that a restart applies it.
 */
export async function editInstance(catalog: InstanceCatalog, name: string, expressions: readonly string[]): Promise<EditResult> {
  const inst = await catalog.inspect(name);
  const current = await catalog.readConfig(name);
  const edited = applyYqExpressions(current.text, expressions);
  if (!edited.changed) return { changed: false, restartNeeded: false, warnings: [], mtime: current.mtime };
  // The mtime read with the text: an edit made meanwhile by someone else is never overwritten.
  const written = await catalog.writeConfig(name, edited.text, current.mtime);
  return { changed: true, restartNeeded: inst.status === 'Running', warnings: written.warnings, mtime: written.mtime };
}
