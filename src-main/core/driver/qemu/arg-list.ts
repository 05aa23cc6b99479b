/** Flags Lima adds only when the env-override prefix does not already set them. */
const YIELDING_FLAGS = new Set(['-m', '-cpu', '-machine', '-accel', '-smp', '-boot', '-display', '-kernel', '-append', '-initrd', '-object', '-numa']);

/**
 * A QEMU argv under construction. The override prefix wins for the flags above (Lima's
 * appendArgsIfNoConflict); devices, drives and chardevs are always added.
 */
export class ArgList {
  readonly args: string[];
  private readonly prefixFlags: Set<string>;

  constructor(prefixArgs: readonly string[]) {
    this.args = [...prefixArgs];
    this.prefixFlags = new Set(prefixArgs.filter((a) => a.startsWith('-')));
  }

  add(...args: string[]): this {
    for (let i = 0; i < args.length; i += 2) {
      const flag = args[i] as string;
      const value = args[i + 1];
      if (YIELDING_FLAGS.has(flag) && this.prefixFlags.has(flag)) continue;
      this.args.push(flag);
      if (value !== undefined) this.args.push(value);
    }
    return this;
  }
}
