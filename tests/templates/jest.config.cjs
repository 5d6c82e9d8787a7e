// CloudFormation assertions on the templates `npm run package` generates (services/*/.serverless/)
// and on infra/*.yml. Separate from the root jest.config.cjs (workspace unit tests) because these
// need packaging first: `npm run package && npx jest -c tests/templates/jest.config.cjs`.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

module.exports = {
  displayName: 'templates',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.json'), isolatedModules: false }],
  },
  moduleNameMapper: { '^@chorus/([a-z-]+)$': path.join(root, 'packages/$1/src/index.ts') },
};
