import { checkPrerequisites } from './prerequisites';

// The e2e tests use real QEMU: never skip them silently when it is missing.
export default function setup(): void {
  const { missing, installCommand } = checkPrerequisites();
  if (missing.length > 0) {
    const lines = missing.map((p) => `  - ${p.command} (${p.why})`).join('\n');
    throw new Error(`The end-to-end tests need tools that are not installed:\n${lines}\nInstall them with:\n  ${installCommand}`);
  }
}
