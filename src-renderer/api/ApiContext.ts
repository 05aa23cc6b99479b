/** The API client for components below <App>: the preload's `window.limadesk` or the serve bridge. */
import { createContext, useContext } from 'react';
import type { LimadeskApi } from '../../src-main/common/api';

export const ApiContext = createContext<LimadeskApi | null>(null);

export function useApi(): LimadeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiContext.Provider value={api}> above it');
  return api;
}
