import { CliError } from '../../common/command';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A `--timeout` value in milliseconds: plain seconds (`90`) or Go-style with a unit
 * (`90s`, `10m`, `1h30m`), since `limactl start --timeout 10m` is the form people know.
 */
export function parseDurationOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new CliError(`invalid value ${JSON.stringify(value)} for ${flag}: want seconds or a duration like 90s, 10m, 1h30m`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] ?? 's'] ?? 1000), 0);
}
