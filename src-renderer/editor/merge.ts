/**
 * A line-based three-way merge (the diff3 idea): both sides are compared with the text they
 * started from, and their changes are combined when they touch different lines. When both
 * sides change the same region differently, the merge gives up rather than guess.
 */

export type MergeResult = { ok: true; text: string } | { ok: false; conflicts: number };

/** For each line of `a`, the index of the matching line of `b` in a longest common subsequence. */
function matchLines(a: string[], b: string[]): (number | undefined)[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j] = LCS length of a[i..] and b[j..]; lima.yaml files are small enough for O(n·m).
  const lengths: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lengths[i]!;
    const next = lengths[i + 1]!;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? next[j + 1]! + 1 : Math.max(next[j]!, row[j + 1]!);
    }
  }
  const match: (number | undefined)[] = new Array<number | undefined>(n).fill(undefined);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      match[i] = j;
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return match;
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((line, k) => line === b[k]);
}

function pick(base: string[], ours: string[], theirs: string[]): string[] | undefined {
  if (sameLines(ours, base)) return theirs;
  if (sameLines(theirs, base) || sameLines(ours, theirs)) return ours;
  return undefined;
}

/**
 * One changed region. When both sides only rewrote lines in place (same line counts), each line
 * is decided on its own: in lima.yaml, neighbouring keys (`cpus:` above `memory:`) are often
 * edited by different people and should not count as a conflict.
 */
function resolveRegion(base: string[], ours: string[], theirs: string[]): string[] | undefined {
  const whole = pick(base, ours, theirs);
  if (whole) return whole;
  if (ours.length !== base.length || theirs.length !== base.length) return undefined;
  const lines: string[] = [];
  for (let k = 0; k < base.length; k++) {
    const line = pick([base[k]!], [ours[k]!], [theirs[k]!]);
    if (!line) return undefined;
    lines.push(...line);
  }
  return lines;
}

export function threeWayMerge(base: string, ours: string, theirs: string): MergeResult {
  const baseLines = base.split('\n');
  const ourLines = ours.split('\n');
  const theirLines = theirs.split('\n');
  const toOurs = matchLines(baseLines, ourLines);
  const toTheirs = matchLines(baseLines, theirLines);

  const out: string[] = [];
  let conflicts = 0;
  let b = 0;
  let o = 0;
  let t = 0;
  // Walk from one base line kept by both sides to the next; what lies between is a changed region.
  for (let anchor = 0; anchor <= baseLines.length; anchor++) {
    const isEnd = anchor === baseLines.length;
    const oAt = isEnd ? ourLines.length : toOurs[anchor];
    const tAt = isEnd ? theirLines.length : toTheirs[anchor];
    if (oAt === undefined || tAt === undefined) continue;

    const baseRegion = baseLines.slice(b, anchor);
    const ourRegion = ourLines.slice(o, oAt);
    const theirRegion = theirLines.slice(t, tAt);
    const resolved = resolveRegion(baseRegion, ourRegion, theirRegion);
    if (resolved) out.push(...resolved);
    else conflicts++;

    if (!isEnd) out.push(baseLines[anchor]!);
    b = anchor + 1;
    o = oAt + 1;
    t = tAt + 1;
  }
  return conflicts > 0 ? { ok: false, conflicts } : { ok: true, text: out.join('\n') };
}
