/**
 * Which saved changes a running instance only picks up after a restart. Almost every lima.yaml
 * field is read when the VM starts (QEMU argv, cloud-init data, mounts, port forwards), so the
 * rule is "everything needs a restart" with a short list of fields that do not change the VM.
 */
import { parseDocument } from 'yaml';

/** Fields that never affect a running VM: text shown to the user and a version gate. */
const NO_RESTART_FIELDS = new Set(['message', 'minimumLimaVersion']);

function topLevel(text: string): Record<string, unknown> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return {};
  let js: unknown;
  try {
    js = doc.toJS();
  } catch {
    // Too many aliases to expand here: the main side says whether a restart is needed.
    return {};
  }
  return js !== null && typeof js === 'object' && !Array.isArray(js) ? (js as Record<string, unknown>) : {};
}

/** Top-level keys whose value differs between the two texts (comments and layout ignored). */
export function changedFields(before: string, after: string): string[] {
  const a = topLevel(before);
  const b = topLevel(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

export function fieldsNeedingRestart(before: string, after: string): string[] {
  return changedFields(before, after).filter((k) => !NO_RESTART_FIELDS.has(k));
}
