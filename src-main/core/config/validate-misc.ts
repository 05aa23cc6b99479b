/** The last group of Lima's checks: params, sudo, TPM, audio, and the experimental-feature warnings. */
import { readFileSync } from 'node:fs';
import type { FilledLimaYAML, LimaYAML } from './types';
import { q, type IssueSink, type ValidateContext } from './validate-context';

const PARAM_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const TPM_ARCHES = ['x86_64', 'aarch64', 'armv7l', 'riscv64'];
const AUDIO_INTERFACES = ['', 'hda', 'virtio'];
const PLAIN_RANGE_WARN = 10;

/** Printable as Go's unicode.IsPrint, plus tab, which Lima also lets through. */
function unprintable(value: string): string | undefined {
  for (const ch of value) {
    if (ch === '\t' || ch === ' ') continue;
    if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u.test(ch)) return ch;
  }
  return undefined;
}

export function validateParams(y: FilledLimaYAML, sink: IssueSink): void {
  for (const [name, value] of Object.entries(y.param ?? {})) {
    if (!PARAM_NAME.test(name)) sink.error(['param', name], `param ${q(name)} name does not match regex ${q(PARAM_NAME.source)}`);
    const bad = unprintable(String(value ?? ''));
    if (bad !== undefined) sink.error(['param', name], `param ${q(name)} value contains unprintable character ${JSON.stringify(bad)}`);
  }
}

export function validateUserAndDevices(y: FilledLimaYAML, sink: IssueSink): void {
  const sudo = y.user?.passwordlessSudo;
  if (y.os === 'Darwin' && sudo === true) {
    sink.error(['user', 'passwordlessSudo'], '`user.passwordlessSudo: true` is not supported on macOS guests');
  }
  if (y.vmType === 'wsl2' && sudo === false) {
    sink.error(['user', 'passwordlessSudo'], '`user.passwordlessSudo: false` is not supported on WSL2 guest');
  }
  if (sudo === false && y.os !== 'Darwin' && !y.plain) {
    sink.error(['user', 'passwordlessSudo'], '`user.passwordlessSudo: false` requires `plain: true`');
  }
  if (y.plain) {
    y.portForwards.forEach((rule, i) => {
      const [g0, g1] = rule.guestPortRange ?? [0, 0];
      const [h0, h1] = rule.hostPortRange ?? [0, 0];
      const guest = g1 - g0 + 1;
      const hostCount = h1 - h0 + 1;
      if (guest > PLAIN_RANGE_WARN || hostCount > PLAIN_RANGE_WARN) {
        sink.warning(['portForwards', i],
          `[plain mode] portForwards[${i}] covers a range of more than ${PLAIN_RANGE_WARN} ports (guest: ${guest}, host: ${hostCount}). All ports will be forwarded unconditionally, which may be inefficient.`);
      }
    });
  }
  if (y.tpm && !TPM_ARCHES.includes(y.arch)) {
    sink.error(['tpm'], `field \`tpm\` is not supported on architecture ${q(y.arch)}`);
  }
  const iface = y.audio.interface;
  if (!AUDIO_INTERFACES.includes(iface)) {
    sink.error(['audio', 'interface'], `invalid audio.interface ${JSON.stringify(iface)}, must be "hda" or "virtio"`);
  }
}

export function warnExperimental(y: FilledLimaYAML, ctx: ValidateContext, sink: IssueSink): void {
  if (y.os === 'Windows') sink.warning(['os'], '`os: Windows` is experimental');
  if (y.mountType === 'virtiofs' && ctx.hostOS === 'linux') sink.warning(['mountType'], '`mountType: virtiofs` on Linux is experimental');
  if (['riscv64', 'armv7l', 's390x', 'ppc64le'].includes(y.arch)) sink.warning(['arch'], `\`arch: ${y.arch}\` is experimental`);
  if (y.video.display.includes('vnc')) sink.warning(['video', 'display'], '`video.display: vnc` is experimental');
  if (y.audio.device) {
    sink.warning(['audio', 'device'], '`audio.device` is experimental');
    if (y.audio.interface) sink.warning(['audio', 'interface'], '`audio.interface` is experimental');
  }
  if (y.mountInotify) sink.warning(['mountInotify'], '`mountInotify` is experimental');
  const sudo = y.user?.passwordlessSudo;
  if (sudo === false && y.os !== 'Darwin') sink.warning(['user', 'passwordlessSudo'], '`user.passwordlessSudo: false` is experimental');
  if (sudo === false && Object.keys(y.param ?? {}).length > 0) {
    sink.warning(['param'], '`param` still relies on sudo internally, it may not work as expected when `user.passwordlessSudo: false` is set');
  }
}

/** Params Lima's own boot files read, so no template text has to use them. */
const INTERNAL_PARAMS = new Set(['internal_netplanOptional']);

/**
 * Every `param` must be referenced as `{{….Param.NAME…}}` or `$PARAM_NAME` in a provision
 * step (script, content, expression, owner, path, permissions, or the playbook file), a probe,
 * copyToHost, a port forward's sockets, or a mount's location or mount point. Lima checks this
 * on the config as written, before defaults expand the templates away.
 */
export function validateParamIsUsed(y: LimaYAML, sink: IssueSink): void {
  const texts: string[] = [];
  for (const p of y.provision ?? []) {
    texts.push(p.script ?? '', p.content ?? '', p.expression ?? '', p.owner ?? '', p.path ?? '', p.permissions ?? '');
    if (p.playbook) texts.push(readPlaybook(p.playbook));
  }
  for (const p of y.probes ?? []) texts.push(p.script ?? '');
  for (const c of y.copyToHost ?? []) texts.push(c.guest ?? '', c.host ?? '');
  for (const f of y.portForwards ?? []) texts.push(f.guestSocket ?? '', f.hostSocket ?? '');
  for (const m of y.mounts ?? []) texts.push(m.location ?? '', m.mountPoint ?? '');
  const all = texts.join('\n');
  for (const name of Object.keys(y.param ?? {})) {
    if (INTERNAL_PARAMS.has(name)) continue;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Lima's pattern: no word boundary after the name inside {{ }}.
    const used = new RegExp(`\\{\\{[^}]*\\.Param\\.${escaped}[^}]*\\}\\}|\\bPARAM_${escaped}\\b`).test(all);
    if (!used) sink.error(['param', name], `field \`param\` key ${q(name)} is not used in any provision, probe, copyToHost, or portForward`);
  }
}

function readPlaybook(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // The missing playbook is reported by the provision checks.
    return '';
  }
}
