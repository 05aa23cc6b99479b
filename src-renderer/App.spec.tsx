// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import './editor/jsdom-shim';
import './ui/layout-shim.test-support';
import { App } from './App';
import { createFakeApi, instanceSummary } from './store/fake-api';

afterEach(cleanup);
beforeEach(() => {
  window.history.replaceState(null, '', '/');
  window.localStorage.clear();
});

function setup(instances = [instanceSummary('dev'), instanceSummary('web', 'Running')]) {
  const fake = createFakeApi();
  fake.handle('listInstances', () => ({ ok: true, value: instances }));
  fake.handle('listTemplates', () => ({ ok: true, value: { templates: [{ name: 'default', description: '' }] } }));
  fake.handle('getTemplateText', () => ({ ok: true, value: { text: 'cpus: 2\n' } }));
  fake.handle('validateConfig', () => ({ ok: true, value: { issues: [] } }));
  fake.handle('readLog', () => ({ ok: true, value: { text: '', truncated: false } }));
  render(<App api={fake.api} />);
  return fake;
}

const row = (name: string) => document.querySelector<HTMLElement>(`[role="row"][data-instance="${name}"]`);

/** Makes `(max-width: …)` queries match as on a window that wide. */
function windowWidth(px: number) {
  vi.stubGlobal('matchMedia', (query: string) => {
    const max = /max-width:\s*(\d+)px/.exec(query);
    return { matches: max ? px <= Number(max[1]) : false, media: query, addEventListener: () => undefined, removeEventListener: () => undefined };
  });
}
afterEach(() => vi.unstubAllGlobals());

describe('the app shell', () => {
  it('has a sidebar with every screen of this build, the instance and running counts, and the version', async () => {
    setup();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('data-page'))).toEqual(['instances', 'create', 'disks', 'doctor', 'hosts', 'settings']);
    expect(within(nav).getByRole('link', { name: /^Instances/ }).getAttribute('aria-current')).toBe('page');
    await waitFor(() => expect(within(nav).getByLabelText('2 instances, 1 running')).toBeTruthy());
    expect(screen.getByRole('complementary').textContent).toContain('Limadesk');
  });

  it('opens the Disks screen from the sidebar, and keeps it in the address', async () => {
    const fake = setup();
    fake.handle('listDisks', () => ({ ok: true, value: { disks: [] } }));
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Disks' }));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByRole('heading', { name: 'No disks yet' }, { timeout: 5000 })).toBeTruthy();
    expect(window.location.hash).toBe('#/disks');
    window.location.hash = '';
  });

  it('opens Settings: the theme choice applies at once and is remembered; LIMA_HOME and the version are shown', async () => {
    const fake = setup();
    fake.handle('getHostInfo', () => ({ ok: true, value: { limaHome: '/home/me/.lima' } as never }));
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Settings' }));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const dark = await screen.findByRole('radio', { name: 'Dark' }, { timeout: 5000 });
    expect((screen.getByRole('radio', { name: 'System' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(dark);
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(JSON.parse(window.localStorage.getItem('limadesk.ui.theme') ?? 'null')).toBe('dark');
    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(await screen.findByDisplayValue('/home/me/.lima')).toBeTruthy();
    expect((screen.getByLabelText('LIMA_HOME') as HTMLInputElement).readOnly).toBe(true);
    expect(screen.getByTestId('app-version').textContent).not.toBe('');
    window.location.hash = '';
  });

  it('collapses the sidebar to icons, and remembers that', async () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Collapse the sidebar' }));
    expect(document.querySelector('.app-shell')?.getAttribute('data-sidebar')).toBe('collapsed');
    // The labels stay for screen readers.
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: /^Create/ })).toBeTruthy();
    cleanup();
    setup();
    expect(document.querySelector('.app-shell')?.getAttribute('data-sidebar')).toBe('collapsed');
    expect(screen.getByRole('button', { name: 'Expand the sidebar' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('opens the details of a row beside the list, in the address, and closes them again', async () => {
    windowWidth(1440);
    setup();
    await waitFor(() => expect(row('dev')).not.toBeNull());
    fireEvent.keyDown(row('dev')!, { key: 'Enter' });
    expect(window.location.hash).toBe('#/instances/dev');
    expect(await screen.findByRole('tablist', { name: 'Details of dev' }, { timeout: 10_000 })).toBeTruthy();
    // Side by side: the list stays, with a divider to resize it.
    expect(row('dev')?.getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('separator', { name: 'Resize the instance list' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close the details of dev' }));
    expect(window.location.hash).toBe('#/');
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('on a narrow window shows the details as a page, with a way back to the list', async () => {
    windowWidth(1024);
    window.history.replaceState(null, '', '/#/instances/dev/overview');
    setup();
    expect(await screen.findByRole('tablist', { name: 'Details of dev' }, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Instances' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close the details of dev' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back to the instance list' }));
    expect(window.location.hash).toBe('#/');
    await waitFor(() => expect(row('dev')).not.toBeNull());
  });

  it('keeps a Create button beside a list that has rows', async () => {
    setup();
    await waitFor(() => expect(row('dev')).not.toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(window.location.hash).toBe('#/create');
  });

  it('creates an instance, shows it in the list and says so in a toast', async () => {
    const fake = setup();
    act(() => {
      window.location.hash = '#/create';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    const name = (await screen.findByLabelText('Name', {}, { timeout: 10_000 })) as HTMLInputElement;
    await waitFor(() => expect(name.value).toBe('default'));
    fireEvent.change(name, { target: { value: 'fresh' } });
    fake.handle('createInstance', ({ name: created }) => ({ ok: true, value: { instance: instanceSummary(created), warnings: [] } }));
    await waitFor(() => expect(screen.getByText('Ready to create.')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(row('fresh')).not.toBeNull());
    expect(window.location.hash).toBe('#/instances/fresh');
    expect(await screen.findByText('Created fresh.')).toBeTruthy();
    // The template it came from now counts as used.
    expect(JSON.parse(window.localStorage.getItem('limadesk.ui.templateUse') ?? '{}')).toEqual({ default: 1 });
  });
});
