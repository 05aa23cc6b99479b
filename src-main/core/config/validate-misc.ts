/** The last group of Lima's checks: params, sudo, TPM, audio, and the experimental-feature warnings. */
import type { FilledLimaYAML, LimaYAML } from './types';
import { q, type IssueSink, type ValidateContext } from './validate-context';

const PARAM_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const TPM_ARCHES = ['x86_64', 'aarch64', 'armv7l', 'riscv64'];
const AUDIO_INTERFACES = ['', 'hda', 'virtio'];

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
  if (y.user?.passwordlessSudo === false && !y.plain && y.os !== 'Darwin') {
    sink.error(['user', 'passwordlessSudo'], 'field `user.passwordlessSudo` can only be false when field `plain` is true');
  }
  if (y.tpm && !TPM_ARCHES.includes(y.arch)) {
    sink.error(['tpm'], `field \`tpm\` requires field \`arch\` to be one of [${TPM_ARCHES.join(' ')}]; got ${q(y.arch)}`);
  }
  const iface = y.audio.interface;
  if (!AUDIO_INTERFACES.includes(iface)) {
    sink.error(['audio', 'interface'], `field \`audio.interface\` must be one of ${AUDIO_INTERFACES.map((s) => `"${s}"`).join(', ')}; got ${q(iface)}`);
  }
}

export function warnExperimental(y: FilledLimaYAML, ctx: ValidateContext, sink: IssueSink): void {
  if (y.os === 'Windows') sink.warning(['os'], '`os: Windows` is experimental');
  if (y.mountType === 'virtiofs' && ctx.hostOS === 'linux') sink.warning(['mountType'], '`mountType: virtiofs` on Linux is experimental');
  if (['riscv64', 'armv7l', 's390x', 'ppc64le'].includes(y.arch)) sink.warning(['arch'], `\`arch: ${y.arch}\` is experimental`);
  if (y.video.display.includes('vnc')) sink.warning(['video', 'display'], '`video.display: vnc` is experimental');
  if (y.audio.device) sink.warning(['audio', 'device'], '`audio.device` is experimental');
  if (y.mountInotify) sink.warning(['mountInotify'], '`mountInotify` is experimental');
  if (y.user?.passwordlessSudo === false) sink.warning(['user', 'passwordlessSudo'], '`user.passwordlessSudo: false` is experimental');
}

/**
 * Every `param` must be referenced as `{{.Param.NAME}}` or `$PARAM_NAME`. Lima checks this on
 * the config as written, before defaults expand the templates away.
 */
export function validateParamIsUsed(y: LimaYAML, sink: IssueSink): void {
  const texts: string[] = [];
  let opaque = false;
  for (const p of y.provision ?? []) {
    texts.push(p.script ?? '', p.content ?? '', p.expression ?? '', p.path ?? '', p.owner ?? '', p.playbook ?? '');
    // A fetched script could use the param; it cannot be seen from here.
    if (p.file !== undefined) opaque = true;
  }
  for (const p of y.probes ?? []) {
    texts.push(p.script ?? '');
    if (p.file !== undefined) opaque = true;
  }
  for (const c of y.copyToHost ?? []) texts.push(c.guest ?? '', c.host ?? '');
  for (const f of y.portForwards ?? []) texts.push(f.guestSocket ?? '', f.hostSocket ?? '');
  if (opaque) return;
  const all = texts.join('\n');
  for (const name of Object.keys(y.param ?? {})) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const used = new RegExp(`\\{\\{[^}]*\\.Param\\.${escaped}\\b[^}]*\\}\\}|\\bPARAM_${escaped}\\b`).test(all);
    if (!used) sink.error(['param', name], `field \`param\` key ${q(name)} is not used in any provision, probe, copyToHost, or portForward`);
  }
}
