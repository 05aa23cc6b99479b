/** Going to another screen from deep inside the tree (a menu item, a toast, a banner's button). */
import { createContext, useContext } from 'react';
import { formatRoute } from '../store/route';
import type { Route } from '../store/route';

export type Navigate = (route: Route) => void;

// Without a provider (a component test), the address changes and the hash listener follows.
export const NavigateContext = createContext<Navigate>((route) => {
  window.location.hash = formatRoute(route);
});

export function useNavigate(): Navigate {
  return useContext(NavigateContext);
}
