// Unit tests of the pure parts of the deploy/test scripts (CommonJS modules in scripts/lib).
module.exports = {
  displayName: 'scripts',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.test.cjs'],
};
