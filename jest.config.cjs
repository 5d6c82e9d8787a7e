// Root Jest config: every workspace contributes projects so `jest --selectProjects unit` runs all
// unit tests in one process pool. Integration and browser suites are separate projects started by
// scripts/test.mjs because they bring up the local cloud.
const path = require('node:path');

const fs = require('node:fs');

const workspaces = ['packages', 'services']
  .flatMap((dir) => fs.readdirSync(path.join(__dirname, dir)).map((name) => path.join(dir, name)))
  .concat(['local'])
  .filter((dir) => fs.existsSync(path.join(__dirname, dir, 'tests', 'unit')));

const tsJest = (tsconfig) => ['ts-jest', { tsconfig, isolatedModules: false }];

module.exports = {
  projects: workspaces.map((dir) => ({
    displayName: dir,
    rootDir: path.join(__dirname, dir),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    transform: { '^.+\\.ts$': tsJest(path.join(__dirname, dir, 'tsconfig.test.json')) },
    moduleNameMapper: { '^@chorus/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts') },
  })),
};
