import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from './disposable';

describe('DisposableStore', () => {
  it('undoes registrations in reverse order and awaits each', async () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => void order.push('first')));
    store.add(
      toDisposable(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('second');
      }),
    );
    await store.dispose();
    expect(order).toEqual(['second', 'first']);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes of the rest when one fails, then reports the failure', async () => {
    const closed: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => void closed.push('a')));
    store.add(
      toDisposable(() => {
        throw new Error('socket busy');
      }),
    );
    store.add(toDisposable(() => void closed.push('c')));
    await expect(store.dispose()).rejects.toThrow('socket busy');
    expect(closed).toEqual(['c', 'a']);
  });

  it('runs a disposable once however often it is disposed of', async () => {
    let count = 0;
    const once = toDisposable(() => void count++);
    await once.dispose();
    await once.dispose();
    expect(count).toBe(1);
  });

  it('refuses additions after disposal and disposes of the late item at once', async () => {
    const store = new DisposableStore();
    await store.dispose();
    let lateClosed = false;
    expect(() => store.add(toDisposable(() => void (lateClosed = true)))).toThrow(/already been disposed/);
    expect(lateClosed).toBe(true);
  });
});
