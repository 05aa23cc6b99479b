import { useEffect, useState } from 'react';
import type { LimadeskApi } from '../src-main/common/api';
import { createDraftStorage } from './editor/drafts';
import { InstanceTable } from './instances/InstanceTable';
import { connectStore, createAppStore } from './store/create-store';
import { StoreContext } from './store/hooks';

export function App({ api }: { api: LimadeskApi }) {
  const [store] = useState(() => createAppStore(api, { drafts: createDraftStorage(window.localStorage) }));
  // Connected in an effect that returns its unsubscribe, so StrictMode's double run stays clean.
  useEffect(() => connectStore(store, api), [store, api]);
  return (
    <StoreContext.Provider value={store}>
      <main>
        <h1>Limadesk</h1>
        <InstanceTable />
      </main>
    </StoreContext.Provider>
  );
}
