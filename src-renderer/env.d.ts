import type { LimadeskApi } from '../src-main/common/api';

declare global {
  interface Window {
    /** Present inside the Electron app (set by the preload); absent in a browser. */
    limadesk?: LimadeskApi;
  }
}

export {};
