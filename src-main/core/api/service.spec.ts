import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from './service';

// The service as serve and the app build it, over a hand-made instance with a real qcow2 disk.
describe('the API service over the real core', () => {
  let home: string;
  let service: ApiService;

  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'limadesk-svc-'));
    const dir = path.join(home, 'vm1');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'lima.yaml'), 'images:\n- location: /nonexistent/x.img\n  arch: x86_64\n');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(dir, 'disk'), '64M']);
    service = await createApiService({ limaHome: home, agent: { nodePath: process.execPath, scriptPath: '/nonexistent/cli.cjs' }, env: {} });
  });

  afterAll(async () => {
    await service.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('takes, lists and deletes snapshots of a stopped instance with real qemu-img', async () => {
    expect(await service.dispatch('listSnapshots', { name: 'vm1' })).toEqual({ ok: true, value: { snapshots: [] } });
    expect(await service.dispatch('createSnapshot', { name: 'vm1', tag: 'before-upgrade' })).toEqual({ ok: true, value: {} });
    const listed = await service.dispatch('listSnapshots', { name: 'vm1' });
    expect(listed).toMatchObject({ ok: true, value: { snapshots: [{ tag: 'before-upgrade', vmStateSize: '0 B' }] } });
    if (listed.ok) expect((listed.value as { snapshots: { date: string }[] }).snapshots[0]!.date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(await service.dispatch('applySnapshot', { name: 'vm1', tag: 'before-upgrade' })).toEqual({ ok: true, value: {} });
    expect(await service.dispatch('deleteSnapshot', { name: 'vm1', tag: 'before-upgrade' })).toEqual({ ok: true, value: {} });
    expect(await service.dispatch('listSnapshots', { name: 'vm1' })).toEqual({ ok: true, value: { snapshots: [] } });
    const missing = await service.dispatch('applySnapshot', { name: 'vm1', tag: 'never-taken' });
    expect(missing).toMatchObject({ ok: false });
    if (!missing.ok) expect(missing.message).toContain('never-taken');
  });

  it('validates a lima.yaml text with positions', async () => {
    const result = await service.dispatch('validateConfig', { text: 'images:\n- location: /x.img\n  arch: x86_64\ncpus: -1\n' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const issues = (result.value as { issues: { severity: string; field: string; line?: number }[] }).issues;
    expect(issues.find((i) => i.severity === 'error')).toMatchObject({ field: 'cpus', line: 4 });
  });

  it('lists the bundled templates and reads one', async () => {
    const list = await service.dispatch('listTemplates', {});
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    const names = (list.value as { templates: { name: string }[] }).templates.map((t) => t.name);
    expect(names).toContain('default');
    const ubuntu = (list.value as { templates: Array<{ name: string; os?: string; distro?: string; description: string }> }).templates.find((t) => t.name === 'ubuntu');
    expect(ubuntu).toMatchObject({ os: 'Linux', distro: expect.stringMatching(/^Ubuntu \d+\.\d+/) });
    expect(ubuntu?.description).not.toBe('');
    const text = await service.dispatch('getTemplateText', { name: 'default' });
    expect(text).toMatchObject({ ok: true });
    expect(await service.dispatch('getTemplateText', { name: 'no-such-template' })).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('embeds base: before validating, and keeps problems of the text itself without a file', async () => {
    mkdirSync(path.join(home, 'vm1', 'parts'), { recursive: true });
    writeFileSync(path.join(home, 'vm1', 'parts', 'images.yaml'), 'images:\n- location: /x.img\n  arch: x86_64\n');
    // Relative to the instance named: its directory holds parts/images.yaml.
    const ok = await service.dispatch('validateConfig', { name: 'vm1', text: 'base: parts/images.yaml\ncpus: 2\n' });
    expect(ok).toMatchObject({ ok: true });
    if (ok.ok) expect((ok.value as { issues: { severity: string }[] }).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const bad = await service.dispatch('validateConfig', { name: 'vm1', text: 'base: parts/images.yaml\ncpus: -1\n' });
    if (!bad.ok) throw new Error(bad.message);
    const issues = (bad.value as { issues: { severity: string; field: string; file?: string; line?: number }[] }).issues;
    expect(issues.find((i) => i.severity === 'error')).toMatchObject({ field: 'cpus', line: 2 });
    expect(issues.find((i) => i.severity === 'error')?.file).toBeUndefined();
    // Without the base there are no images: the embedded result is what was validated.
    const alone = await service.dispatch('validateConfig', { name: 'vm1', text: 'cpus: 2\n' });
    if (!alone.ok) throw new Error(alone.message);
    expect((alone.value as { issues: { severity: string; field: string }[] }).issues).toContainEqual(expect.objectContaining({ severity: 'error', field: 'images' }));
  });

  it('lists no port forwards for a stopped instance', async () => {
    expect(await service.dispatch('listPortForwards', { name: 'vm1' })).toEqual({ ok: true, value: { forwards: [] } });
  });
});
