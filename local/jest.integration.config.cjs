// Integration suites: each file starts a real local cloud (DynamoDB Local, fauxqs, our gateway,
// worker-thread handlers) as a child process on free ports and drives it over real sockets.
const path = require('node:path');

module.exports = {
  displayName: 'integration',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.test.json') }] },
  moduleNameMapper: { '^@chorus/([a-z-]+)$': path.join(__dirname, '../packages/$1/src/index.ts') },
  testTimeout: 120000,
  // One local cloud at a time: the machine has two cores and DynamoDB Local is a JVM.
  maxWorkers: 1,
};
