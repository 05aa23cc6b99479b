// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ApiIssue, DoctorCheck } from '../../src-main/common/api';
import { createDraftStorage } from '../editor/drafts';
import { createAppStore } from '../store/create-store';
import { createFakeApi, instanceSummary } from '../store/fake-api';
import { StoreContext } from '../store/hooks';
import { EditorView } from '@codemirror/view';
import '../editor/jsdom-shim';
import { CreatePage } from './CreatePage';

afterEach(cleanup);

const DEFAULT = `# The default template
images:
- location: https://example.com/ubuntu.img
  arch: x86_64
cpus: 4 # plenty
memory: 4GiB
mounts:
- location: "~"
`;

function setup(options: { issues?: (text: string) => ApiIssue[]; existing?: string[]; checks?: DoctorCheck[] } = {}) {
  const fake = createFakeApi();
  fake.handle('listTemplates', () => ({
    ok: true,
    value: {
      templates: [
        { name: 'alpine', description: 'Alpine', os: 'Linux', distro: 'Alpine 3.21' },
        { name: 'default', description: 'Ubuntu', os: 'Linux', distro: 'Ubuntu 24.04', message: 'To use docker, run: docker context use lima-{{.Name}}' },
      ],
    },
  }));
  fake.handle('doctor', () => ({ ok: true, value: { checks: options.checks ?? [] } }));
  fake.handle('getTemplateText', ({ name }) => ({ ok: true, value: { text: name === 'default' ? DEFAULT : '# alpine\ncpus: 1\n' } }));
  fake.handle('validateConfig', ({ text }) => ({ ok: true, value: { issues: options.issues?.(text) ?? [] } }));
  const store = createAppStore(fake.api, { drafts: createDraftStorage(window.localStorage) });
  for (const name of options.existing ?? []) store.getState().receiveSummary(instanceSummary(name));
  const onCreated = vi.fn();
  render(
    <StoreContext.Provider value={store}>
      <CreatePage api={fake.api} onCreated={onCreated} onCancel={() => undefined} validateDelayMs={0} />
    </StoreContext.Provider>,
  );
  return { fake, onCreated };
}

function yamlView(): EditorView | undefined {
  const dom = screen.queryByTestId('create-yaml')?.querySelector<HTMLElement>('.cm-editor');
  return (dom && EditorView.findFromDOM(dom)) ?? undefined;
}
const yaml = () => yamlView()?.state.doc.toString() ?? '';
/** Types into the YAML pane as a user would. */
const typeYaml = (text: string) => act(() => yamlView()!.dispatch({ changes: { from: 0, to: yamlView()!.state.doc.length, insert: text }, userEvent: 'input.type' }));
const flashed = () => [...document.querySelectorAll('[data-testid="create-yaml"] .cm-line.limadesk-flash')].map((l) => l.textContent);
const command = () => screen.getByTestId('limactl-command').textContent ?? '';
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const problemsOf = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter((id) => id.endsWith('-problems'))
    .map((id) => document.getElementById(id)?.textContent)
    .join('');

