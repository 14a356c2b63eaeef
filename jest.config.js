// @ts-check
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** Maps the tsconfig path aliases (`@rp/*`) to their sources for Jest. */
function aliasMapper() {
  const base = JSON.parse(readFileSync(join(__dirname, 'tsconfig.base.json'), 'utf8'));
  const paths = base.compilerOptions.paths;
  return Object.fromEntries(
    Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
  );
}

const swcOptions = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));
delete swcOptions.$schema;

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: aliasMapper(),
  testPathIgnorePatterns: ['/node_modules/', '/.services/', '/dist/'],
  // Only the source trees: .services/ holds data and the Jaeger build's Go module cache (100k files, package.json
  // files of its own), which Jest would otherwise crawl at every start.
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/bench'],
};

/** Three tiers (STYLE.md): unit specs need no services; integration and e2e need `npm run services:up`. */
/** @type {import('jest').Config} */
const config = {
  testSequencer: '<rootDir>/test/support/src/jaeger-last.sequencer.js',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test,bench}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/src/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/src/retry-once.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/src/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/src/retry-once.ts'],
    },
  ],
};

module.exports = config;
