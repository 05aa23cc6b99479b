import type { SessionUrlRules } from '../loopback-ws/admit-session';

export const VNC_PATH_PREFIX = '/vnc/';

/** Console session URLs: `ws://127.0.0.1:PORT/vnc/TOKEN`, refused as "console" sessions. */
export const VNC_SESSION_URLS: SessionUrlRules = { pathPrefix: VNC_PATH_PREFIX, kind: 'console' };

/** Where one console session connects: the VNC server QEMU runs for an instance. */
export interface VncTarget {
  host: string;
  port: number;
  /** For log lines only. */
  instance: string;
}
