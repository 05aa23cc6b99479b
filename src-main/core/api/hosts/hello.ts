import { API_VERSION, type RemoteHello } from '../../../common/api';

/**
 * The first message each side of `limadesk serve --stdio` sends: `{"hello": {...}}` with the
 * API version both must share and the Limadesk version (shown to the user, never compared).
 */
export interface HelloMessage {
  hello: RemoteHello;
}

/** This side's hello; `api` differs from API_VERSION only in tests of the mismatch. */
export function makeHello(limadeskVersion: string, extra: Omit<RemoteHello, 'api' | 'limadesk'> = {}, api: number = API_VERSION): RemoteHello {
  return { api, limadesk: limadeskVersion, ...extra };
}

/** The hello inside a parsed message, or undefined when the message is not a well-formed hello. */
export function helloOf(message: unknown): RemoteHello | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const hello = (message as { hello?: unknown }).hello;
  if (typeof hello !== 'object' || hello === null) return undefined;
  const { api, limadesk, hostname, limaHome } = hello as Record<string, unknown>;
  if (!Number.isSafeInteger(api) || typeof limadesk !== 'string' || limadesk.length > 100) return undefined;
  return {
    api: api as number,
    limadesk,
    ...(typeof hostname === 'string' ? { hostname: hostname.slice(0, 255) } : {}),
    ...(typeof limaHome === 'string' ? { limaHome: limaHome.slice(0, 4096) } : {}),
  };
}

/**
 * Why two sides cannot talk, naming both versions; undefined when they can. `sides` names
 * this side and the other ("this machine" and `host "box"` on the connecting side).
 */
export function versionMismatch(ours: RemoteHello, theirs: RemoteHello, sides: { here: string; there: string }): string | undefined {
  if (ours.api === theirs.api) return undefined;
  const newer = theirs.api > ours.api ? sides.there : sides.here;
  return (
    `Limadesk ${theirs.limadesk} on ${sides.there} speaks API version ${theirs.api}, and Limadesk ${ours.limadesk} on ${sides.here} speaks API version ${ours.api}: ` +
    `install the same Limadesk release on both (${newer} has the newer one)`
  );
}
