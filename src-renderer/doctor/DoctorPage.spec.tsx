// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../../src-main/common/api';
import { ApiContext } from '../api/ApiContext';
import { fakeApi } from '../logs/fake-api.test-support';
import { DoctorPage } from './DoctorPage';

afterEach(cleanup);
beforeEach(() => window.localStorage.clear());

const QEMU: DoctorCheck = { id: 'qemu', title: 'QEMU (qemu-system-x86_64)', ok: true, detail: 'QEMU 7.2.22 at /usr/bin/qemu-system-x86_64 (Lima requires 4.0.0, recommends 6.2.0)' };
const KVM: DoctorCheck = { id: 'accel', title: 'Hardware acceleration (KVM)', ok: false, detail: '/dev/kvm does not exist', fix: 'sudo modprobe kvm_intel' };
const VIRTIOFSD: DoctorCheck = { id: 'virtiofsd', title: 'virtiofsd, for virtiofs mounts (optional)', ok: false, detail: 'failed to locate virtiofsd', fix: 'sudo apt-get install -y virtiofsd' };
const UNSIGNED: DoctorCheck = { id: 'qemu-signing', title: 'QEMU signed for Hypervisor.framework', ok: false, detail: 'QEMU binary /opt/homebrew/bin/qemu-system-aarch64 does not seem properly signed' };

function mount(checks: () => DoctorCheck[], signQemu = async () => ({ ok: true as const, value: { signed: true, message: 'Signed /opt/homebrew/bin/qemu-system-aarch64' } })) {
  const fake = fakeApi({ doctor: async () => ({ ok: true, value: { checks: checks() } }), signQemu });
  render(
    <ApiContext.Provider value={fake.api}>
      <DoctorPage />
    </ApiContext.Provider>,
  );
  return fake;
}

describe('DoctorPage', () => {
  it('lists each check with its state, detail and the fix to copy', async () => {
    mount(() => [QEMU, KVM, VIRTIOFSD]);
    const list = await screen.findByRole('list', { name: 'Host checks' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['ok', 'failed', 'warning']);
    expect(rows[0]!.textContent).toContain('QEMU 7.2.22 at /usr/bin/qemu-system-x86_64');
    expect(rows[1]!.textContent).toContain('Fix:  sudo modprobe kvm_intel');
    expect(screen.getByRole('status').textContent).toBe('1 of 3 checks failed: see the fix under each.');
    expect(screen.getByRole('button', { name: 'Copy the command: sudo modprobe kvm_intel' })).toBeTruthy();
  });

  it('shows an API failure as an error', async () => {
    const fake = fakeApi({ doctor: async () => ({ ok: false, code: 'unsupported', message: 'The host check is not available in this build of Limadesk' }) });
    render(
      <ApiContext.Provider value={fake.api}>
        <DoctorPage />
      </ApiContext.Provider>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('not available in this build');
  });

  it('offers to sign an unsigned QEMU; yes signs and checks again', async () => {
    let signed = false;
    const fake = mount(() => [QEMU, signed ? { ...UNSIGNED, ok: true, detail: 'signed' } : UNSIGNED], async () => {
      signed = true;
      return { ok: true, value: { signed: true, message: 'Signed /opt/homebrew/bin/qemu-system-aarch64 with the com.apple.security.hypervisor entitlement' } };
    });
    const dialog = await screen.findByRole('dialog', { name: 'Sign QEMU for Hypervisor.framework?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Yes, sign it' }));
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, sign it' })));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByText(/^Signed \/opt\/homebrew/)).toBeTruthy();
    expect(fake.calls.filter((c) => c.method === 'doctor')).toHaveLength(2);
    await screen.findByText('Everything Limadesk needs is in place.');
  });

  it('remembers "don\'t ask again", and No only closes the dialog', async () => {
    mount(() => [UNSIGNED]);
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: "Don't ask again" }));
    expect(window.localStorage.getItem('limadesk.signQemu.dontAsk')).toBe('1');
    cleanup();
    mount(() => [UNSIGNED]);
    await screen.findByText('1 of 1 checks failed: see the fix under each.');
    expect(screen.queryByRole('dialog')).toBeNull();
    // The row still offers signing by hand.
    expect(screen.getByRole('button', { name: 'Sign QEMU' })).toBeTruthy();

    window.localStorage.clear();
    cleanup();
    mount(() => [UNSIGNED]);
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'No' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(window.localStorage.getItem('limadesk.signQemu.dontAsk')).toBeNull();
  });

  it('shows a failed signing with the message from the main side', async () => {
    mount(() => [UNSIGNED], async () => ({ ok: true, value: { signed: false, message: 'codesign could not sign /opt/homebrew/bin/qemu-system-aarch64 (is it writable by you?)' } }));
    const dialog = await screen.findByRole('dialog');
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, sign it' })));
    expect((await screen.findByText(/codesign could not sign/)).className).toBe('limadesk-doctor-error');
  });
});
