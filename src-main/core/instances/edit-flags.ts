import { isIP } from 'node:net';
import path from 'node:path';

/**
 * The flags `limactl edit`, `clone`, `rename` and `restart` share (Lima's RegisterEdit), each
 * turned into the yq expression Lima makes of it, in Lima's order. `set` are expressions as
 * given. The result goes through the same yq evaluation as `--set`.
 */
export interface EditFlags {
  cpus?: number;
  dns?: string[];
  /** GiB, as Lima's --memory (a float). */
  memory?: number;
  mount?: string[];
  mountOnly?: string[];
  mountNone?: boolean;
  mountType?: string;
  vmType?: string;
  mountInotify?: boolean;
  mountWritable?: boolean;
  network?: string[];
  nestedVirt?: boolean;
  rosetta?: boolean;
  set?: string[];
  param?: string[];
  video?: boolean;
  sshPort?: number;
  /** GiB, as Lima's --disk (a float). */
  disk?: number;
  shell?: string;
}

export class EditFlagError extends Error {
  constructor(flag: string, message: string) {
    super(`error while processing flag \`${flag}\`: ${message}`);
    this.name = 'EditFlagError';
  }
}

export interface EditFlagContext {
  homeDir: string;
  cwd: string;
  /** The `param:` keys of the lima.yaml being edited; --param may only set those. */
  params?: Readonly<Record<string, string>>;
}

/** `~`, `~/x` and relative paths, as Lima's localpathutil.Expand makes them absolute. */
export function expandLocalPath(location: string, ctx: Pick<EditFlagContext, 'homeDir' | 'cwd'>): string {
  if (location === '~') return ctx.homeDir;
  if (location.startsWith('~/')) return path.join(ctx.homeDir, location.slice(2));
  return path.resolve(ctx.cwd, location);
}

function mountList(specs: readonly string[], ctx: EditFlagContext): string {
  const mounts = specs.map((spec) => {
    const writable = spec.endsWith(':w');
    const location = expandLocalPath(writable ? spec.slice(0, -2) : spec, ctx);
    return `{"location": ${JSON.stringify(location)}, "mountPoint": ${JSON.stringify(location)}, "writable": ${writable}}`;
  });
  return `[${mounts.join(',')}]`;
}

/** Go's %v of a float32 flag value: 2 → "2", 1.5 → "1.5". */
const gib = (flag: string, value: number): string => {
  if (!Number.isFinite(value) || value <= 0) throw new EditFlagError(flag, `must be a number of GiB above 0, got ${value}`);
  return String(value);
};

export function editFlagExpressions(flags: EditFlags, ctx: EditFlagContext): { expressions: string[]; warnings: string[] } {
  const expressions: string[] = [];
  const warnings: string[] = [];
  if (flags.cpus !== undefined) {
    if (!Number.isInteger(flags.cpus) || flags.cpus < 0) throw new EditFlagError('cpus', 'invalid value for number of cpus, must be >= 0');
    expressions.push(`.cpus = ${flags.cpus}`);
  }
  if (flags.dns !== undefined && flags.dns.length > 0) {
    for (const ip of flags.dns) if (isIP(ip) === 0) throw new EditFlagError('dns', `${JSON.stringify(ip)} is not an IP address`);
    expressions.push(`.dns += [${flags.dns.map((ip) => JSON.stringify(ip)).join(',')}] | .dns |= unique | .hostResolver.enabled=false`);
    warnings.push(`Disabling HostResolver, as custom DNS addresses (${flags.dns.join(' ')}) are specified`);
  }
  if (flags.memory !== undefined) expressions.push(`.memory = "${gib('memory', flags.memory)}GiB"`);
  if (flags.mount !== undefined && flags.mount.length > 0) {
    if ((flags.mountOnly ?? []).length > 0) throw new EditFlagError('mount', 'flag `--mount` conflicts with `--mount-only`');
    // Lima reverses the list, then prepends it: mount options take precedence over the template.
    expressions.push(`.mounts = ${mountList([...flags.mount].reverse(), ctx)} + .mounts`);
  }
  if (flags.mountOnly !== undefined && flags.mountOnly.length > 0) expressions.push(`.mounts = ${mountList(flags.mountOnly, ctx)}`);
  if (flags.mountNone) {
    for (const [name, list] of [['mount', flags.mount], ['mount-only', flags.mountOnly]] as const) {
      if ((list ?? []).length > 0) throw new EditFlagError('mount-none', `flag \`--mount-none\` conflicts with \`${name}\``);
    }
    expressions.push('.mounts = null');
  }
  if (flags.mountType !== undefined) expressions.push(`.mountType = ${JSON.stringify(flags.mountType)}`);
  if (flags.vmType !== undefined) expressions.push(`.vmType = ${JSON.stringify(flags.vmType)}`);
  if (flags.mountInotify !== undefined) {
    warnings.push('`--mount-inotify` is experimental');
    expressions.push(`.mountInotify = ${flags.mountInotify}`);
  }
  if (flags.mountWritable !== undefined) expressions.push(`.mounts[].writable = ${flags.mountWritable}`);
  if (flags.network !== undefined && flags.network.length > 0) {
    const networks = flags.network.map((n) => {
      if (n === 'vzNAT') return '{"vzNAT": true}';
      if (n.startsWith('lima:')) return `{"lima": ${JSON.stringify(n.slice('lima:'.length))}}`;
      throw new EditFlagError('network', `network name must be \`vzNAT\` or \`lima:*\`, got \`${n}\``);
    });
    expressions.push(`.networks += [${networks.join(',')}] | .networks |= unique_by(.lima)`);
  }
  if (flags.nestedVirt !== undefined) expressions.push(`.nestedVirtualization = ${flags.nestedVirt}`);
  if (flags.rosetta !== undefined) expressions.push(`.vmOpts.vz.rosetta.enabled = ${flags.rosetta} | .vmOpts.vz.rosetta.binfmt = ${flags.rosetta}`);
  expressions.push(...(flags.set ?? []));
  for (const param of flags.param ?? []) {
    const eq = param.indexOf('=');
    if (eq < 0) throw new EditFlagError('param', `invalid parameter \`${param}\`, expected NAME=VALUE`);
    const key = param.slice(0, eq);
    if (!ctx.params || !Object.hasOwn(ctx.params, key)) throw new EditFlagError('param', `template does not define param \`${key}\``);
    expressions.push(`.param[${JSON.stringify(key)}] = ${JSON.stringify(param.slice(eq + 1))}`);
  }
  if (flags.video !== undefined) expressions.push(flags.video ? '.video.display = "default"' : '.video.display = "none"');
  if (flags.sshPort !== undefined) {
    if (!Number.isInteger(flags.sshPort) || flags.sshPort < 0 || flags.sshPort > 65535) throw new EditFlagError('ssh-port', `must be a port number from 0 to 65535, got ${flags.sshPort}`);
    expressions.push(`.ssh.localPort = ${flags.sshPort}`);
  }
  if (flags.disk !== undefined) expressions.push(`.disk= "${gib('disk', flags.disk)}GiB"`);
  if (flags.shell !== undefined) expressions.push(`.user.shell = ${JSON.stringify(flags.shell)}`);
  return { expressions, warnings };
}
