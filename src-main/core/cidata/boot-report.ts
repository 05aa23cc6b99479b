/**
 * The boot report: what the guest's boot scripts leave in /run for the host agent to read over
 * SSH once the boot is done. One tab-separated record per line:
 *
 *   script <TAB> exit code <TAB> name on the CD    (boot.Linux/06-etc-hosts.sh, provision.user/00000003)
 *   mount  <TAB> ok|failed <TAB> mount point <TAB> why it failed
 *
 * Mount records cover the shares the guest mounts itself (9p, virtiofs); reverse-sshfs mounts
 * are made by the host agent, which knows their outcome first hand.
 */
export const BOOT_REPORT_PATH = '/run/lima-boot-report';

export type BootReportEntry =
  | { kind: 'script'; name: string; exitCode: number }
  | { kind: 'mount'; mountPoint: string; ok: boolean; reason: string };

/** The records of a report; lines that are not records (a truncated last line, noise) are skipped. */
export function parseBootReport(text: string): BootReportEntry[] {
  const entries: BootReportEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    if (fields[0] === 'script' && fields.length === 3 && /^\d+$/.test(fields[1] ?? '') && fields[2]) {
      entries.push({ kind: 'script', exitCode: Number(fields[1]), name: fields[2] });
    } else if (fields[0] === 'mount' && fields.length >= 3 && (fields[1] === 'ok' || fields[1] === 'failed') && fields[2]) {
      entries.push({ kind: 'mount', ok: fields[1] === 'ok', mountPoint: fields[2], reason: fields.slice(3).join('\t').trim() });
    }
  }
  return entries;
}

const MODES: Record<string, string> = {
  'provision.system': 'system provisioning script',
  'provision.user': 'user provisioning script',
  'provision.dependency': 'dependency provisioning script',
  'provision.data': 'data file',
  'provision.yq': 'yq edit',
  'boot.essential.Linux': 'essential boot script',
  'boot.Linux': 'boot script',
};

/**
 * A script record in words: `system provisioning script provision.system/00000001 exited with 0`.
 * The index in the name is the step's place in lima.yaml's `provision` list.
 */
export function describeScript(entry: { name: string; exitCode: number }): string {
  const dir = entry.name.split('/')[0] ?? '';
  const what = MODES[dir] ?? 'script';
  return `${what} ${entry.name} exited with ${entry.exitCode}`;
}
