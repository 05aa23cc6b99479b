import { execFile } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-write';
import { pathExists } from '../store/path-exists';

/**
 * `limactl start-at-login NAME [--enabled=false]`: a systemd user unit on Linux and a launchd
 * agent on macOS, at the paths and under the names Lima uses (so one instance has one entry,
 * whichever tool made it). The command they run is this program's `start`. Lima's unit runs
 * `limactl start --foreground`; `limadesk start` returns once the VM runs and leaves its host
 * agent behind, so the unit is of type forking and follows the agent through ha.pid.
 */

/** How the entry runs this program: the executable, its script, and what it needs in its environment. */
export interface LoginCommand {
  nodePath: string;
  scriptPath: string;
  limaHome: string;
  /** Electron's own binary must be told to behave as Node. */
  electronAsNode?: boolean;
}

export function systemdUnitName(name: string): string {
  return `lima-vm@${name}.service`;
}

export function systemdUnitPath(name: string, env: NodeJS.ProcessEnv): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), '.config');
  return path.join(configHome, 'systemd', 'user', systemdUnitName(name));
}

export function launchdLabel(name: string): string {
  return `io.lima-vm.autostart.${name}`;
}

export function launchdPlistPath(name: string, env: NodeJS.ProcessEnv): string {
  return path.join(env.HOME || homedir(), 'Library', 'LaunchAgents', `${launchdLabel(name)}.plist`);
}

/** systemd's quoting of one ExecStart word: double quotes, with `\`, `"` and `%` escaped. */
function systemdWord(word: string): string {
  if (/[\r\n]/.test(word)) throw new Error(`a path in the unit may not contain a line break: ${JSON.stringify(word)}`);
  const escaped = word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%');
  return /^[A-Za-z0-9_@+=:,./-]+$/.test(word) ? escaped : `"${escaped}"`;
}

export function renderSystemdUnit(name: string, command: LoginCommand): string {
  const env = [`Environment=${systemdWord(`LIMA_HOME=${command.limaHome}`)}`];
  if (command.electronAsNode) env.push('Environment=ELECTRON_RUN_AS_NODE=1');
  return [
    '[Unit]',
    'Description=Lima - Linux virtual machines, with a focus on running containers.',
    'Documentation=man:lima(1)',
    '',
    '[Service]',
    ...env,
    `ExecStart=${systemdWord(command.nodePath)} ${systemdWord(command.scriptPath)} start %i`,
    'WorkingDirectory=%h',
    'Type=forking',
    // A path setting: no quotes, only `%` escaped, so that %i still names the instance.
    `PIDFile=${path.join(command.limaHome.replace(/%/g, '%%'), '%i', 'ha.pid')}`,
    // Starting may download an image first; stopping gives the guest Lima's three minutes.
    'TimeoutStartSec=600',
    'TimeoutStopSec=200',
    'Restart=on-failure',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderLaunchdPlist(name: string, instanceDir: string, command: LoginCommand): string {
  const strings = (values: string[]): string => values.map((v) => `\t\t<string>${xml(v)}</string>`).join('\n');
  const environment = [['LIMA_HOME', command.limaHome], ...(command.electronAsNode ? [['ELECTRON_RUN_AS_NODE', '1']] : [])];
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>Label</key>
\t<string>${xml(launchdLabel(name))}</string>
\t<key>ProgramArguments</key>
\t<array>
${strings([command.nodePath, command.scriptPath, 'start', name])}
\t</array>
\t<key>EnvironmentVariables</key>
\t<dict>
${environment.map(([k, v]) => `\t\t<key>${k}</key>\n\t\t<string>${xml(v!)}</string>`).join('\n')}
\t</dict>
\t<key>RunAtLoad</key>
\t<true/>
\t<key>AbandonProcessGroup</key>
\t<true/>
\t<key>StandardErrorPath</key>
\t<string>launchd.stderr.log</string>
\t<key>StandardOutPath</key>
\t<string>launchd.stdout.log</string>
\t<key>WorkingDirectory</key>
\t<string>${xml(instanceDir)}</string>
\t<key>ProcessType</key>
\t<string>Background</string>
</dict>
</plist>
`;
}

/** Runs systemctl or launchctl; a missing manager is not an error (the file is what Lima checks). */
export type ServiceManagerRunner = (program: string, args: string[]) => Promise<{ ok: boolean; output: string }>;

export const execServiceManager: ServiceManagerRunner = (program, args) =>
  new Promise((resolve) => {
    execFile(program, args, { timeout: 30_000 }, (err, stdout, stderr) => resolve({ ok: !err, output: `${String(stdout)}${String(stderr)}`.trim() || (err?.message ?? '') }));
  });

export interface StartAtLoginDeps {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  run?: ServiceManagerRunner;
  /** Whether systemd runs this session (go-systemd's test: /run/systemd/system exists). */
  systemdRunning?: () => Promise<boolean>;
}

export interface StartAtLoginState {
  enabled: boolean;
  /** The unit or plist file. */
  file: string;
  /** What happened beyond writing the file (the service manager's answer, or why it was not asked). */
  message?: string;
}

function entryFile(name: string, deps: StartAtLoginDeps): string {
  const platform = deps.platform ?? process.platform;
  const env = deps.env ?? process.env;
  if (platform === 'linux') return systemdUnitPath(name, env);
  if (platform === 'darwin') return launchdPlistPath(name, env);
  throw new Error(`start at login is not supported on ${platform}`);
}

export async function startAtLoginState(name: string, deps: StartAtLoginDeps = {}): Promise<StartAtLoginState> {
  const file = entryFile(name, deps);
  return { enabled: await pathExists(file), file };
}

const systemdIsRunning = (): Promise<boolean> => stat('/run/systemd/system').then((s) => s.isDirectory(), () => false);

/** Writes (or removes) the entry, then tells the service manager, as Lima does (`systemctl --user enable`). */
export async function setStartAtLogin(name: string, instanceDir: string, enabled: boolean, command: LoginCommand, deps: StartAtLoginDeps = {}): Promise<StartAtLoginState> {
  const platform = deps.platform ?? process.platform;
  const run = deps.run ?? execServiceManager;
  const file = entryFile(name, deps);
  const messages: string[] = [];
  if (platform === 'linux') {
    const managed = await (deps.systemdRunning ?? systemdIsRunning)();
    if (enabled) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, renderSystemdUnit(name, command), 0o644);
    }
    if (managed) {
      if (enabled) await run('systemctl', ['--user', 'daemon-reload']);
      const answer = await run('systemctl', ['--user', enabled ? 'enable' : 'disable', systemdUnitName(name)]);
      if (!answer.ok) messages.push(`systemctl --user ${enabled ? 'enable' : 'disable'} failed: ${answer.output}`);
    } else {
      messages.push(`systemd does not run this session: the unit is ${enabled ? 'written' : 'removed'}, but nothing was ${enabled ? 'enabled' : 'disabled'}`);
    }
    if (!enabled) await rm(file, { force: true });
  } else {
    const target = `gui/${process.getuid?.() ?? 0}/${launchdLabel(name)}`;
    if (enabled) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, renderLaunchdPlist(name, instanceDir, command), 0o644);
      const answer = await run('launchctl', ['enable', target]);
      if (!answer.ok) messages.push(`launchctl enable failed: ${answer.output}`);
    } else {
      const answer = await run('launchctl', ['disable', target]);
      if (!answer.ok) messages.push(`launchctl disable failed: ${answer.output}`);
      await rm(file, { force: true });
    }
  }
  return { enabled, file, ...(messages.length > 0 ? { message: messages.join('; ') } : {}) };
}
