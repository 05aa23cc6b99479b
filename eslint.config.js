// Lint enforces the dependency rules of the design: which folder may import what.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

const electronOnly = { name: 'electron', message: 'Only src-main/electron and src-preload may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'test-artifacts/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='exec'][callee.object.name='child_process']",
        message: 'Use execFile/spawn with an argv array, never a shell string.',
      }],
    },
  },
  {
    files: ['**/*.cjs', 'scripts/**/*.mjs', 'bin/**'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Rule 1: common imports nothing outside itself.
  {
    files: ['src-main/common/**/*.ts'],
    rules: restrict([
      { group: ['node:*', 'electron', 'react', 'zustand', 'yaml', 'semver', 'ws'], message: 'common is pure TypeScript: no runtime dependencies.' },
      { group: ['../*', '!./*'], message: 'common imports nothing outside itself.' },
    ]),
  },
  // Rule 2: core never imports electron, the electron folder or the renderer.
  {
    files: ['src-main/core/**/*.ts'],
    rules: restrict([
      { group: ['**/electron/**', '**/src-renderer/**', '**/src-preload/**'], message: 'core never reaches into electron, preload or renderer.' },
      { group: ['**/driver/qemu/**', '**/driver/qemu'], message: 'QEMU specifics stay under core/driver/qemu; use the Driver interface (driver/registry.ts).' },
    ], [electronOnly]),
  },
  // Rule 3 exceptions: the QEMU driver itself and the registry that instantiates it.
  {
    files: ['src-main/core/driver/qemu/**/*.ts', 'src-main/core/driver/registry.ts'],
    rules: restrict([
      { group: ['**/electron/**', '**/src-renderer/**', '**/src-preload/**'], message: 'core never reaches into electron, preload or renderer.' },
    ], [electronOnly]),
  },
  // Rule 4: electron/ holds no VM logic.
  {
    files: ['src-main/electron/**/*.ts'],
    rules: restrict([
      { group: ['**/core/driver/**', '**/core/qmp/**'], message: 'electron/ holds no VM logic: go through core/instances.' },
      { group: ['**/src-renderer/**'], message: 'the main side never imports the renderer.' },
    ]),
  },
  // Rule 5: the preload only sees common (and electron).
  {
    files: ['src-preload/**/*.ts'],
    rules: restrict([
      { group: ['**/core/**', '**/src-renderer/**', 'node:*'], message: 'the preload exposes common API methods only.' },
    ]),
  },
  // Rule 6: the renderer imports only types from common and reaches main via api/client.ts.
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: restrict([
      { group: ['**/src-main/common/**'], allowTypeImports: true, message: 'the renderer imports only types from common.' },
      { group: ['**/src-main/core/**', '**/src-main/electron/**', '**/src-preload/**', 'node:*'], message: 'the renderer reaches the main side only through api/client.ts.' },
    ], [electronOnly]),
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
