/**
 * Which screen is shown, kept in the URL hash so a reload (or a restored window) comes back to
 * the same place: the list with an instance's detail open, the create page, the disks, the doctor, the hosts or the settings.
 */
import { useCallback, useEffect, useState } from 'react';

export type Route =
  | { page: 'instances'; instance?: string; tab?: string; line?: number }
  | { page: 'create'; template?: string }
  | { page: 'disks' }
  | { page: 'doctor' }
  | { page: 'hosts' }
  | { page: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'create') return parts[1] ? { page: 'create', template: parts[1] } : { page: 'create' };
  if (parts[0] === 'doctor') return { page: 'doctor' };
  if (parts[0] === 'disks') return { page: 'disks' };
  if (parts[0] === 'hosts') return { page: 'hosts' };
  if (parts[0] === 'settings') return { page: 'settings' };
  if (parts[0] === 'instances' && parts[1]) {
    const line = /^L([1-9]\d*)$/.exec(parts[3] ?? '')?.[1];
    return { page: 'instances', instance: parts[1], ...(parts[2] ? { tab: parts[2] } : {}), ...(parts[2] && line ? { line: Number(line) } : {}) };
  }
  return { page: 'instances' };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // A hand-typed hash with a stray % is shown as typed rather than breaking the page.
    return part;
  }
}

export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'create':
      return route.template ? `#/create/${encodeURIComponent(route.template)}` : '#/create';
    case 'doctor':
      return '#/doctor';
    case 'disks':
      return '#/disks';
    case 'hosts':
      return '#/hosts';
    case 'settings':
      return '#/settings';
    case 'instances':
      if (!route.instance) return '#/';
      return `#/instances/${encodeURIComponent(route.instance)}${route.tab ? `/${encodeURIComponent(route.tab)}${route.line ? `/L${route.line}` : ''}` : ''}`;
  }
}

/** The current route and a way to go elsewhere; follows the back and forward buttons too. */
export function useHashRoute(win: Window = window): [Route, (next: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(win.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(win.location.hash));
    win.addEventListener('hashchange', onChange);
    return () => win.removeEventListener('hashchange', onChange);
  }, [win]);
  const navigate = useCallback(
    (next: Route) => {
      const hash = formatRoute(next);
      // Keeps the path and query untouched: the serve token lives in session storage, not here.
      if (win.location.hash !== hash) win.history.pushState(win.history.state, '', hash);
      setRoute(parseRoute(hash));
    },
    [win],
  );
  return [route, navigate];
}
