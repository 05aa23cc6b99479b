import { describe, expect, it } from 'vitest';
import { parseDurationOption } from './duration-option';

describe('parseDurationOption', () => {
  it('reads plain seconds and Go-style durations', () => {
    expect(parseDurationOption('--timeout', undefined)).toBeUndefined();
    expect(parseDurationOption('--timeout', '5')).toBe(5000);
    expect(parseDurationOption('--timeout', '1.5')).toBe(1500);
    expect(parseDurationOption('--timeout', '10m')).toBe(600_000);
    expect(parseDurationOption('--timeout', '1h30m')).toBe(5_400_000);
    expect(parseDurationOption('--timeout', '250ms')).toBe(250);
  });
  it('names the flag when the value is not a duration', () => {
    expect(() => parseDurationOption('--timeout', 'soon')).toThrow('invalid value "soon" for --timeout');
    expect(() => parseDurationOption('--timeout', '5x')).toThrow('--timeout');
  });
});
