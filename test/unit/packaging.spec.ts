import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder.yml checked by electron-builder's own validation (the function its CLI
// runs on `--config`), offline: nothing here downloads Electron or builder tools.
const root = path.resolve(import.meta.dirname, '..', '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));

interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
}
// Not re-exported from the package index; this module is where the CLI itself imports it from.
const builderConfig = requireFromRoot('app-builder-lib/out/util/config/config') as BuilderConfigModule;
const { DebugLogger } = requireFromRoot('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

async function validate(overrides: unknown = null): Promise<void> {
  const config = await builderConfig.getConfig(root, 'electron-builder.yml', overrides);
  await builderConfig.validateConfiguration(config, new DebugLogger(false));
}

interface BuilderYaml {
  directories: { buildResources: string };
  files: string[];
  electronFuses: Record<string, boolean>;
  mac: { target: Array<{ target: string }>; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; icon: string };
  linux: { target: string[]; icon: string };
  win: { target: Array<{ target: string }>; icon: string };
}
const yaml = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderYaml;

function pngSize(buf: Buffer): [number, number] {
  expect(buf.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))).toBe(true);
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration validation", async () => {
    await expect(validate()).resolves.toBeUndefined();
  });

  it('and that validation is live: a misspelt option is refused', async () => {
    await expect(validate({ mac: { hardenedRuntim: true } })).rejects.toThrow(/Invalid configuration object/);
  });

  it('targets dmg with the hardened runtime on macOS, AppImage and deb on Linux, nsis on Windows', () => {
    expect(yaml.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(yaml.mac.hardenedRuntime).toBe(true);
    expect(yaml.linux.target).toEqual(['AppImage', 'deb']);
    expect(yaml.win.target.map((t) => t.target)).toEqual(['nsis']);
  });

  it('ships the bundles the host agent runs from, and keeps Electron-as-Node for it', () => {
    expect(yaml.files).toContain('out/**');
    expect(yaml.electronFuses.runAsNode).toBe(true);
    expect(yaml.electronFuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(yaml.electronFuses.enableNodeCliInspectArguments).toBe(false);
  });
});

describe('macOS entitlements', () => {
  const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

  it('are plists that let V8 JIT under the hardened runtime, and nothing more', () => {
    for (const file of [yaml.mac.entitlements, yaml.mac.entitlementsInherit]) {
      const text = read(file);
      expect(text).toMatch(/^<\?xml version="1\.0"/);
      expect(text).toContain('<plist version="1.0">');
      const keys = [...text.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
      expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
      // The app spawns QEMU and the host agent: an App Sandbox would forbid that.
      expect(text).not.toContain('com.apple.security.app-sandbox');
      // The hypervisor entitlement belongs on QEMU's binary, which the app signs at runtime (lima-reference §1.6).
      expect(text).not.toContain('com.apple.security.hypervisor');
    }
  });
});

describe('icons', () => {
  it('macOS: an icns with PNG images up to 512x512', () => {
    const icns = readFileSync(path.join(root, yaml.mac.icon));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Map<string, number>();
    for (let p = 8; p < icns.length; ) {
      const type = icns.toString('latin1', p, p + 4);
      const len = icns.readUInt32BE(p + 4);
      types.set(type, pngSize(icns.subarray(p + 8, p + len))[0]);
      p += len;
    }
    expect(types.get('ic09')).toBe(512);
    expect(types.get('ic08')).toBe(256);
    expect(types.get('ic07')).toBe(128);
  });

  it('Windows: an ico with a 256x256 image (nsis and the taskbar need it)', () => {
    const ico = readFileSync(path.join(root, yaml.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const [w] = pngSize(ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8)));
      expect(ico[entry] === 0 ? 256 : ico[entry]).toBe(w);
      sizes.push(w);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('Linux: one PNG per size, each as large as its name says', () => {
    const dir = path.join(root, yaml.linux.icon);
    const names = readdirSync(dir).filter((n) => n.endsWith('.png'));
    expect(names.map((n) => Number(n.split('x')[0])).sort((a, b) => a - b)).toEqual([16, 32, 48, 64, 128, 256, 512]);
    for (const name of names) {
      const n = Number(name.split('x')[0]);
      expect(pngSize(readFileSync(path.join(dir, name))), name).toEqual([n, n]);
    }
  });

  it('the window and tray images the app loads at runtime exist', () => {
    expect(pngSize(readFileSync(path.join(root, yaml.directories.buildResources, 'icon.png')))).toEqual([512, 512]);
    for (const [file, size] of [['assets/icons/icon.png', 512], ['assets/icons/trayTemplate.png', 16], ['assets/icons/trayTemplate@2x.png', 32]] as const) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
      expect(pngSize(readFileSync(path.join(root, file)))).toEqual([size, size]);
    }
  });
});
