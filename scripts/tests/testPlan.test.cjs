const { describe, expect, test } = require('@jest/globals');
const { buildTestPlan, summaryLine } = require('../lib/testPlan.cjs');
const { lintOutcome } = require('../lib/cfnLint.cjs');

function fsView(paths) {
  const set = new Set(paths);
  return {
    exists: (p) => set.has(p),
    listDirs: (dir) =>
      [...new Set(paths.filter((p) => p.startsWith(`${dir}/`)).map((p) => p.split('/')[1]))].sort(),
    hasFiles: (dir, suffix) => paths.some((p) => p.startsWith(`${dir}/`) && p.endsWith(suffix)),
  };
}

describe('npm test plan', () => {
  test('steps run in the documented order', () => {
    const plan = buildTestPlan(fsView(['services/a/serverless.yml', 'services/a/tsconfig.test.json']));
    const kinds = plan.map((step) => step.name.split(':')[0]);
    const order = ['typecheck', 'lint', 'unit', 'package', 'templates', 'integration', 'webapp', 'browser'];
    expect([...new Set(kinds)]).toEqual(order);
  });

  test('suites whose files do not exist yet are skipped with the reason', () => {
    const plan = buildTestPlan(fsView([]));
    const skipped = Object.fromEntries(
      plan.filter((step) => step.skip).map((step) => [step.name, step.skip]),
    );
    expect(skipped).toEqual({
      'package: osls package + cfn-lint': 'no services/*/serverless.yml yet',
      'templates: CloudFormation assertions': 'no services/*/serverless.yml yet',
      'integration: local cloud': 'no local/jest.integration.config.cjs yet',
      'webapp: unit tests': 'no webapp/jest.config.cjs yet',
      'browser: webapp e2e (Chromium)': 'no webapp/e2e/jest.config.cjs yet',
    });
  });

  test('suites that exist run, each workspace is type-checked with its test config', () => {
    const plan = buildTestPlan(
      fsView([
        'services/a/serverless.yml',
        'services/a/tsconfig.test.json',
        'local/tsconfig.test.json',
        'local/jest.integration.config.cjs',
        'local/tests/integration/chat.test.ts',
        'webapp/jest.config.cjs',
        'webapp/tests/unit/x.test.ts',
        'webapp/e2e/jest.config.cjs',
      ]),
    );
    expect(plan.filter((step) => step.skip)).toEqual([]);
    const commands = plan.map((step) => step.command.join(' '));
    expect(commands).toContain('npx --no-install tsc -p services/a/tsconfig.test.json');
    expect(commands).toContain('npx --no-install tsc -p local/tsconfig.test.json');
    expect(commands).toContain('node scripts/package.mjs');
    expect(commands).toContain('npx --no-install jest --ci -c local/jest.integration.config.cjs --runInBand');
  });

  test('an integration config without test files is skipped', () => {
    const plan = buildTestPlan(fsView(['local/jest.integration.config.cjs']));
    expect(plan.find((step) => step.name.startsWith('integration')).skip).toBe(
      'no local/tests/integration/*.test.ts yet',
    );
  });

  test('summary counts passed and failed steps (skipped and not-run steps are neither)', () => {
    expect(
      summaryLine([
        { status: 'passed' },
        { status: 'passed' },
        { status: 'failed' },
        { status: 'skipped' },
        { status: 'not run' },
      ]),
    ).toBe('2 passed, 1 failed');
  });
});

test('cfn-lint exit codes: errors and warnings fail, informational does not', () => {
  expect([0, 2, 4, 6, 8, 12, 1].map(lintOutcome)).toEqual([
    'clean',
    'errors',
    'warnings',
    'errors',
    'clean',
    'warnings',
    'crashed',
  ]);
});
