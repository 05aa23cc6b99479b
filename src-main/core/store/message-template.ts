import { executeTemplate } from '../config/gotmpl/exec';

/**
 * lima.yaml's `message`, expanded as Lima expands it: Go's text/template (config/gotmpl) over
 * the instance's fields (`{{.Name}}`, `{{.Dir}}`, `{{.SSHLocalPort}}`, `{{.HostOS}}`, …),
 * `{{.Param.X}}`, and `{{.Instance.…}}` with the config under `.Instance.Config` by Lima's Go
 * field names. A template that does not parse or run throws (the instance is then Broken, as
 * in Lima). `data` may be a function that builds the fields; it runs only for a template
 * with an action.
 */
export function renderMessage(template: string, data: Record<string, unknown> | (() => Record<string, unknown>)): string {
  if (!template.includes('{{')) return template;
  // A factory lets a listing skip building the fields (the config by Go names is a deep copy)
  // for the many instances whose message is plain text or empty.
  return executeTemplate(template, typeof data === 'function' ? data() : data);
}

/** lima.yaml keys whose Go field name is not the key with its first letter raised. */
const GO_NAMES: Record<string, string> = {
  vmType: 'VMType', vmOpts: 'VMOpts', os: 'OS', cpuType: 'CPUType', cpus: 'CPUs', ssh: 'SSH', dns: 'DNS',
  caCerts: 'CACertificates', timezone: 'TimeZone', tpm: 'TPM', uid: 'UID', sshfs: 'SSHFS', '9p': 'NineP',
  sftpDriver: 'SFTPDriver', guestIP: 'GuestIP', hostIP: 'HostIP', guestIPMustBeZero: 'GuestIPMustBeZero', vzNAT: 'VZNAT',
  macAddress: 'MACAddress', vnc: 'VNC', legacyBIOS: 'LegacyBIOS', ipv6: 'IPv6', guest: 'GuestFile', host: 'HostFile',
  loadDotSSHPubKeys: 'LoadDotSSHPubKeys', forwardX11: 'ForwardX11', forwardX11Trusted: 'ForwardX11Trusted',
};

/** Fields that are Go maps: the keys below them stay as written. */
const MAP_FIELDS = new Set(['vmOpts', 'env', 'param', 'hosts', 'osOpts', 'cpuType']);

/** The config as a Go template sees Lima's LimaYAML struct: `.Config.VMType`, `.Config.User.Name`, `.Config.VMOpts.vz…`. */
export function goFieldsOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(goFieldsOf);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = GO_NAMES[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
    out[name] = MAP_FIELDS.has(key) ? inner : goFieldsOf(inner);
  }
  return out;
}
