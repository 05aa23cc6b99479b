import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The design's dependency rules live in eslint.config.js; these cases prove each zone bites
// (and that the allowed imports stay allowed), so a config edit cannot silently drop a rule.
const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('dependency rules enforced by lint', () => {
  it('keeps common free of everything outside itself', async () => {
    expect(await restrictedImports('src-main/common/x.ts', "import { a } from '../core/config/types';\nexport const b = a;\n")).toHaveLength(1);
    expect(await restrictedImports('src-main/common/x.ts', "import fs from 'node:fs';\nexport const b = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('src-main/common/x.ts', "import type { Logger } from './logger';\nexport type B = Logger;\n")).toHaveLength(0);
  });

  it('forbids electron in core', async () => {
    const messages = await restrictedImports('src-main/core/store/x.ts', "import { app } from 'electron';\nexport const b = app;\n");
    expect(messages.join()).toMatch(/electron/);
  });

  it('keeps QEMU specifics behind the driver registry', async () => {
    const code = "import { a } from '../driver/qemu/argv';\nexport const b = a;\n";
    expect(await restrictedImports('src-main/core/instances/x.ts', code)).toHaveLength(1);
    expect(await restrictedImports('src-main/core/driver/registry.ts', "import { a } from './qemu/argv';\nexport const b = a;\n")).toHaveLength(0);
  });

  it('keeps VM logic out of electron/', async () => {
    expect(await restrictedImports('src-main/electron/x.ts', "import { a } from '../core/qmp/client';\nexport const b = a;\n")).toHaveLength(1);
  });

  it('lets the renderer import only types from common and nothing else of main', async () => {
    expect(await restrictedImports('src-renderer/x.ts', "import type { Logger } from '../src-main/common/logger';\nexport type B = Logger;\n")).toHaveLength(0);
    expect(await restrictedImports('src-renderer/x.ts', "import { silentLogger } from '../src-main/common/logger';\nexport const b = silentLogger;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/x.ts', "import { runCli } from '../src-main/core/cli/run';\nexport const b = runCli;\n")).toHaveLength(1);
  });

  it('keeps the preload to common', async () => {
    expect(await restrictedImports('src-preload/x.ts', "import { runCli } from '../src-main/core/cli/run';\nexport const b = runCli;\n")).toHaveLength(1);
  });
});
