// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiContext } from '../api/ApiContext';
import { createDraftStorage } from '../editor/drafts';
import '../editor/jsdom-shim';
import '../ui/layout-shim.test-support';
import { NavigateContext } from '../shell/navigation';
import { createAppStore } from '../store/create-store';
import { createFakeApi, instanceSummary } from '../store/fake-api';
import { StoreContext } from '../store/hooks';
import type { Route } from '../store/route';
import { TipProvider } from '../ui/Tip';
import { InstanceDetail } from './InstanceDetail';

afterEach(cleanup);

function setup(instance = instanceSummary('dev', 'Running'), tab = 'config') {
  const fake = createFakeApi();
  fake.handle('getConfigText', () => ({ ok: true, value: { text: 'cpus: 2 # two\n', mtime: 1 } }));
  fake.handle('validateConfig', () => ({ ok: true, value: { issues: [] } }));
  fake.handle('readLog', () => ({ ok: true, value: { text: '', truncated: false } }));
  const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
  store.getState().receiveSummary(instance);
  const onClose = vi.fn();
  const onSelectTab = vi.fn();
  const navigated: Route[] = [];
  const wrap = (children: ReactNode) => (
    <ApiContext.Provider value={fake.api}>
      <StoreContext.Provider value={store}>
        <NavigateContext.Provider value={(r) => navigated.push(r)}>
          <TipProvider>{children}</TipProvider>
        </NavigateContext.Provider>
      </StoreContext.Provider>
    </ApiContext.Provider>
  );
  render(wrap(<InstanceDetail name={instance.name} tab={tab} onSelectTab={onSelectTab} onClose={onClose} />));
  return { fake, store, onClose, onSelectTab, navigated };
}

describe('the detail view', () => {
  it('names each tab "<label> of <instance>" and moves between them with the arrow keys', async () => {
    const { onSelectTab } = setup(instanceSummary('dev', 'Running'), 'overview');
    expect(screen.getByRole('tablist', { name: 'Details of dev' })).toBeTruthy();
    const overview = screen.getByRole('tab', { name: 'Overview of dev' });
    expect(overview.getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('tab').map((t) => t.getAttribute('aria-label'))).toEqual(['Overview', 'Config', 'Console', 'Terminal', 'Serial', 'Logs', 'Snapshots'].map((l) => `${l} of dev`));
    act(() => overview.focus());
    fireEvent.keyDown(overview, { key: 'ArrowRight' });
    // Radix moves focus on the next tick; with automatic activation the focused tab is shown.
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Config of dev' })));
    expect(onSelectTab).toHaveBeenCalledWith('config');
  });

  it('shows the instance with its tabs and loads the config editor into the panel', async () => {
    const { store, onClose } = setup();
    const tab = screen.getByRole('tab', { name: 'Config of dev' });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    const panel = screen.getByRole('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(tab.id);
    expect(await screen.findByRole('region', { name: 'Configuration of dev' }, { timeout: 10_000 })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close the details of dev' }));
    expect(onClose).toHaveBeenCalled();
    // An instance deleted while shown says so instead of showing stale tabs.
    act(() => store.getState().receiveDeletion('dev'));
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.getByRole('region', { name: 'Details of dev' }).textContent).toContain('There is no instance named dev');
  });

  it("offers the instance's main action in its header", async () => {
    const { fake } = setup(instanceSummary('dev', 'Stopped'), 'overview');
    const header = screen.getByRole('region', { name: 'Details of dev' }).querySelector('header') as HTMLElement;
    fireEvent.click(within(header).getByRole('button', { name: 'Start' }));
    expect(fake.calls.some((c) => c.method === 'startInstance')).toBe(true);
  });

  it('says why a Broken instance is broken: the first problem, its file and line, and the way to it', () => {
    const { navigated } = setup(
      instanceSummary('dev', 'Broken', { errors: ['/home/u/.lima/dev/lima.yaml:7:9: memory: invalid size "lots"', '/home/u/.lima/dev/lima.yaml:9: disk: too small'] }),
      'overview',
    );
    const note = screen.getByRole('note', { name: 'Why dev is broken' });
    expect(note.textContent).toContain('lima.yaml, line 7');
    expect(note.textContent).toContain('memory: invalid size "lots"');
    expect(note.textContent).toContain('1 more problem');
    expect(note.textContent).not.toContain('/home/u/.lima');
    fireEvent.click(within(note).getByRole('button', { name: 'Open Config at line 7' }));
    expect(navigated).toEqual([{ page: 'instances', instance: 'dev', tab: 'config', line: 7 }]);
  });

  it('has nothing to open for a Broken instance whose problem is not in lima.yaml', () => {
    setup(instanceSummary('dev', 'Broken', { errors: ['host agent is running but driver is not'] }), 'overview');
    const note = screen.getByRole('note', { name: 'Why dev is broken' });
    expect(within(note).queryByRole('button')).toBeNull();
    expect(note.textContent).toContain('Stop clears what is left of its last run');
  });
});
