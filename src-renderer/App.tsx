import { HardDrive, Network, Plus, Server, Settings, Stethoscope } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { ComponentType } from 'react';
import type { ApiIssue, InstanceSummary, LimadeskApi } from '../src-main/common/api';
import { ApiContext } from './api/ApiContext';
import { recordTemplateUse } from './create/template-usage';
import { ErrorBoundary } from './detail/ErrorBoundary';
import { createDraftStorage } from './editor/drafts';
import { InstancesPage } from './instances/InstancesPage';
import { AppShell } from './shell/AppShell';
import { NavigateContext } from './shell/navigation';
import type { NavEntry } from './shell/Sidebar';
import { Titlebar } from './shell/Titlebar';
import { connectStore, createAppStore } from './store/create-store';
import { StoreContext } from './store/hooks';
import { useHashRoute } from './store/route';
import { TipProvider } from './ui/Tip';
import { Toasts } from './ui/Toasts';

declare global {
  interface ImportMeta {
    glob<T>(pattern: string): Record<string, () => Promise<T>>;
  }
}

// Everything past the instance list loads on first use, so the list paints from a small bundle.
const CreatePage = lazy(() => import('./create/CreatePage').then((m) => ({ default: m.CreatePage })));
const HostsPage = lazy(() => import('./hosts/HostsPage').then((m) => ({ default: m.HostsPage })));
const SettingsPage = lazy(() => import('./settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const DisksPage = lazy(() => import('./disks/DisksPage').then((m) => ({ default: m.DisksPage })));

// The doctor page is its own feature; its sidebar entry appears once its module exists.
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

// Screens that exist in this build, in sidebar order.
const NAV_ENTRIES: NavEntry[] = [
  { page: 'instances', href: '#/', label: 'Instances', icon: Server },
  { page: 'create', href: '#/create', label: 'Create', icon: Plus },
  { page: 'disks', href: '#/disks', label: 'Disks', icon: HardDrive },
  ...(DoctorPage ? [{ page: 'doctor', href: '#/doctor', label: 'Doctor', icon: Stethoscope }] : []),
  { page: 'hosts', href: '#/hosts', label: 'Hosts', icon: Network },
  { page: 'settings', href: '#/settings', label: 'Settings', icon: Settings },
];

function warningsText(warnings: ApiIssue[]): string | undefined {
  if (warnings.length === 0) return undefined;
  return `${warnings.length} warning${warnings.length === 1 ? '' : 's'}: ${warnings.map((w) => `${w.field}: ${w.message}`).join('; ')}`;
}

export function App({ api }: { api: LimadeskApi }) {
  const [store] = useState(() => createAppStore(api, { drafts: createDraftStorage(window.localStorage) }));
  // Connected in an effect that returns its unsubscribe, so StrictMode's double run stays clean.
  useEffect(() => connectStore(store, api), [store, api]);
  const [route, navigate] = useHashRoute();
  const openInstance = useCallback((name: string) => navigate({ page: 'instances', instance: name }), [navigate]);
  const onCreated = useCallback(
    (instance: InstanceSummary, warnings: ApiIssue[], template?: string) => {
      const state = store.getState();
      state.receiveSummary(instance);
      if (template) recordTemplateUse(template);
      const body = warningsText(warnings);
      state.pushToast({ tone: 'success', title: `Created ${instance.name}.`, ...(body ? { body } : {}) });
      navigate({ page: 'instances', instance: instance.name });
    },
    [store, navigate],
  );
  const loading = useMemo(
    () => (
      <p className="loading" aria-busy="true">
        Loading…
      </p>
    ),
    [],
  );

  return (
    <ApiContext.Provider value={api}>
      <StoreContext.Provider value={store}>
        <NavigateContext.Provider value={navigate}>
          <TipProvider>
            <AppShell entries={NAV_ENTRIES} current={route.page}>
              {route.page === 'instances' && (
                <InstancesPage
                  selected={route.instance}
                  tab={route.tab}
                  line={route.line}
                  onOpen={openInstance}
                  onSelectTab={(instance, tab) => navigate({ page: 'instances', instance, tab })}
                  onClose={() => navigate({ page: 'instances' })}
                  onCreate={() => navigate({ page: 'create' })}
                />
              )}
              {route.page === 'create' && (
                <ErrorBoundary what="The create page">
                  <Suspense fallback={loading}>
                    <CreatePage key={route.template ?? ''} api={api} onCreated={onCreated} onCancel={() => navigate({ page: 'instances' })} {...(route.template ? { initialTemplate: route.template } : {})} />
                  </Suspense>
                </ErrorBoundary>
              )}
              {route.page === 'hosts' && (
                <>
                  <Titlebar title="Hosts" />
                  <div className="page-body">
                    <ErrorBoundary what="The hosts page">
                      <Suspense fallback={loading}>
                        <HostsPage />
                      </Suspense>
                    </ErrorBoundary>
                  </div>
                </>
              )}
              {route.page === 'settings' && (
                <>
                  <Titlebar title="Settings" />
                  <div className="page-body">
                    <ErrorBoundary what="The settings page">
                      <Suspense fallback={loading}>
                        <SettingsPage />
                      </Suspense>
                    </ErrorBoundary>
                  </div>
                </>
              )}
              {route.page === 'disks' && (
                <ErrorBoundary what="The disks page">
                  <Suspense fallback={loading}>
                    <DisksPage />
                  </Suspense>
                </ErrorBoundary>
              )}
              {route.page === 'doctor' && (
                <>
                  <Titlebar title="Doctor" />
                  <div className="page-body">
                    {DoctorPage ? (
                      <ErrorBoundary what="The doctor page">
                        <Suspense fallback={loading}>
                          <DoctorPage />
                        </Suspense>
                      </ErrorBoundary>
                    ) : (
                      <p>The doctor page is not part of this build.</p>
                    )}
                  </div>
                </>
              )}
            </AppShell>
            <Toasts />
          </TipProvider>
        </NavigateContext.Provider>
      </StoreContext.Provider>
    </ApiContext.Provider>
  );
}
