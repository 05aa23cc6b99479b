/** The instance list pane as the app mounts it, over a fake API, for component tests. */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterSettledWork } from '../usage/settled-work.test-support';
import type { InstanceSummary } from '../../src-main/common/api';
import { ApiContext } from '../api/ApiContext';
import { createDraftStorage } from '../editor/drafts';
import { NavigateContext } from '../shell/navigation';
import { connectStore, createAppStore } from '../store/create-store';
import { createFakeApi, instanceSummary } from '../store/fake-api';
import type { FakeApi } from '../store/fake-api';
import { StoreContext } from '../store/hooks';
import type { Route } from '../store/route';
import { TipProvider } from '../ui/Tip';
import { InstanceDialogsProvider } from './InstanceDialogs';
import { InstanceListPane, NO_FILTER } from './InstanceListPane';
import type { ListFilter } from './InstanceListPane';
import { vi } from 'vitest';

function Pane({ onOpen, onCreate }: { onOpen: (name: string) => void; onCreate: () => void }) {
  const [filter, setFilter] = useState<ListFilter>(NO_FILTER);
  return <InstanceListPane beside={false} onOpen={onOpen} onCreate={onCreate} filter={filter} onFilter={setFilter} />;
}

export const DEFAULT_INSTANCES = (): InstanceSummary[] => [instanceSummary('dev', 'Stopped'), instanceSummary('web', 'Running', { sshLocalPort: 60022 })];

/** Answers what the list asks on its own (templates, usage, ports, doctor) unless `prepare` says otherwise. */
export async function renderList(instances: InstanceSummary[] = DEFAULT_INSTANCES(), prepare: (fake: FakeApi) => void = () => undefined) {
  const fake = createFakeApi();
  fake.handle('listInstances', () => ({ ok: true, value: instances }));
  fake.handle('listTemplates', () => ({ ok: true, value: { templates: ['alpine', 'debian', 'default', 'ubuntu'].map((name) => ({ name, description: `${name} template` })) } }));
  fake.handle('watchUsage', () => ({ ok: true, value: { intervalMs: 2000, leaseMs: 30_000, samples: [] } }));
  fake.handle('unwatchUsage', () => ({ ok: true, value: {} }));
  fake.handle('getUsage', () => ({ ok: true, value: { samples: [], history: [] } }));
  fake.handle('listPortForwards', () => ({ ok: true, value: { forwards: [] } }));
  fake.handle('doctor', () => ({ ok: true, value: { checks: [] } }));
  prepare(fake);
  const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
  const onOpen = vi.fn();
  const onCreate = vi.fn();
  const navigated: Route[] = [];
  render(
    <ApiContext.Provider value={fake.api}>
      <StoreContext.Provider value={store}>
        <NavigateContext.Provider value={(r) => navigated.push(r)}>
          <TipProvider>
            <InstanceDialogsProvider>
              <button type="button">before</button>
              <Pane onOpen={onOpen} onCreate={onCreate} />
            </InstanceDialogsProvider>
          </TipProvider>
        </NavigateContext.Provider>
      </StoreContext.Provider>
    </ApiContext.Provider>,
  );
  await act(async () => {
    connectStore(store, fake.api);
  });
  // What the list leaves until it has been painted (usage sampling, charts) has run too.
  await afterSettledWork();
  return { fake, store, onOpen, onCreate, navigated };
}

export const row = (name: string) => document.querySelector<HTMLElement>(`[role="row"][data-instance="${name}"]`)!;
export const rowNames = () => [...document.querySelectorAll<HTMLElement>('[role="row"][data-instance]')].map((r) => r.dataset.instance);
export const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

/** Opens a menu: a row's "more" button opens on click, the toolbar's Radix menus on a press. */
export function openMenu(name: string) {
  const target = screen.getByRole('button', { name });
  if (target.closest('[role="row"]')) fireEvent.click(target);
  else fireEvent.pointerDown(target, { button: 0, ctrlKey: false, pointerType: 'mouse' });
}

/** Picks an entry of a row's "more" menu. */
export async function chooseFromRowMenu(name: string, item: RegExp) {
  openMenu(`More actions for ${name}`);
  fireEvent.click(await screen.findByRole('menuitem', { name: item }));
}
