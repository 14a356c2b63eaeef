import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Module boundaries (STYLE.md): type:app → type:feature → type:domain → type:util; libs never import apps. */
const productionConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:util'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:util'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:test', 'type:feature', 'type:domain', 'type:util'] },
];

/**
 * `io:none` (libs/mapping): pure rules — no database, broker, network, file or process access in its product code. Its
 * types may come from libs that hold clients (@rp/canvas, @rp/oneroster), but no I/O module is imported by it.
 */
const noIoConstraint = {
  sourceTag: 'io:none',
  bannedExternalImports: [
    'pg', 'pg-*', 'typeorm', 'kafkajs', '@kafkajs/*', 'undici', 'node-fetch', 'axios', 'jose', 'fflate',
    'node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:http', 'node:https', 'http', 'https', 'node:net', 'net', 'node:dns',
    'node:child_process', 'child_process', 'node:worker_threads', 'node:dgram',
  ],
};

/** Tests may also use the test tier (simulators, fixtures, test support); product code never may. */
const testConstraints = productionConstraints.map((c) =>
  c.sourceTag === 'type:test' ? c : { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:test'] },
);
productionConstraints.push(noIoConstraint); // tests of libs/mapping may read fixtures from files

const boundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: false, allowCircularSelfDependency: true, allow: [], depConstraints },
];

const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];

export default [
  { ignores: ['**/node_modules', '**/dist', '.services', '.nx', 'coverage', 'tmp', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries(productionConstraints),
    },
  },
  { files: testFiles, rules: { '@nx/enforce-module-boundaries': boundaries(testConstraints) } },
  {
    // The Kafka client stays behind libs/messaging (ADR 0011): swapping kafkajs must be a change to one library.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/messaging/**', ...testFiles],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'kafkajs', message: 'import Kafka types and helpers from @rp/messaging (ADR 0011)' }] }],
    },
  },
  {
    // io:none (see noIoConstraint): Node's I/O modules are not packages, so the boundary rule cannot see them.
    files: ['libs/mapping/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'kafkajs', message: 'libs/mapping does no I/O' }],
        patterns: [{ regex: '^(node:)?(fs|http|https|net|dns|dgram|child_process|worker_threads)(/.*)?$', message: 'libs/mapping does no I/O: pass what it needs in' }],
      }],
    },
  },
];
