import { lstat, readFile } from 'node:fs/promises';
import { platform } from 'node:os';
import path from 'node:path';
import { loadLimaYaml } from '../config/load';
import { parseByteSize } from '../config/units';
import type { ConfigIssue, FilledLimaYAML, LimaYAML as RawLimaYAML } from '../config/types';
import { ConfigDir, HostAgentPID, HostAgentSock, LimaVersion, LimaYAML, PIDFile, Protected, UserPrivateKey } from './filenames';
import { fetchHostAgentInfo, type HostAgentInfo } from './hostagent-info';
import { brokenInstance, type Instance } from './instance';
import { formatIssue } from './issue-text';
import { goFieldsOf, renderMessage } from './message-template';
import { instanceDir } from './names';
import { readPidFile } from './pidfile';
import { sshPortFromConfig } from './ssh-config';

export { formatIssue };

/** The config loader's contract (config/load.ts): load → defaults → validate, issues with positions. */
export type LoadConfig = (args: {
  file: string;
  /** The content when it is not (yet) in `file`. */
  text?: string;
  limaHome: string;
  instanceDir: string;
}) => Promise<{ config?: FilledLimaYAML; raw: RawLimaYAML; issues: ConfigIssue[] }>;

/** What inspection needs from the outside; tests replace parts of it. */
export interface InspectDeps {
  loadConfig?: LoadConfig;
  hostAgentInfo?: (socketPath: string) => Promise<HostAgentInfo>;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function bytesOrZero(size: string | undefined): number {
  if (size === undefined) return 0;
  try {
    const n = parseByteSize(size);
    return Number.isFinite(n) ? n : 0;
  } catch {
    // Lima shows 0B for a size it cannot parse rather than failing the whole listing.
    return 0;
  }
}

const HOST_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', arm: 'armv7l', riscv64: 'riscv64', s390x: 's390x', ppc64: 'ppc64le' };

/**
 * Inspects `$LIMA_HOME/<name>` following Lima's status rules (pid files, `ha.sock`,
 * `ssh.config`). It never throws for what it finds on disk: a missing, half-written or
 * invalid instance comes back Broken with the reasons in `errors`. Only an invalid name
 * throws, because no directory may be derived from it.
 */
export async function inspectInstance(limaHome: string, name: string, deps: InspectDeps = {}): Promise<Instance> {
  const dir = instanceDir(limaHome, name);
  const inst = brokenInstance(name, dir);
  inst.protected = await pathExists(path.join(dir, Protected), inst.errors);
  inst.limaVersion = await readLimaVersion(path.join(dir, LimaVersion), inst.errors);

  const config = await loadConfig(dir, limaHome, inst.errors, deps.loadConfig ?? loadLimaYaml);
  if (!config) return inst;
  inst.config = config;
  inst.vmType = config.vmType || 'qemu';
  inst.arch = config.arch;
  inst.cpus = config.cpus;
  inst.memory = bytesOrZero(config.memory);
  inst.disk = bytesOrZero(config.disk);
  inst.sshLocalPort = config.ssh?.localPort ?? 0;

  let broken = false;
  try {
    inst.hostAgentPID = await readPidFile(path.join(dir, HostAgentPID));
  } catch (err) {
    broken = true;
    inst.errors.push(errorText(err));
  }
  if (inst.hostAgentPID !== 0) {
    const sock = path.join(dir, HostAgentSock);
    try {
      inst.sshLocalPort = (await (deps.hostAgentInfo ?? fetchHostAgentInfo)(sock)).sshLocalPort;
    } catch (err) {
      broken = true;
      inst.errors.push(`failed to get Info from ${JSON.stringify(sock)}: ${errorText(err)}`);
    }
  }
  if (inst.sshLocalPort === 0) {
    // The port picked at start is only recorded in ssh.config; absent until the first start.
    inst.sshLocalPort = await sshPortFromConfig(inst.sshConfigFile).catch(() => 0);
  }
  try {
    inst.driverPID = await readPidFile(path.join(dir, PIDFile(inst.vmType)));
  } catch (err) {
    broken = true;
    inst.errors.push(errorText(err));
  }
  if (!broken) inst.status = statusFromPids(inst);

  try {
    const fields = messageFields(inst, limaHome);
    inst.message = renderMessage(config.message ?? '', { ...fields, Param: config.param ?? {}, Instance: { ...fields, Config: goFieldsOf(config) } });
  } catch (err) {
    inst.status = 'Broken';
    inst.errors.push(`message ${JSON.stringify(config.message ?? '')} is not a valid template: ${errorText(err)}`);
  }
  return inst;
}

function statusFromPids(inst: Instance): Instance['status'] {
  if (inst.hostAgentPID > 0 && inst.driverPID > 0) return 'Running';
  if (inst.hostAgentPID === 0 && inst.driverPID === 0) return 'Stopped';
  if (inst.hostAgentPID > 0) {
    inst.errors.push('host agent is running but driver is not');
  } else {
    inst.errors.push(`${inst.vmType} driver is running but host agent is not`);
  }
  return 'Broken';
}

async function loadConfig(
  dir: string,
  limaHome: string,
  errors: string[],
  load: LoadConfig,
): Promise<FilledLimaYAML | undefined> {
  const file = path.join(dir, LimaYAML);
  if (!(await pathExists(file, errors))) {
    errors.push(`${file} does not exist`);
    return undefined;
  }
  try {
    const result = await load({ file, limaHome, instanceDir: dir });
    const problems = result.issues.filter((i) => i.severity === 'error');
    if (problems.length > 0) {
      errors.push(...problems.map((i) => formatIssue({ ...i, file: i.file ?? file })));
      return undefined;
    }
    if (!result.config) {
      errors.push(`${file}: cannot be loaded`);
      return undefined;
    }
    return result.config;
  } catch (err) {
    errors.push(`${file}: ${errorText(err)}`);
    return undefined;
  }
}

async function pathExists(file: string, errors: string[]): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') errors.push(errorText(err));
    return false;
  }
}

async function readLimaVersion(file: string, errors: string[]): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') errors.push(errorText(err));
    return '';
  }
}

/** The names Lima's message templates may use (`{{.Dir}}`, `{{.SSHLocalPort}}`, …). */
function messageFields(inst: Instance, limaHome: string): Record<string, string | number | boolean> {
  return {
    Name: inst.name,
    Hostname: inst.hostname,
    Status: inst.status,
    Dir: inst.dir,
    VMType: inst.vmType,
    Arch: inst.arch,
    CPUs: inst.cpus,
    Memory: inst.memory,
    Disk: inst.disk,
    SSHLocalPort: inst.sshLocalPort,
    SSHAddress: inst.sshAddress,
    SSHConfigFile: inst.sshConfigFile,
    HostAgentPID: inst.hostAgentPID,
    DriverPID: inst.driverPID,
    Protected: inst.protected,
    LimaVersion: inst.limaVersion,
    HostOS: platform(),
    HostArch: HOST_ARCH[process.arch] ?? process.arch,
    LimaHome: limaHome,
    IdentityFile: path.join(limaHome, ConfigDir, UserPrivateKey),
  };
}
