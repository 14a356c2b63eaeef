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

/** Tests may also use the test tier (simulators, fixtures, test support); product code never may. */
const testConstraints = productionConstraints.map((c) =>
  c.sourceTag === 'type:test' ? c : { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:test'] },
);

const boundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: false, allowCircularSelfDependency: true, allow: [], depConstraints },
];

const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];

export default [
  { ignores: ['**/node_modules', '**/dist', '.services', '.nx', 'coverage', 'tmp', '**/*.js', '**/*.mjs'] },
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
];
