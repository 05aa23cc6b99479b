// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import type { InstanceSummary } from '../../src-main/common/api';
import { createDraftStorage } from '../editor/drafts';
import { createAppStore } from './create-store';
import type { StoreBackend } from './create-store';
import { StoreContext, useInstance, useInstanceNames } from './hooks';

const unused = () => {
  throw new Error('not used by this test');
};
const api: StoreBackend = {
  on: () => () => undefined,
  listInstances: unused,
  startInstance: unused,
  stopInstance: unused,
  restartInstance: unused,
  deleteInstance: unused,
  watchUsage: unused,
  unwatchUsage: unused,
  getUsage: unused,
  listPortForwards: unused,
  openTunnel: unused,
  doctor: unused,
};

function summary(name: string, cpus: number): InstanceSummary {
  return { name, status: 'Stopped', dir: '', vmType: 'qemu', arch: 'x86_64', cpus, memory: 0, disk: 0, sshLocalPort: 0, message: '', protected: false, errors: [] };
}

describe('store hooks', () => {
  it('re-renders the name list only when the names change', () => {
    const store = createAppStore(api, { drafts: createDraftStorage(window.localStorage) });
    let listRenders = 0;
    function Names() {
      listRenders++;
      return <p data-testid="names">{useInstanceNames().join(',')}</p>;
    }
    function Cpus({ name }: { name: string }) {
      return <p data-testid={`cpus-${name}`}>{useInstance(name)?.cpus}</p>;
    }
    render(
      <StoreContext.Provider value={store}>
        <Names />
        <Cpus name="b" />
      </StoreContext.Provider>,
    );
    act(() => store.getState().receiveSummary(summary('b', 1)));
    act(() => store.getState().receiveSummary(summary('a', 1)));
    expect(screen.getByTestId('names').textContent).toBe('a,b');
    const rendersBefore = listRenders;
    act(() => store.getState().receiveSummary(summary('b', 8)));
    expect(screen.getByTestId('cpus-b').textContent).toBe('8');
    expect(listRenders).toBe(rendersBefore);
  });
});
