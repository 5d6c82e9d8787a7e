// Browser tests: real Chromium (Debian package) driven by playwright-core against the local cloud,
// which each spec file starts and stops itself. Run with `npm run e2e -w webapp`.
const path = require('node:path');

module.exports = {
  displayName: 'webapp-e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.json') }] },
  testTimeout: 120_000,
  maxWorkers: 1,
};
