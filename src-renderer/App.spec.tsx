// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from './App';
import { createFakeApi, instanceSummary } from './store/fake-api';

afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/'));

function setup() {
  const fake = createFakeApi();
  fake.handle('listInstances', () => ({ ok: true, value: [instanceSummary('dev')] }));
  fake.handle('listTemplates', () => ({ ok: true, value: { templates: [{ name: 'default', description: '' }] } }));
  fake.handle('getTemplateText', () => ({ ok: true, value: { text: 'cpus: 2\n' } }));
  fake.handle('validateConfig', () => ({ ok: true, value: { issues: [] } }));
  render(<App api={fake.api} />);
  return fake;
}

describe('the dashboard shell', () => {
  it('lists instances under a header with the main navigation', async () => {
    setup();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Instances', 'Create', 'Doctor']);
    expect(within(nav).getByRole('link', { name: 'Instances' }).getAttribute('aria-current')).toBe('page');
    await waitFor(() => expect(document.querySelector('tr[data-instance="dev"]')).not.toBeNull());
  });

  it('opens the details of a row in the address, and comes back to them', async () => {
    setup();
    await waitFor(() => expect(document.querySelector('tr[data-instance="dev"]')).not.toBeNull());
    fireEvent.keyDown(document.querySelector('tr[data-instance="dev"]')!, { key: 'Enter' });
    expect(window.location.hash).toBe('#/instances/dev');
    expect(await screen.findByRole('tablist', { name: 'Details of dev' }, { timeout: 10_000 })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close the details of dev' }));
    expect(window.location.hash).toBe('#/');
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('creates an instance and shows it in the list', async () => {
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
    await waitFor(() => expect(document.querySelector('tr[data-instance="fresh"]')).not.toBeNull());
    expect(window.location.hash).toBe('#/instances/fresh');
    expect(screen.getAllByRole('status').some((s) => /^Created fresh\./.test(s.textContent ?? ''))).toBe(true);
  });
});
