/** A fix is prose, a shell command, or prose that leads to a command ("Upgrade QEMU: sudo …"). */
export interface FixParts {
  prose?: string;
  /** Copy-safe: alternatives and notes are shell comments (`# …`). */
  command?: string;
}

const COMMAND = /^(sudo|brew|winget|apt-get|apt|dnf|yum|pacman|zypper|apk|codesign|modprobe)\s/;

export function splitFix(fix: string): FixParts {
  if (COMMAND.test(fix)) return { command: fix };
  const colon = fix.lastIndexOf(': ');
  if (colon > 0 && COMMAND.test(fix.slice(colon + 2))) return { prose: fix.slice(0, colon), command: fix.slice(colon + 2) };
  return { prose: fix };
}
