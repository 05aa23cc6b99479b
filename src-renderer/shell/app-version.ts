// Written into the bundle by vite.config.ts from package.json; absent in unit tests.
declare const __LIMADESK_VERSION__: string | undefined;

export const APP_NAME = 'Limadesk';
export const APP_VERSION: string = typeof __LIMADESK_VERSION__ === 'string' ? __LIMADESK_VERSION__ : '';
