import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './loopback-address';

describe('isLoopbackAddress', () => {
  // A real client from another address cannot be produced on demand, so the decision is tested alone.
  it.each([
    ['127.0.0.1', true],
    ['127.3.4.5', true],
    ['::ffff:127.0.0.1', true],
    ['::1', true],
    ['192.168.1.10', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});
