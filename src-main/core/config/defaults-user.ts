/**
 * The guest user Lima creates: by default the host user's name and uid, so that files
 * written through mounts have the right owner on both sides.
 */
import type { HostInfo } from './host';
import { pickScalar } from './merge';
import { expandOrWarn } from './template-expand';
import type { LimaYAML, OSType } from './types';

export type GuestUser = NonNullable<LimaYAML['user']>;
export type FilledGuestUser = GuestUser & { name: string; home: string; shell: string; uid: number };

/** Names `useradd` accepts; a trailing `$` is legal there but mapped to the fallback too. */
const VALID_LINUX_USER = /^[a-z_][a-z0-9_-]*$/;
const FALLBACK_USER = 'lima';
const FALLBACK_UID = 1000;

/**
 * Compare dotted versions as Lima does for instance directories: a leading `v` and any
 * `git describe` suffix (from the first `-`) are ignored. An empty version means "made by
 * a Lima too old to record one"; an unparsable non-empty one is a development build and
 * counts as new.
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  if (version === '') return false;
  const have = parseTriple(version);
  const want = parseTriple(minimum);
  if (!have || !want) return true;
  for (let i = 0; i < 3; i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

function parseTriple(version: string): number[] | undefined {
  const core = version.replace(/^v/, '').split('-')[0] ?? '';
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(core);
  return match ? match.slice(1).map(Number) : undefined;
}

/**
 * The host user's name as a guest user name. `admin` is taken on some cloud images, and
 * names `useradd` refuses (capitals, dots, `DOMAIN\user`) would break cloud-init, so both
 * become `lima`. Instances made before Lima 0.23.2 kept `admin`; they still do.
 */
export function guestUserName(host: HostInfo, existingLimaVersion: string | undefined, warnings: string[]): string {
  const name = host.userName;
  // "newer than 0.23.2" is "at least 0.23.3" for release versions.
  const isNewer = existingLimaVersion === undefined || versionAtLeast(existingLimaVersion, '0.23.3');
  if (name === 'admin' && isNewer) {
    warnings.push(`host user "admin" is reserved in many guest images; using "${FALLBACK_USER}" as the guest user name`);
    return FALLBACK_USER;
  }
  if (!VALID_LINUX_USER.test(name)) {
    warnings.push(
      `host user "${name}" is not a valid Linux user name (must match ${VALID_LINUX_USER.source}); using "${FALLBACK_USER}" as the guest user name`,
    );
    return FALLBACK_USER;
  }
  return name;
}

/** `/home/<user>.guest` since 2.1.0; instances made before keep `/home/<user>.linux`. */
function defaultGuestHome(os: OSType, existingLimaVersion: string | undefined): string {
  if (os === 'Darwin') return '/Users/{{.User}}.guest';
  if (existingLimaVersion !== undefined && !versionAtLeast(existingLimaVersion, '2.1.0')) {
    return '/home/{{.User}}.linux';
  }
  return '/home/{{.User}}.guest';
}

export interface UserContext {
  host: HostInfo;
  os: OSType;
  existingLimaVersion: string | undefined;
  instanceName: string;
  hostname: string;
  param: Readonly<Record<string, string>>;
}

export function fillUser(
  y: GuestUser | undefined,
  d: GuestUser | undefined,
  o: GuestUser | undefined,
  ctx: UserContext,
  warnings: string[],
): FilledGuestUser {
  const merged: GuestUser = {};
  for (const key of ['name', 'comment', 'home', 'shell', 'uid', 'passwordlessSudo'] as const) {
    const value = pickScalar(y?.[key], d?.[key], o?.[key]);
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  const name = merged.name ?? guestUserName(ctx.host, ctx.existingLimaVersion, warnings);
  const uid = merged.uid ?? (ctx.host.uid >= 0 ? ctx.host.uid : FALLBACK_UID);
  const homeTemplate = merged.home ?? defaultGuestHome(ctx.os, ctx.existingLimaVersion);
  const home = expandOrWarn(homeTemplate, guestTemplateData(ctx, { name, uid, home: homeTemplate }), 'user.home', warnings);
  return {
    ...merged,
    name,
    home,
    shell: merged.shell ?? defaultShell(ctx.os),
    uid,
    // macOS guests need a password: the account is also the GUI login.
    passwordlessSudo: merged.passwordlessSudo ?? ctx.os !== 'Darwin',
  };
}

/** The login shell Lima gives the guest user when the template names none. */
export function defaultShell(os: OSType): string {
  switch (os) {
    case 'FreeBSD':
      return '/bin/sh';
    case 'Darwin':
      return '/bin/zsh';
    case 'Windows':
      return 'cmd.exe';
    default:
      return '/bin/bash';
  }
}

/** Values for templates that run inside the guest (provision scripts, mount points…). */
export function guestTemplateData(ctx: Pick<UserContext, 'instanceName' | 'hostname' | 'param'>, user: { name: string; uid: number; home: string }) {
  return {
    Name: ctx.instanceName,
    Hostname: ctx.hostname,
    UID: user.uid,
    User: user.name,
    Home: user.home,
    Param: ctx.param,
  };
}

/** The guest host name for an instance: `lima-` plus the name with `.` and `_` as `-`. */
export function guestHostname(instanceName: string): string {
  return `lima-${instanceName.replace(/[._]/g, '-')}`;
}
