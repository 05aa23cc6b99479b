import type { VncSession } from '../../common/api';
import type { VncProxy } from '../vnc/vnc-proxy';

/** What opening a console needs to know of a running instance. */
export interface VncEndpointInfo {
  host: string;
  /** The TCP port QEMU's VNC server listens on (from QMP `query-vnc`). */
  port: number;
  password: string;
}

/**
 * Console sessions by instance name: finds the instance's VNC server (the resolver throws a
 * wrong-state error for an instance that is not running) and hands out a proxy URL for it.
 */
export function createVncSessionPort(proxy: VncProxy, resolve: (name: string) => Promise<VncEndpointInfo>): { open(name: string): Promise<VncSession> } {
  return {
    async open(name) {
      const info = await resolve(name);
      const url = await proxy.openSession({ host: info.host, port: info.port, instance: name });
      return { url, password: info.password };
    },
  };
}

/**
 * The origins a page served over HTTP on this machine at `port` may have: the browser names
 * the host the user typed, and every loopback name reaches the same server.
 */
export function loopbackPageOrigins(port: number): string[] {
  return ['127.0.0.1', 'localhost', '[::1]'].map((host) => `http://${host}:${port}`);
}
