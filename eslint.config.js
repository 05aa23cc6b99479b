// Lint enforces the dependency rules of the design (docs/architecture.md): which folder may
// import what. test/unit/lint-zones.spec.ts proves each rule bites.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

const electronOnly = { name: 'electron', message: 'Only src-main/electron and src-preload may import electron.' };
const up = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

// core's floors, lowest first: a folder imports only from floors below its own.
const CORE_FLOORS = [
  ['config', 'loopback-ws', 'log'],
  ['store', 'qmp'],
  ['driver', 'images', 'cidata', 'ssh', 'vnc'],
  ['hostagent', 'terminal', 'disks'],
  ['instances', 'doctor'],
  ['api'],
];
const DOORS = ['cli', 'serve', 'electron'];
const floorOf = (folder) => CORE_FLOORS.findIndex((floor) => floor.includes(folder));

/** What a folder of core may not import: its own floor's siblings and every floor above. */
function coreFolderRules(folder) {
  const level = floorOf(folder);
  const notBelow = CORE_FLOORS.slice(level).flat().filter((f) => f !== folder);
  const patterns = [
    { group: ['**/electron/**', '**/src-renderer/**', '**/src-preload/**'], message: 'core never reaches into electron, preload or renderer.' },
    { regex: up(DOORS), message: 'core never imports a front door (cli, serve, electron).' },
  ];
  if (notBelow.length > 0) {
    // store/filenames.ts is a leaf (it imports nothing), so config, below store, may read the file names.
    const filenamesLeaf = folder === 'config' ? '(?!store/filenames$)' : '';
    patterns.push({
      regex: `^(\\.\\./)+${filenamesLeaf}(${notBelow.join('|')})(/|$)`,
      message: `core/${folder} stands on floor ${level + 1}: it imports only from the floors below (${CORE_FLOORS.slice(0, level).map((f) => f.join(', ')).join(' | ') || 'none'}), never from ${notBelow.join(', ')}.`,
    });
  }
  return patterns;
}

const qemuSpecifics = { group: ['**/driver/qemu/**', '**/driver/qemu'], message: 'QEMU specifics stay under core/driver/qemu; use the Driver interface (driver/registry.ts).' };

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
  // Rules 2 and 3: core never imports electron or a door; its folders stand on floors; QEMU
  // specifics stay in driver/qemu (which, with the registry that instantiates it, may use them).
  ...CORE_FLOORS.flat().map((folder) => ({
    files: [`src-main/core/${folder}/**/*.ts`],
    ignores: ['**/*.spec.ts', '**/*.test-support.ts'],
    rules: restrict(
      folder === 'driver' ? coreFolderRules(folder) : [...coreFolderRules(folder), qemuSpecifics],
      [electronOnly],
    ),
  })),
  {
    files: ['src-main/core/driver/**/*.ts'],
    ignores: ['src-main/core/driver/qemu/**', 'src-main/core/driver/registry.ts', '**/*.spec.ts', '**/*.test-support.ts'],
    rules: restrict([...coreFolderRules('driver'), { group: ['./qemu/**', './qemu'], message: qemuSpecifics.message }], [electronOnly]),
  },
  // Rule 4: the three doors are siblings; each imports core/api and common only.
  ...DOORS.map((door) => ({
    files: [`src-main/${door}/**/*.ts`],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      [
        { regex: '^(\\.\\./)+core/(?!api(/|$))', message: `a front door imports core/api only (and common): ${door}/ never reaches deeper into core.` },
        { regex: up(DOORS.filter((d) => d !== door)), message: 'the front doors are siblings: none imports another (compose them in src-main/cli-entry.ts).' },
        { group: ['**/src-renderer/**'], message: 'the main side never imports the renderer.' },
      ],
      door === 'electron' ? [] : [electronOnly],
    ),
  })),
  // Rule 6: the preload only sees common (and electron).
  {
    files: ['src-preload/**/*.ts'],
    rules: restrict([
      { regex: 'src-main/(?!common/)', message: 'the preload exposes common API methods only.' },
      { group: ['**/src-renderer/**', 'node:*'], message: 'the preload exposes common API methods only.' },
    ]),
  },
  // Rule 7: the renderer imports only types from common (and the instance-name rule, which
  // is pure) and reaches the main side only through api/client.ts.
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: restrict([
      { regex: 'src-main/common/(?!instance-name$)', allowTypeImports: true, message: 'the renderer imports only types from common (the instance-name rule excepted).' },
      { group: ['**/src-main/core/**', '**/src-main/electron/**', '**/src-main/cli/**', '**/src-main/serve/**', '**/src-preload/**', 'node:*'], message: 'the renderer reaches the main side only through api/client.ts.' },
    ], [electronOnly]),
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
