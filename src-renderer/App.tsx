import { useEffect, useState } from 'react';
import type { LimadeskApi } from '../src-main/common/api';
import { bindInstancesStore, createInstancesStore } from './instances/instances-store';
import { InstanceTable } from './instances/InstanceTable';
import { InstancesStoreContext } from './instances/store-context';

export function App({ api }: { api: LimadeskApi }) {
  const [store] = useState(createInstancesStore);
  // Bound in an effect that returns its unsubscribe, so StrictMode's double run stays clean.
  useEffect(() => bindInstancesStore(store, api), [store, api]);
  return (
    <InstancesStoreContext.Provider value={store}>
      <main>
        <h1>Limadesk</h1>
        <InstanceTable />
      </main>
    </InstancesStoreContext.Provider>
  );
}
