/**
 * Where a field of the merged config was written: lima.yaml, or one of the
 * `_config/default.yaml` / `override.yaml` layers it was merged with. Validation issues then
 * point at the file that actually holds the bad value.
 */
import type { FieldPath } from './field-path';
import type { ParsedYaml } from './parse';
import type { Position } from './yaml-nodes';

export interface Layer {
  file: string;
  parsed: ParsedYaml;
}

export type LayeredPosition = Position & { file: string };

/** Lists that the merge concatenates as override, lima.yaml, default (merge.ts). */
const CONCATENATED = new Set([
  'images', 'additionalDisks', 'provision', 'probes', 'portForwards', 'copyToHost', 'mountTypesUnsupported',
  'firmware.images', 'containerd.archives',
]);
/** Lists whose entries the merge folds together by key, so indices do not map back. */
const FOLDED = new Set(['mounts', 'networks']);

function listLength(layer: Layer | undefined, listPath: FieldPath): number {
  let value: unknown = layer?.parsed.value;
  for (const part of listPath) value = (value as Record<string | number, unknown> | undefined)?.[part];
  return Array.isArray(value) ? value.length : 0;
}

function at(layer: Layer | undefined, path: FieldPath): LayeredPosition | undefined {
  const pos = layer?.parsed.positionOf([...path]);
  return pos && layer ? { ...pos, file: layer.file } : undefined;
}

export function layeredPositionOf(main: Layer, defaults?: Layer, override?: Layer): (path: FieldPath) => LayeredPosition | undefined {
  return (path) => {
    if (path.length === 0) return at(main, path);
    const first = path[0];
    if (typeof first === 'string' && FOLDED.has(first)) return at(main, path);

    const indexAt = path.findIndex((p) => typeof p === 'number');
    const listPath = indexAt > 0 ? path.slice(0, indexAt) : [];
    const index = indexAt > 0 ? (path[indexAt] as number) : -1;
    if (indexAt > 0 && CONCATENATED.has(listPath.join('.'))) {
      const rest = path.slice(indexAt + 1);
      const fromOverride = listLength(override, listPath);
      const fromMain = listLength(main, listPath);
      if (index < fromOverride) return at(override, [...listPath, index, ...rest]);
      if (index < fromOverride + fromMain) return at(main, [...listPath, index - fromOverride, ...rest]);
      return at(defaults, [...listPath, index - fromOverride - fromMain, ...rest]);
    }
    // Scalars and maps: override wins, then lima.yaml, then default.yaml.
    return at(override, path) ?? at(main, path) ?? at(defaults, path);
  };
}
