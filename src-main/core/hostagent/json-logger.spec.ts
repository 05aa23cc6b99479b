import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './json-logger';

describe('createJsonLogger', () => {
  it('writes logrus-style JSON lines with fields merged in', () => {
    const lines: string[] = [];
    const log = createJsonLogger('info', (l) => lines.push(l), () => new Date('2026-01-02T03:04:05Z'));
    log.debug('hidden');
    log.warn('careful', { pid: 7, level: 'not-the-level', skipped: undefined });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'warning',
      msg: 'careful',
      time: '2026-01-02T03:04:05.000Z',
      pid: 7,
      'fields.level': 'not-the-level',
    });
  });
});
