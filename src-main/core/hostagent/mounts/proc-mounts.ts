/** `/proc/mounts` writes these bytes of a path as octal escapes (space, tab, newline, backslash). */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The filesystem type mounted on `mountPoint` according to a /proc/mounts text (the last mount wins), if any. */
export function mountedType(procMounts: string, mountPoint: string): string | undefined {
  let found: string | undefined;
  for (const line of procMounts.split('\n')) {
    const fields = line.split(' ');
    if (fields.length >= 3 && unescapeMountField(fields[1] ?? '') === mountPoint) found = fields[2];
  }
  return found;
}
