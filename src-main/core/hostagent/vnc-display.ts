/** `video.vnc.display` split as QEMU reads it: `127.0.0.1:0,to=9` → host, display number, options. */
export interface VncDisplaySpec {
  host: string;
  display: number;
  /** Highest display QEMU may move to when the first is taken (`to=N`), if allowed. */
  to?: number;
}

export const VNC_BASE_PORT = 5900;

export function parseVncDisplay(spec: string): VncDisplaySpec {
  const [address = '', ...options] = spec.split(',');
  const colon = address.lastIndexOf(':');
  if (colon < 0) throw new Error(`field \`video.vnc.display\` must be HOST:DISPLAY[,options], got ${JSON.stringify(spec)}`);
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const displayText = address.slice(colon + 1);
  if (!/^\d+$/.test(displayText)) {
    throw new Error(`field \`video.vnc.display\` has an invalid display number ${JSON.stringify(displayText)} in ${JSON.stringify(spec)}`);
  }
  const parsed: VncDisplaySpec = { host, display: Number(displayText) };
  for (const option of options) {
    const m = /^to=(\d+)$/.exec(option);
    if (m?.[1] !== undefined) parsed.to = Number(m[1]);
  }
  return parsed;
}
