// The steps `npm test` runs, in order, and how their outcome is summarised. Pure: the file system
// is passed in, so the plan (which steps run, which are skipped and why) is unit-tested.
'use strict';

/**
 * @param {{ exists: (relativePath: string) => boolean, hasFiles: (relativeDir: string, suffix: string) => boolean,
 *           listDirs: (relativeDir: string) => string[] }} fsView
 * @returns {Array<{ name: string, command?: string[], skip?: string }>}
 */
function buildTestPlan(fsView) {
  const steps = [];
  const npx = (...args) => ['npx', '--no-install', ...args];

  steps.push({ name: 'typecheck: tsc -b (shared packages)', command: npx('tsc', '-b', 'tsconfig.json') });
  const workspaces = ['packages', 'services']
    .flatMap((dir) => fsView.listDirs(dir).map((name) => `${dir}/${name}`))
    .concat(['local']);
  for (const workspace of workspaces) {
    if (fsView.exists(`${workspace}/tsconfig.test.json`)) {
      steps.push({
        name: `typecheck: ${workspace} (src + tests)`,
        command: npx('tsc', '-p', `${workspace}/tsconfig.test.json`),
      });
    }
  }
  steps.push({
    name: 'typecheck: tests/templates',
    command: npx('tsc', '-p', 'tests/templates/tsconfig.json'),
  });

  steps.push({ name: 'lint: eslint + prettier', command: ['npm', 'run', '--silent', 'lint'] });

  steps.push({ name: 'unit: workspaces (root jest.config.cjs)', command: npx('jest', '--ci') });
  steps.push({ name: 'unit: scripts', command: npx('jest', '--ci', '-c', 'scripts/jest.config.cjs') });

  const services = fsView
    .listDirs('services')
    .filter((name) => fsView.exists(`services/${name}/serverless.yml`));
  if (services.length === 0) {
    const why = 'no services/*/serverless.yml yet';
    steps.push({ name: 'package: osls package + cfn-lint', skip: why });
    steps.push({ name: 'templates: CloudFormation assertions', skip: why });
  } else {
    steps.push({ name: 'package: osls package + cfn-lint', command: ['node', 'scripts/package.mjs'] });
    steps.push({
      name: 'templates: CloudFormation assertions',
      command: npx('jest', '--ci', '-c', 'tests/templates/jest.config.cjs'),
    });
  }

  if (!fsView.exists('local/jest.integration.config.cjs')) {
    steps.push({ name: 'integration: local cloud', skip: 'no local/jest.integration.config.cjs yet' });
  } else if (!fsView.hasFiles('local/tests/integration', '.test.ts')) {
    steps.push({ name: 'integration: local cloud', skip: 'no local/tests/integration/*.test.ts yet' });
  } else {
    steps.push({
      name: 'integration: local cloud',
      command: npx('jest', '--ci', '-c', 'local/jest.integration.config.cjs', '--runInBand'),
    });
  }

  if (!fsView.exists('webapp/jest.config.cjs')) {
    steps.push({ name: 'webapp: unit tests', skip: 'no webapp/jest.config.cjs yet' });
  } else if (!fsView.hasFiles('webapp', '.spec.ts') && !fsView.hasFiles('webapp/tests', '.test.ts')) {
    steps.push({ name: 'webapp: unit tests', skip: 'no webapp test files yet' });
  } else {
    steps.push({
      name: 'webapp: unit tests',
      command: ['npm', 'test', '--silent', '-w', 'webapp', '--', '--ci'],
    });
  }

  if (!fsView.exists('webapp/e2e/jest.config.cjs')) {
    steps.push({ name: 'browser: webapp e2e (Chromium)', skip: 'no webapp/e2e/jest.config.cjs yet' });
  } else {
    steps.push({
      name: 'browser: webapp e2e (Chromium)',
      command: ['npm', 'run', '--silent', 'e2e', '-w', 'webapp'],
    });
  }
  return steps;
}

/** The one-line summary the runner ends with: `N passed, N failed`. */
function summaryLine(results) {
  const passed = results.filter((result) => result.status === 'passed').length;
  const failed = results.filter((result) => result.status === 'failed').length;
  return `${passed} passed, ${failed} failed`;
}

module.exports = { buildTestPlan, summaryLine };
