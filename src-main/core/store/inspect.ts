import { readdirSync } from 'node:fs';
import { platform } from 'node:os';
import path from 'node:path';
import { loadLimaYaml } from '../config/load';
import { parseByteSize } from '../config/units';
import type { ConfigIssue, FilledLimaYAML, LimaYAML as RawLimaYAML } from '../config/types';
import { ConfigDir, HostAgentPID, HostAgentSock, LimaVersion, LimaYAML, PIDFile, Protected, SSHConfig, UserPrivateKey } from './filenames';
import { fetchHostAgentInfo, type HostAgentInfo } from './hostagent-info';
import { brokenInstance, type Instance } from './instance';
import { formatIssue } from './issue-text';
import { goFieldsOf, renderMessage } from './message-template';
import { instanceDir } from './names';
import { readPidFile } from './pidfile';
import { readSmallFile } from './small-file';
import { sshPortFromConfigText } from './ssh-config';

export { formatIssue };

/** The config loader's contract (config/load.ts): load → defaults → validate, issues with positions. */
export type LoadConfig = (args: {
  file: string;
  /** The content when it is not (yet) in `file`. */
  text?: string;
  limaHome: string;
  instanceDir: string;
  /** The instance's lima-version file's content ('' without one), when the caller has read it already. */
  existingLimaVersion?: string;
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
  // One directory read says which of the files below exist: a long listing otherwise spends
  // most of its time on opens that fail (no protected, no pid files for a stopped instance).
  const present = await entriesOf(dir, inst.errors);
  inst.protected = present.has(Protected);
  inst.limaVersion = present.has(LimaVersion) ? readLimaVersion(path.join(dir, LimaVersion), inst.errors) : '';

  const config = present.has(LimaYAML)
    ? await loadConfig(dir, limaHome, { existingLimaVersion: inst.limaVersion }, inst.errors, deps.loadConfig ?? loadLimaYaml)
    : missingConfig(dir, inst.errors);
  if (!config) return inst;
  inst.config = config;
  inst.vmType = config.vmType || 'qemu';
  inst.arch = config.arch;
  inst.cpus = config.cpus;
  inst.memory = bytesOrZero(config.memory);
  inst.disk = bytesOrZero(config.disk);
  inst.sshLocalPort = config.ssh?.localPort ?? 0;

  let broken = false;
  const readPid = async (file: string): Promise<number> => {
    if (!present.has(file)) return 0;
    try {
      return await readPidFile(path.join(dir, file));
    } catch (err) {
      broken = true;
      inst.errors.push(errorText(err));
      return 0;
    }
  };
  inst.hostAgentPID = await readPid(HostAgentPID);
  if (inst.hostAgentPID !== 0) {
    const sock = path.join(dir, HostAgentSock);
    try {
      inst.sshLocalPort = (await (deps.hostAgentInfo ?? fetchHostAgentInfo)(sock)).sshLocalPort;
    } catch (err) {
      broken = true;
      inst.errors.push(`failed to get Info from ${JSON.stringify(sock)}: ${errorText(err)}`);
    }
  }
  if (inst.sshLocalPort === 0 && present.has(SSHConfig)) {
    // The port picked at start is only recorded in ssh.config; absent until the first start.
    try {
      inst.sshLocalPort = sshPortFromConfigText(readSmallFile(inst.sshConfigFile) ?? '', inst.sshConfigFile);
    } catch {
      // A half-written or hand-edited ssh.config: the port is unknown, which is no reason to fail the listing.
      inst.sshLocalPort = 0;
    }
  }
  inst.driverPID = await readPid(PIDFile(inst.vmType));
  if (!broken) inst.status = statusFromPids(inst);

  try {
    inst.message = renderMessage(config.message ?? '', () => {
      const fields = messageFields(inst, limaHome);
      return { ...fields, Param: config.param ?? {}, Instance: { ...fields, Config: goFieldsOf(config) } };
    });
  } catch (err) {
    inst.status = 'Broken';
    inst.errors.push(`message ${JSON.stringify(config.message ?? '')} is not a valid template: ${errorText(err)}`);
  }
  return inst;
}

/** The names in the instance directory; none (with the reason) when it cannot be read. */
async function entriesOf(dir: string, errors: string[]): Promise<Set<string>> {
  try {
    return new Set(readdirSync(dir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') errors.push(errorText(err));
    return new Set();
  }
}

function missingConfig(dir: string, errors: string[]): undefined {
  errors.push(`${path.join(dir, LimaYAML)} does not exist`);
  return undefined;
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
  known: { existingLimaVersion: string },
  errors: string[],
  load: LoadConfig,
): Promise<FilledLimaYAML | undefined> {
  const file = path.join(dir, LimaYAML);
  try {
    const text = readSmallFile(file);
    if (text === undefined) return missingConfig(dir, errors);
    const result = await load({ file, text, limaHome, instanceDir: dir, ...known });
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

function readLimaVersion(file: string, errors: string[]): string {
  try {
    return (readSmallFile(file) ?? '').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTDIR') errors.push(errorText(err));
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