describe('creating an instance', () => {
  it("shows each template's OS and the chosen one's description and message after start", async () => {
    setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    expect(within(screen.getByLabelText('Template')).getAllByRole('option').map((o) => o.textContent)).toEqual(['alpine — Alpine 3.21', 'default — Ubuntu 24.04']);
    const card = screen.getByRole('region', { name: 'default: Ubuntu 24.04' });
    expect(card.textContent).toContain('default · Ubuntu 24.04');
    expect(card.textContent).toContain('Ubuntu');
    expect(card.querySelector('pre')?.textContent).toBe('To use docker, run: docker context use lima-{{.Name}}');
    fireEvent.change(screen.getByLabelText('Template'), { target: { value: 'alpine' } });
    expect(await screen.findByRole('region', { name: 'alpine: Alpine 3.21' })).toBeTruthy();
  });

  it('says what a failing host check means for the new VM, with its fix', async () => {
    setup({ checks: [{ id: 'accel', title: 'Hardware acceleration (KVM)', ok: false, detail: '/dev/kvm does not exist', fix: 'sudo modprobe kvm_intel' }, { id: 'virtiofsd', title: 'virtiofsd (optional)', ok: false, detail: 'not found' }] });
    const warnings = await screen.findByRole('region', { name: 'Host problems' });
    expect(warnings.textContent).toBe('No hardware acceleration: VMs will be slow. /dev/kvm does not existFix: sudo modprobe kvm_intelOpen Doctor');
    expect(within(warnings).getByRole('link', { name: 'Open Doctor' }).getAttribute('href')).toBe('#/doctor');
    fireEvent.click(within(warnings).getByRole('button', { name: 'Dismiss: No hardware acceleration: VMs will be slow' }));
    expect(screen.queryByRole('region', { name: 'Host problems' })).toBeNull();
    window.sessionStorage.clear();
  });

  it('starts from the default template, named after it, with the command that does the same', async () => {
    setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    expect(field('Name').value).toBe('default');
    expect((screen.getByLabelText('Template') as HTMLSelectElement).value).toBe('default');
    expect(field('CPUs').value).toBe('4');
    expect(command()).toBe('limactl create --name=default template:default');
  });

  it('writes form edits into the YAML, keeping its comments, and into the command', async () => {
    setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    fireEvent.change(field('Name'), { target: { value: 'dev' } });
    fireEvent.change(field('CPUs'), { target: { value: '2' } });
    fireEvent.change(field('Disk'), { target: { value: '20GiB' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add mount' }));
    fireEvent.change(field('Mount 2 host directory'), { target: { value: '/src' } });
    fireEvent.click(field('Mount 2 writable'));
    fireEvent.click(screen.getByRole('button', { name: 'Add port forward' }));
    fireEvent.change(field('Port forward 1 host port'), { target: { value: '18080' } });
    expect(yaml()).toContain('# The default template');
    expect(yaml()).toContain('cpus: 2 # plenty');
    expect(yaml()).toMatch(/- location: "?\/src"?\n\s+writable: true/);
    expect(command()).toBe('limactl create --name=dev --cpus=2 --disk=20 --mount=/src:w --port-forward=18080:8080 template:default');
    // A field emptied to retype it does not take its mount away.
    fireEvent.change(field('Mount 2 host directory'), { target: { value: '' } });
    expect(field('Mount 2 host directory')).toBeTruthy();
    expect(problemsOf(field('Mount 2 host directory'))).toBe('Enter the host directory to share, e.g. ~/src.');
  });

  it('explains a bad name and bad values before anything is sent, and refuses to create', async () => {
    const { fake } = setup({ existing: ['dev'] });
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    fireEvent.change(field('Name'), { target: { value: 'my vm' } });
    expect(problemsOf(field('Name'))).toBe('A name may hold only letters, digits, ".", "_" and "-"; remove the space.');
    expect(field('Name').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(field('Name'), { target: { value: 'dev' } });
    expect(problemsOf(field('Name'))).toBe('An instance named dev already exists; choose another name.');
    fireEvent.change(field('Memory'), { target: { value: 'lots' } });
    expect(problemsOf(field('Memory'))).toBe('"lots" is not a size: write a number and a unit, e.g. 4GiB or 512MiB.');
    fireEvent.change(field('CPUs'), { target: { value: '0' } });
    expect(problemsOf(field('CPUs'))).toBe('CPUs must be a whole number of at least 1, not 0.');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByRole('alert').textContent).toBe('Not created: 3 problems to fix first, marked above.');
    expect(document.activeElement).toBe(field('Name'));
    expect(fake.calls.some((c) => c.method === 'createInstance')).toBe(false);
  });

  it("shows the validator's issues at the field they are about, and others below the form", async () => {
    setup({
      issues: (text) =>
        text.includes('cpus: 64')
          ? [
              { severity: 'error', field: 'cpus', message: 'field `cpus` must be at most 32 on this host', line: 6, col: 7 },
              { severity: 'error', field: 'images[0].location', message: 'cannot reach example.com', line: 3, col: 13 },
            ]
          : [{ severity: 'warning', field: 'mounts[0].location', message: 'field `mounts[0].location` refers to a non-existent directory' }],
    });
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    // A warning is said at its field without marking the value invalid.
    await waitFor(() => expect(problemsOf(field('Mount 1 host directory'))).toBe('Warning: field `mounts[0].location` refers to a non-existent directory'));
    expect(field('Mount 1 host directory').getAttribute('aria-invalid')).toBe('false');
    fireEvent.change(field('CPUs'), { target: { value: '64' } });
    await waitFor(() => expect(problemsOf(field('CPUs'))).toBe('field `cpus` must be at most 32 on this host'));
    expect(screen.getByRole('heading', { name: 'Other problems in the YAML' }).nextElementSibling?.textContent).toBe('images[0].location: cannot reach example.com (line 3, column 13)');
  });

  it('creates the instance from the YAML shown and hands it on', async () => {
    const { fake, onCreated } = setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    fireEvent.change(field('Name'), { target: { value: 'dev' } });
    await waitFor(() => expect(screen.getByText('Ready to create.')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(fake.calls.at(-1)).toEqual({ method: 'createInstance', params: { name: 'dev', text: DEFAULT } });
    expect((screen.getByRole('button', { name: 'Creating…' }) as HTMLButtonElement).disabled).toBe(true);
    const created = instanceSummary('dev');
    await act(async () => fake.release('createInstance', { ok: true, value: { instance: created, warnings: [] } }));
    expect(onCreated).toHaveBeenCalledWith(created, [], 'default');
  });

  it('says why the main side refused, keeping the form as it was', async () => {
    const { fake } = setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await act(async () =>
      fake.release('createInstance', { ok: false, code: 'invalid-config', message: 'lima.yaml is invalid', issues: [{ severity: 'error', field: 'memory', message: 'field `memory` is too small' }] }),
    );
    expect(screen.getByRole('alert').textContent).toBe('Not created: lima.yaml is invalid. Fix the problems marked above.');
    expect(problemsOf(field('Memory'))).toBe('field `memory` is too small');
    expect(yaml()).toBe(DEFAULT);
  });

  it('reads a local file instead, and names it as limactl would', async () => {
    setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    const file = new File(['# mine\ncpus: 1\nmemory: 1GiB\n'], 'My-Box.yaml', { type: 'application/yaml' });
    fireEvent.change(screen.getByLabelText('Local file'), { target: { files: [file] } });
    await waitFor(() => expect(yaml()).toBe('# mine\ncpus: 1\nmemory: 1GiB\n'));
    expect(field('Name').value).toBe('my-box');
    expect(command()).toBe('limactl create --name=my-box ./My-Box.yaml');
    fireEvent.change(field('Memory'), { target: { value: '2GiB' } });
    expect(command()).toBe('limactl create --name=my-box --memory=2 ./My-Box.yaml');
  });

  it('shows where a file that is not YAML breaks, and lets it be fixed in place', async () => {
    setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    fireEvent.change(screen.getByLabelText('Local file'), { target: { files: [new File(['# mine\ncpus: [1\n'], 'bad.yaml')] } });
    const alert = await waitFor(() => within(screen.getByRole('form')).getByRole('alert'));
    expect(alert.textContent).toMatch(/^This YAML does not parse\. Fix it in the YAML beside the form/);
    expect(screen.queryByLabelText('CPUs')).toBeNull();
    expect((screen.getByRole('button', { name: 'Create' }) as HTMLButtonElement).disabled).toBe(true);
    // The problem's place leads to it in the YAML.
    fireEvent.click(within(alert).getByRole('button', { name: /^Line \d+, column \d+$/ }));
    expect(flashed().length).toBeGreaterThan(0);
    // Fixed in the YAML pane, the form is back and the file's text is what gets created.
    typeYaml('# mine\ncpus: 1\n');
    await waitFor(() => expect(field('CPUs').value).toBe('1'));
    expect(screen.queryByText(/This YAML does not parse/)).toBeNull();
  });

  it('shows in the YAML which line a form edit changed', async () => {
    setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    fireEvent.change(field('Memory'), { target: { value: '8GiB' } });
    expect(flashed()).toEqual(['memory: 8GiB']);
  });

  it('keeps each word of the limactl line whole, breaking only between words', async () => {
    setup();
    await waitFor(() => expect(yaml()).toBe(DEFAULT));
    fireEvent.change(field('Memory'), { target: { value: '2GiB' } });
    const words = [...screen.getByTestId('limactl-command').querySelectorAll('.command-word')].map((w) => w.textContent);
    expect(words).toEqual(['limactl', 'create', '--name=default', '--memory=2', 'template:default']);
  });
});
