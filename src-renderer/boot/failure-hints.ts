/**
 * Why a start failed, from what the host agent, QEMU and the guest wrote. Each known cause
 * is matched by the text its real source prints and comes with what to do about it.
 */

export interface LogSource {
  /** Where the lines come from, e.g. "ha.stderr.log". */
  source: string;
  lines: readonly string[];
}

export interface MatchedLine {
  source: string;
  line: string;
}

export interface FailureHint {
  id: 'no-qemu' | 'qemu-too-old' | 'no-firmware' | 'port-in-use' | 'kvm' | 'hvf-unsigned' | 'hvf-unavailable';
  title: string;
  hint: string;
  lines: MatchedLine[];
}

interface Rule {
  id: FailureHint['id'];
  pattern: RegExp;
  explain(match: RegExpExecArray): { title: string; hint: string };
}

const DOCTOR = 'The Doctor page has the install command for this host.';

const RULES: Rule[] = [
  {
    id: 'no-qemu',
    // Node's spawn, Lima's Go exec, and a shell each say it their own way.
    pattern: /spawn (qemu-system-[\w-]+) ENOENT|exec: "(qemu-system-[\w-]+)": executable file not found|(qemu-system-[\w-]+): (?:command )?not found/,
    explain: (m) => ({
      title: `QEMU is not installed: ${m[1] ?? m[2] ?? m[3]} is not on PATH`,
      hint: `Install QEMU (Debian/Ubuntu: sudo apt-get install -y qemu-system-x86 qemu-utils; macOS: brew install qemu). ${DOCTOR}`,
    }),
  },
  {
    id: 'qemu-too-old',
    pattern: /QEMU (\d+\.\d+\.\d+) is too old, (.+?) or later required/,
    explain: (m) => ({
      title: `QEMU ${m[1]} is too old (${m[2]} or later required)`,
      hint: `Upgrade QEMU from your package manager or Homebrew (brew upgrade qemu). ${DOCTOR}`,
    }),
  },
  {
    id: 'no-firmware',
    pattern: /could not find firmware for (\S+)/,
    explain: (m) => ({
      title: `No UEFI firmware for ${m[1]} guests`,
      hint:
        m[1] === 'x86_64'
          ? 'Install OVMF (Debian/Ubuntu: sudo apt-get install -y ovmf; Fedora: sudo dnf install -y edk2-ovmf), or set `firmware.legacyBIOS: true` in lima.yaml.'
          : `Install the edk2 firmware for ${m[1]} (Debian/Ubuntu: sudo apt-get install -y qemu-efi-aarch64; Fedora: sudo dnf install -y edk2-aarch64).`,
    }),
  },
  {
    id: 'port-in-use',
    // The host agent checks the SSH port itself; QEMU reports the other forwards it cannot bind.
    pattern: /localPort (\d+) is already in use|Could not set up host forwarding rule '(?:tcp|udp):[\d.]*:(\d+)-|EADDRINUSE[^\n]*?:(\d+)|address already in use/i,
    explain: (m) => {
      const port = m[1] ?? m[2] ?? m[3];
      return {
        title: port ? `Port ${port} on the host is already in use` : 'A host port is already in use',
        hint: `Another program or VM listens on ${port ? `port ${port}` : 'that port'}. Stop it, or change \`ssh.localPort\` (0 picks a free port) or the \`portForwards\` in lima.yaml.`,
      };
    },
  },
  {
    id: 'kvm',
    pattern: /Could not access KVM kernel module: (.+)|failed to initialize kvm: (.+)/,
    explain: (m) => {
      const why = (m[1] ?? m[2] ?? '').trim();
      const denied = /permission denied/i.test(why);
      return {
        title: `KVM is not accessible: ${why}`,
        hint: denied
          ? 'Give your user access to /dev/kvm: sudo usermod -aG kvm "$USER", then log out and back in.'
          : 'Enable VT-x/AMD-V in the firmware settings and load the module (sudo modprobe kvm_intel or kvm_amd); inside a VM, enable nested virtualization.',
      };
    },
  },
  {
    id: 'hvf-unsigned',
    pattern: /-accel hvf: (?:Error: HV_(?:ERROR|DENIED)|Unknown Error)|Error: HV_DENIED|softmmu: Error: HV_ERROR/,
    explain: () => ({
      title: 'QEMU may not use Hypervisor.framework: it lacks the hypervisor entitlement',
      hint: 'Sign QEMU from the Doctor page (Limadesk runs codesign --sign - --entitlements … --force on it), then start again.',
    }),
  },
  {
    id: 'hvf-unavailable',
    pattern: /HV_UNSUPPORTED|invalid accelerator hvf|kern\.hv_support != 1/,
    explain: () => ({
      title: 'Hypervisor.framework is not available on this Mac',
      hint: 'Use a QEMU built with HVF (brew install qemu); in a macOS VM, enable nested virtualization. Otherwise set `vmType: qemu` with an emulated arch (slow).',
    }),
  },
];

/** Every known cause found in the texts, in rule order, each with the lines that show it. */
export function diagnoseStart(sources: readonly LogSource[]): FailureHint[] {
  const hints: FailureHint[] = [];
  for (const rule of RULES) {
    let hint: FailureHint | undefined;
    for (const { source, lines } of sources) {
      for (const line of lines) {
        const match = rule.pattern.exec(line);
        if (!match) continue;
        hint ??= { id: rule.id, ...rule.explain(match), lines: [] };
        // The same error often appears in several logs; each distinct line once is enough.
        if (!hint.lines.some((l) => l.line === line)) hint.lines.push({ source, line });
      }
    }
    if (hint) hints.push(hint);
  }
  return hints;
}
