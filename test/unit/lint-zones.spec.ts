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
    expect(await restrictedImports('src-main/serve/x.ts', "import { app } from 'electron';\nexport const b = app;\n")).toHaveLength(1);
  });

  it('lets the renderer import only types from common (and the name rule) and nothing else of main', async () => {
    expect(await restrictedImports('src-renderer/x.ts', "import type { Logger } from '../src-main/common/logger';\nexport type B = Logger;\n")).toHaveLength(0);
    expect(await restrictedImports('src-renderer/x.ts', "import { silentLogger } from '../src-main/common/logger';\nexport const b = silentLogger;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/x.ts', "import { instanceNameProblem } from '../src-main/common/instance-name';\nexport const b = instanceNameProblem;\n")).toHaveLength(0);
    expect(await restrictedImports('src-renderer/x.ts', "import { runCli } from '../src-main/cli/run';\nexport const b = runCli;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/x.ts', "import { a } from '../src-main/core/api/service';\nexport const b = a;\n")).toHaveLength(1);
  });

  it('keeps the preload to common', async () => {
    expect(await restrictedImports('src-preload/x.ts', "import { runCli } from '../src-main/cli/run';\nexport const b = runCli;\n")).toHaveLength(1);
  });

  it("orders core's folders in floors: each imports only from the floors below it", async () => {
    const imports = (file: string, from: string) => restrictedImports(file, `import { a } from '${from}';\nexport const b = a;\n`);
    // Downward is fine.
    expect(await imports('src-main/core/api/x.ts', '../instances/catalog')).toHaveLength(0);
    expect(await imports('src-main/core/instances/x.ts', '../hostagent/spawn')).toHaveLength(0);
    expect(await imports('src-main/core/hostagent/x.ts', '../store/filenames')).toHaveLength(0);
    // Upward, and sideways on one floor, are not.
    expect((await imports('src-main/core/config/x.ts', '../store/inspect')).join()).toMatch(/floor 1/);
    expect(await imports('src-main/core/store/x.ts', '../qmp/client')).toHaveLength(1);
    expect(await imports('src-main/core/driver/qemu/x.ts', '../../hostagent/agent')).toHaveLength(1);
    expect(await imports('src-main/core/doctor/x.ts', '../instances/catalog')).toHaveLength(1);
    expect(await imports('src-main/core/terminal/x.ts', '../api/service')).toHaveLength(1);
    // _disks stand beside the host agent: below the instance domain, above the drivers.
    expect(await imports('src-main/core/instances/x.ts', '../disks/disk-store')).toHaveLength(0);
    expect(await imports('src-main/core/disks/x.ts', '../driver/registry')).toHaveLength(0);
    expect(await imports('src-main/core/disks/x.ts', '../instances/catalog')).toHaveLength(1);
    expect(await imports('src-main/core/driver/x.ts', '../disks/disk-store')).toHaveLength(1);
    // store/filenames is a leaf that config may read.
    expect(await imports('src-main/core/config/x.ts', '../store/filenames')).toHaveLength(0);
    // core never imports a door.
    expect(await imports('src-main/core/api/x.ts', '../../cli/run')).toHaveLength(1);
  });

  it('lets the three doors import core/api and common only, and never each other', async () => {
    const imports = (file: string, from: string) => restrictedImports(file, `import { a } from '${from}';\nexport const b = a;\n`);
    for (const door of ['cli', 'serve', 'electron']) {
      expect(await imports(`src-main/${door}/x.ts`, '../core/api/service')).toHaveLength(0);
      expect(await imports(`src-main/${door}/x.ts`, '../common/api')).toHaveLength(0);
      expect(await imports(`src-main/${door}/x.ts`, '../core/instances/catalog')).toHaveLength(1);
      expect(await imports(`src-main/${door}/x.ts`, '../core/store/names')).toHaveLength(1);
    }
    expect(await imports('src-main/cli/commands/x.ts', '../../serve/server')).toHaveLength(1);
    expect(await imports('src-main/serve/x.ts', '../cli/run')).toHaveLength(1);
    expect(await imports('src-main/electron/x.ts', '../serve/server')).toHaveLength(1);
    // The program that assembles them may.
    expect(await imports('src-main/cli-entry.ts', './serve/serve-command')).toHaveLength(0);
  });
});
