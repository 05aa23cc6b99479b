/**
 * The API accepts a snapshot tag only as a plain word (it ends up in QEMU monitor commands);
 * this mirrors that rule so a bad tag is explained before anything is sent.
 */
const TAG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function tagProblem(tag: string, existing: readonly string[]): string | undefined {
  if (tag === '') return 'Enter a tag for the snapshot.';
  if (tag.length > 63) return `A tag has at most 63 characters (this one has ${tag.length}).`;
  if (!/^[A-Za-z0-9]/.test(tag)) return 'A tag starts with a letter or a digit.';
  if (!TAG.test(tag)) {
    const bad = [...new Set([...tag].filter((c) => !/[A-Za-z0-9._-]/.test(c)))].map((c) => (c === ' ' ? 'space' : `"${c}"`));
    return `A tag may contain only letters, digits, ".", "_" and "-" (not ${bad.join(', ')}).`;
  }
  if (existing.includes(tag)) return `A snapshot tagged "${tag}" exists already; delete it first or pick another tag.`;
  return undefined;
}

/** A default tag people can keep: the local date and time, e.g. snap-2026-11-24-2015. */
export function suggestTag(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `snap-${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
}
