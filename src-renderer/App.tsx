import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { ComponentType } from 'react';
import type { ApiIssue, InstanceSummary, LimadeskApi } from '../src-main/common/api';
import { ApiContext } from './api/ApiContext';
import { ErrorBoundary } from './detail/ErrorBoundary';
import { createDraftStorage } from './editor/drafts';
import { InstanceTable } from './instances/InstanceTable';
import { connectStore, createAppStore } from './store/create-store';
import { StoreContext } from './store/hooks';
import { useHashRoute } from './store/route';

declare global {
  interface ImportMeta {
    glob<T>(pattern: string): Record<string, () => Promise<T>>;
  }
}

// Everything past the instance list loads on first use, so the list paints from a small bundle:
// the detail view carries the tabs (and the YAML editor), the create page the yaml library.
const InstanceDetail = lazy(() => import('./detail/InstanceDetail').then((m) => ({ default: m.InstanceDetail })));
const CreatePage = lazy(() => import('./create/CreatePage').then((m) => ({ default: m.CreatePage })));

// The doctor page is its own feature; the nav entry appears once its module exists.
const doctorModules = import.meta.glob<{ DoctorPage?: ComponentType; default?: ComponentType }>('./doctor/DoctorPage.tsx');
const loadDoctor = Object.values(doctorModules)[0];
const DoctorPage = loadDoctor
  ? lazy(() =>
      loadDoctor().then((m) => {
        const page = m.DoctorPage ?? m.default;
        if (!page) throw new Error('doctor/DoctorPage.tsx exports no DoctorPage');
        return { default: page };
      }),
    )
  : undefined;

interface Notice {
  name: string;
  warnings: ApiIssue[];
}

export function App({ api }: { api: LimadeskApi }) {
  const [store] = useState(() => createAppStore(api, { drafts: createDraftStorage(window.localStorage) }));
  // Connected in an effect that returns its unsubscribe, so StrictMode's double run stays clean.
  useEffect(() => connectStore(store, api), [store, api]);
  const [route, navigate] = useHashRoute();
  const [notice, setNotice] = useState<Notice>();

  const openInstance = useCallback((name: string) => navigate({ page: 'instances', instance: name }), [navigate]);
  const onCreated = useCallback(
    (instance: InstanceSummary, warnings: ApiIssue[]) => {
      store.getState().receiveSummary(instance);
      setNotice({ name: instance.name, warnings });
      navigate({ page: 'instances', instance: instance.name });
    },
    [store, navigate],
  );

  const loading = <p aria-busy="true">Loading…</p>;
  return (
    <ApiContext.Provider value={api}>
      <StoreContext.Provider value={store}>
        <header className="app-header">
          <span className="brand">Limadesk</span>
          <nav aria-label="Main">
            <a href="#/" aria-current={route.page === 'instances' ? 'page' : undefined}>
              Instances
            </a>
            <a href="#/create" aria-current={route.page === 'create' ? 'page' : undefined}>
              Create
            </a>
            {DoctorPage && (
              <a href="#/doctor" aria-current={route.page === 'doctor' ? 'page' : undefined}>
                Doctor
              </a>
            )}
          </nav>
        </header>
        <main>
          {route.page === 'instances' && (
            <>
              <h1 className="page-title">Instances</h1>
              {notice && (
                <div role="status" className="notice">
                  Created {notice.name}.
                  {notice.warnings.length > 0 && ` ${notice.warnings.length} warning${notice.warnings.length === 1 ? '' : 's'}: ${notice.warnings.map((w) => `${w.field}: ${w.message}`).join('; ')}`}{' '}
                  <button type="button" className="link-button" onClick={() => setNotice(undefined)}>
                    Dismiss
                  </button>
                </div>
              )}
              <InstanceTable selected={route.instance} onOpen={openInstance} onCreate={() => navigate({ page: 'create' })} />
              {route.instance && (
                <ErrorBoundary key={route.instance} what="The detail view">
                  <Suspense fallback={loading}>
                    <InstanceDetail
                    key={route.instance}
                    name={route.instance}
                    {...(route.tab ? { tab: route.tab } : {})}
                    onSelectTab={(tab) => navigate({ page: 'instances', instance: route.instance, tab })}
                    onClose={() => navigate({ page: 'instances' })}
                  />
                  </Suspense>
                </ErrorBoundary>
              )}
            </>
          )}
          {route.page === 'create' && (
            <ErrorBoundary what="The create page">
              <Suspense fallback={loading}>
                <CreatePage api={api} onCreated={onCreated} onCancel={() => navigate({ page: 'instances' })} />
              </Suspense>
            </ErrorBoundary>
          )}
          {route.page === 'doctor' && (DoctorPage ? (
              <ErrorBoundary what="The doctor page">
                <Suspense fallback={loading}>
                  <DoctorPage />
                </Suspense>
              </ErrorBoundary>
            ) : <p>The doctor page is not part of this build.</p>)}
        </main>
      </StoreContext.Provider>
    </ApiContext.Provider>
  );
}
