import { describe, expect, it } from 'vitest';
import { createStderrLogger } from './stderr-logger';

describe('stderr logger', () => {
  it('writes level, message and fields, and filters below the minimum level', () => {
    const lines: string[] = [];
    const log = createStderrLogger('info', (l) => lines.push(l));
    log.debug('hidden');
    log.info('started', { name: 'default', port: 60022, note: 'two words' });
    log.error('failed');
    expect(lines).toEqual([
      'INFO[limadesk] started name=default port=60022 note="two words"\n',
      'ERROR[limadesk] failed\n',
    ]);
  });
});
