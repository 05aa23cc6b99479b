import { describe, expect, it } from 'vitest';
import { API_VERSION } from '../../../common/api';
import { helloOf, makeHello, versionMismatch } from './hello';

describe('the hello of serve --stdio', () => {
  it('carries this API version and the Limadesk version', () => {
    expect(makeHello('1.2.3', { hostname: 'box' })).toEqual({ api: API_VERSION, limadesk: '1.2.3', hostname: 'box' });
  });

  it('reads a hello back and refuses what is not one', () => {
    expect(helloOf({ hello: { api: 1, limadesk: '0.1.0', hostname: 'box', extra: true } })).toEqual({ api: 1, limadesk: '0.1.0', hostname: 'box' });
    expect(helloOf({ hello: { api: '1', limadesk: '0.1.0' } })).toBeUndefined();
    expect(helloOf({ hello: { api: 1.5, limadesk: '0.1.0' } })).toBeUndefined();
    expect(helloOf({ hello: { api: 1 } })).toBeUndefined();
    expect(helloOf({ id: 1, method: 'listInstances' })).toBeUndefined();
    expect(helloOf(null)).toBeUndefined();
    expect(helloOf('hello')).toBeUndefined();
  });

  it('lets equal API versions talk whatever their Limadesk versions', () => {
    expect(versionMismatch({ api: 3, limadesk: '1.0.0' }, { api: 3, limadesk: '1.4.2' }, { here: 'this machine', there: 'host "box"' })).toBeUndefined();
  });

  it('names both sides, both Limadesk versions and both API versions on a mismatch', () => {
    const message = versionMismatch({ api: 1, limadesk: '0.1.0' }, { api: 2, limadesk: '0.5.0' }, { here: 'this machine', there: 'host "box"' });
    expect(message).toBe(
      'Limadesk 0.5.0 on host "box" speaks API version 2, and Limadesk 0.1.0 on this machine speaks API version 1: install the same Limadesk release on both (host "box" has the newer one)',
    );
    expect(versionMismatch({ api: 2, limadesk: '0.5.0' }, { api: 1, limadesk: '0.1.0' }, { here: 'this machine', there: 'host "box"' })).toContain('(this machine has the newer one)');
  });
});
