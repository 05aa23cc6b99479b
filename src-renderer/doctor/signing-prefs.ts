/** The answer "don't ask again" to the QEMU signing question, kept across launches. */
const KEY = 'limadesk.signQemu.dontAsk';

export interface SigningPrefs {
  dontAsk(): boolean;
  setDontAsk(value: boolean): void;
}

export function createSigningPrefs(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): SigningPrefs {
  return {
    dontAsk: () => storage.getItem(KEY) === '1',
    setDontAsk: (value) => (value ? storage.setItem(KEY, '1') : storage.removeItem(KEY)),
  };
}
