/**
 * Lima's rules for combining three lima.yaml layers: `d` (defaults.yaml), `y` (the
 * instance's own lima.yaml) and `o` (override.yaml). The priority is always o > y > d,
 * but how that shows depends on the kind of field:
 *
 * - scalars: the highest-priority layer that sets the field wins;
 * - lists: concatenated o, y, d, so that for first-match lists (port forwards) the
 *   override rules are seen first;
 * - maps: copied d, then y, then o, so that later keys win;
 * - mounts and networks: walked d, y, o and folded together by key (mount point,
 *   interface name), later entries overwriting the fields they set;
 * - `dns`: the whole list from the highest-priority layer that has one;
 * - `caCerts` files and certs: concatenated d, y, o without duplicates.
 *
 * These helpers never modify their arguments.
 */
import type { Mount, Network, QEMUOpts, VMOpts } from './types';

/** The scalar rule: o if set, else y, else d. */
export function pickScalar<T>(y: T | undefined, d: T | undefined, o: T | undefined): T | undefined {
  if (o !== undefined) return o;
  if (y !== undefined) return y;
  return d;
}

/** The list rule: o, then y, then d. */
export function concatLists<T>(o: readonly T[] | undefined, y: readonly T[] | undefined, d: readonly T[] | undefined): T[] {
  return [...(o ?? []), ...(y ?? []), ...(d ?? [])];
}

/** The map rule: keys from d, overwritten by y, overwritten by o. */
export function mergeMaps<V>(
  d: Readonly<Record<string, V>> | undefined,
  y: Readonly<Record<string, V>> | undefined,
  o: Readonly<Record<string, V>> | undefined,
): Record<string, V> {
  return { ...d, ...y, ...o };
}

/** The dns rule: the highest-priority non-empty list, whole. */
export function pickNonEmptyList<T>(y: readonly T[] | undefined, d: readonly T[] | undefined, o: readonly T[] | undefined): T[] {
  if (o && o.length > 0) return [...o];
  if (y && y.length > 0) return [...y];
  return [...(d ?? [])];
}

/** The caCerts rule: d, y, o in order, first occurrence kept. */
export function uniqueConcat(d: readonly string[] | undefined, y: readonly string[] | undefined, o: readonly string[] | undefined): string[] {
  return [...new Set([...(d ?? []), ...(y ?? []), ...(o ?? [])])];
}

/**
 * Copy every field `later` sets onto `earlier`, descending into plain objects.
 * Lists and scalars are replaced whole.
 */
export function overlayDefined<T extends object>(earlier: T, later: T): T {
  const result: Record<string, unknown> = { ...(earlier as Record<string, unknown>) };
  for (const [key, value] of Object.entries(later)) {
    if (value === undefined) continue;
    const prior = result[key];
    result[key] = isPlainObject(prior) && isPlainObject(value) ? overlayDefined(prior, value) : value;
  }
  return result as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Fold mounts given in d, y, o order: an entry whose key was seen before overwrites the
 * fields it sets on the earlier entry (writable included) instead of adding a mount.
 */
export function foldMounts(mounts: readonly Mount[], keyOf: (mount: Mount) => string): Mount[] {
  const folded: Mount[] = [];
  const indexByKey = new Map<string, number>();
  for (const mount of mounts) {
    const key = keyOf(mount);
    const seen = indexByKey.get(key);
    const earlier = seen === undefined ? undefined : folded[seen];
    if (seen !== undefined && earlier !== undefined) {
      folded[seen] = overlayDefined(earlier, mount);
    } else {
      indexByKey.set(key, folded.length);
      folded.push(mount);
    }
  }
  return folded;
}

/**
 * Fold networks d, y, o: entries naming an interface that was seen before update it.
 * `lima` and `socket` exclude each other, so setting one clears the other; an entry that
 * sets both keeps `lima` (with a warning). Unnamed entries are never combined.
 */
export function foldNetworks(
  d: readonly Network[] | undefined,
  y: readonly Network[] | undefined,
  o: readonly Network[] | undefined,
  warnings: string[],
): Network[] {
  const folded: Network[] = [];
  const indexByInterface = new Map<string, number>();
  for (const network of [...(d ?? []), ...(y ?? []), ...(o ?? [])]) {
    const seen = network.interface ? indexByInterface.get(network.interface) : undefined;
    const earlier = seen === undefined ? undefined : folded[seen];
    if (seen === undefined || earlier === undefined) {
      if (network.interface) indexByInterface.set(network.interface, folded.length);
      folded.push({ ...network });
      continue;
    }
    const merged: Network = { ...earlier };
    if (network.socket) {
      merged.socket = network.socket;
      delete merged.lima;
    }
    if (network.lima) {
      if (network.socket) {
        warnings.push(`network "${network.interface ?? ''}" sets both socket "${network.socket}" and lima "${network.lima}"; using lima`);
      }
      merged.lima = network.lima;
      delete merged.socket;
    }
    if (network.macAddress) merged.macAddress = network.macAddress;
    if (network.metric !== undefined) merged.metric = network.metric;
    if (network.vzNAT !== undefined) merged.vzNAT = network.vzNAT;
    folded[seen] = merged;
  }
  return folded;
}

/**
 * `vmOpts` is a map keyed by driver, merged d, y, o. The QEMU entry is merged field by
 * field (minimumVersion as a scalar, cpuType as a map), so that a template setting the
 * CPU model and an override raising the minimum version both survive.
 */
export function mergeVMOpts(d: VMOpts | undefined, y: VMOpts | undefined, o: VMOpts | undefined): VMOpts & { qemu: QEMUOpts } {
  const merged: VMOpts = mergeMaps<unknown>(d, y, o);
  const qemu: QEMUOpts = {};
  const minimumVersion = pickScalar(y?.qemu?.minimumVersion, d?.qemu?.minimumVersion, o?.qemu?.minimumVersion);
  if (minimumVersion !== undefined) qemu.minimumVersion = minimumVersion;
  const cpuType = mergeMaps(d?.qemu?.cpuType, y?.qemu?.cpuType, o?.qemu?.cpuType);
  if (Object.keys(cpuType).length > 0) qemu.cpuType = cpuType;
  return { ...merged, qemu };
}
