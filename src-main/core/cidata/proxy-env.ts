import { SLIRP_GATEWAY } from './guest-network';

const PROXY_NAMES = ['ftp_proxy', 'http_proxy', 'https_proxy', 'no_proxy'] as const;

/**
 * A proxy on the host's loopback is the host itself, which the guest reaches at the user-mode
 * gateway address; the port stays. A value that is not a URL is passed through untouched.
 */
export function guestProxyUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || /^127\./.test(host) || host === '::1';
  if (!loopback) return value;
  url.hostname = SLIRP_GATEWAY;
  const rewritten = url.toString();
  // URL() adds a "/" to a bare origin; keep the user's form.
  return value.endsWith('/') || url.pathname !== '/' ? rewritten : rewritten.replace(/\/$/, '');
}

/**
 * The host's proxy variables for the guest: each of ftp/http/https/no_proxy taken from either
 * case, then set in both cases (tools disagree on which they read), loopback hosts rewritten.
 */
export function proxyEnv(hostEnv: NodeJS.ProcessEnv): Map<string, string> {
  const out = new Map<string, string>();
  for (const lower of PROXY_NAMES) {
    const upper = lower.toUpperCase();
    const value = hostEnv[lower] || hostEnv[upper];
    if (!value) continue;
    const guestValue = lower === 'no_proxy' ? value : guestProxyUrl(value);
    out.set(lower, guestValue);
    out.set(upper, guestValue);
  }
  return out;
}
