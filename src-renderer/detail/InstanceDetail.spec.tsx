// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { ApiContext } from '../api/ApiContext';
import { createDraftStorage } from '../editor/drafts';
import '../editor/jsdom-shim';
import { createAppStore } from '../store/create-store';
import { createFakeApi, instanceSummary } from '../store/fake-api';
import { StoreContext } from '../store/hooks';
import { InstanceDetail } from './InstanceDetail';
import { TabList } from './TabList';

afterEach(cleanup);

function ThreeTabs() {
  const [active, setActive] = useState('a');
  const tabs = ['a', 'b', 'c'].map((id) => ({ id, label: id.toUpperCase(), accessibleName: `${id.toUpperCase()} of dev` }));
  return <TabList idPrefix="t" label="Details of dev" tabs={tabs} active={active} onSelect={setActive} />;
}

describe('the detail tablist', () => {
  it('names each tab "<label> of <instance>" and moves with the arrow keys', () => {
    render(<ThreeTabs />);
    const tab = (name: string) => screen.getByRole('tab', { name });
    expect(screen.getByRole('tablist', { name: 'Details of dev' })).toBeTruthy();
    expect(tab('A of dev').getAttribute('aria-selected')).toBe('true');
    expect([tab('A of dev').tabIndex, tab('B of dev').tabIndex]).toEqual([0, -1]);
    tab('A of dev').focus();
    fireEvent.keyDown(tab('A of dev'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tab('B of dev'));
    expect(tab('B of dev').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(tab('B of dev'), { key: 'End' });
    expect(document.activeElement).toBe(tab('C of dev'));
    fireEvent.keyDown(tab('C of dev'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(tab('A of dev'));
    fireEvent.keyDown(tab('A of dev'), { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(tab('C of dev'));
    expect(tab('C of dev').getAttribute('aria-controls')).toBe('t-panel-c');
  });
});

describe('the detail view', () => {
  it('shows the instance with its tabs and loads the config editor into the panel', async () => {
    const fake = createFakeApi();
    fake.handle('getConfigText', () => ({ ok: true, value: { text: 'cpus: 2 # two\n', mtime: 1 } }));
    fake.handle('validateConfig', () => ({ ok: true, value: { issues: [] } }));
    const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
    store.getState().receiveSummary(instanceSummary('dev', 'Running'));
    const onClose = vi.fn();
    render(
      <ApiContext.Provider value={fake.api}>
        <StoreContext.Provider value={store}>
          <InstanceDetail name="dev" tab="config" onSelectTab={() => undefined} onClose={onClose} />
        </StoreContext.Provider>
      </ApiContext.Provider>,
    );
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
});
