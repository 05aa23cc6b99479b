import type { RfbConstructor } from './vnc-connection';

let loading: Promise<RfbConstructor> | null = null;

/**
 * noVNC is loaded on first use, into its own chunk: most sessions never open a console, and
 * the library (with its decoders) would otherwise double the main bundle.
 */
export function loadRfb(): Promise<RfbConstructor> {
  loading ??= import('@novnc/novnc').then((mod) => mod.default as RfbConstructor);
  // A failed load (e.g. a chunk missing after an update) is retried on the next connect.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
