// Unit tests of the webapp: jest-preset-angular (JIT-compiled components in jsdom, zoneless).
// Separate from the root config because Angular needs its own transformer and environment.
const path = require('node:path');

module.exports = {
  displayName: 'webapp',
  rootDir: __dirname,
  preset: 'jest-preset-angular',
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/tests/setup-jest.ts'],
  testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
  transform: {
    '^.+\\.(ts|js|mjs|html|svg)$': [
      'jest-preset-angular',
      { tsconfig: path.join(__dirname, 'tsconfig.spec.json'), stringifyContentPathRegex: '\\.(html|svg)$' },
    ],
  },
  transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$)'],
  moduleFileExtensions: ['ts', 'html', 'js', 'json', 'mjs'],
};
