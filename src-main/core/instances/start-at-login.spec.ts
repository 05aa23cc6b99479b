import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir';
import { renderLaunchdPlist, renderSystemdUnit, setStartAtLogin, startAtLoginState, systemdUnitPath } from './start-at-login';

let dir: string;
useTempDir('login-', (d) => (dir = d));

const command = { nodePath: '/usr/bin/node', scriptPath: '/opt/limadesk/bin/limadesk.cjs', limaHome: '/home/u/.lima' };

describe('the systemd user unit', () => {
  it('is Lima\'s lima-vm@NAME.service, starting the instance through this program and following its host agent', () => {
    expect(renderSystemdUnit('default', command)).toBe(`[Unit]
Description=Lima - Linux virtual machines, with a focus on running containers.
Documentation=man:lima(1)

[Service]
Environment=LIMA_HOME=/home/u/.lima
ExecStart=/usr/bin/node /opt/limadesk/bin/limadesk.cjs start %i
WorkingDirectory=%h
Type=forking
PIDFile=/home/u/.lima/%i/ha.pid
TimeoutStartSec=600
TimeoutStopSec=200
Restart=on-failure

[Install]
WantedBy=default.target
`);
    expect(systemdUnitPath('default', { HOME: '/home/u' })).toBe('/home/u/.config/systemd/user/lima-vm@default.service');
    expect(systemdUnitPath('default', { HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/systemd/user/lima-vm@default.service');
  });

  it('quotes paths with spaces and escapes %, and runs Electron as Node', () => {
    const unit = renderSystemdUnit('vm', { nodePath: '/Apps/Lima desk/limadesk', scriptPath: '/Apps/Lima desk/app.cjs', limaHome: '/home/u/50% full', electronAsNode: true });
    expect(unit).toContain('Environment="LIMA_HOME=/home/u/50%% full"\nEnvironment=ELECTRON_RUN_AS_NODE=1\n');
    expect(unit).toContain('ExecStart="/Apps/Lima desk/limadesk" "/Apps/Lima desk/app.cjs" start %i\n');
    expect(unit).toContain('PIDFile=/home/u/50%% full/%i/ha.pid\n');
  });

  it('is written, enabled and removed without needing systemd to run', async () => {
    const env = { HOME: dir };
    const calls: string[][] = [];
    const deps = { platform: 'linux' as const, env, systemdRunning: async () => false, run: async (p: string, a: string[]) => (calls.push([p, ...a]), { ok: true, output: '' }) };
    const on = await setStartAtLogin('vm', path.join(dir, '.lima', 'vm'), true, command, deps);
    expect(on).toMatchObject({ enabled: true, file: path.join(dir, '.config/systemd/user/lima-vm@vm.service') });
    expect(on.message).toMatch(/systemd does not run this session/);
    expect(await readFile(on.file, 'utf8')).toBe(renderSystemdUnit('vm', command));
    expect(await startAtLoginState('vm', deps)).toEqual({ enabled: true, file: on.file });
    expect(calls).toEqual([]);

    const managed = { ...deps, systemdRunning: async () => true };
    await setStartAtLogin('vm', path.join(dir, '.lima', 'vm'), false, command, managed);
    expect(calls).toEqual([['systemctl', '--user', 'disable', 'lima-vm@vm.service']]);
    expect(await startAtLoginState('vm', deps)).toEqual({ enabled: false, file: on.file });
  });
});

describe('the launchd agent', () => {
  it('is Lima\'s io.lima-vm.autostart.NAME plist, with LIMA_HOME set', () => {
    const plist = renderLaunchdPlist('vm', '/Users/u/.lima/vm', command);
    expect(plist).toContain('<string>io.lima-vm.autostart.vm</string>');
    expect(plist).toContain('\t\t<string>/usr/bin/node</string>\n\t\t<string>/opt/limadesk/bin/limadesk.cjs</string>\n\t\t<string>start</string>\n\t\t<string>vm</string>\n');
    expect(plist).toContain('<key>LIMA_HOME</key>\n\t\t<string>/home/u/.lima</string>');
    expect(plist).toContain('<key>WorkingDirectory</key>\n\t<string>/Users/u/.lima/vm</string>');
  });
});
