// The deploy scripts must stop at once, before any build or network call, when no AWS credentials
// exist. Run them for real with an empty HOME and an environment without AWS variables.
const { describe, expect, test } = require('@jest/globals');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const scripts = path.resolve(__dirname, '..');

function runWithoutCredentials(script, args) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-nocreds-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [path.join(scripts, script), ...args], {
    env: { ...env, HOME: home, CHORUS_USE_INSTANCE_ROLE: '' },
    encoding: 'utf8',
    timeout: 30000,
  });
  fs.rmSync(home, { recursive: true, force: true });
  return { ...result, started };
}

describe.each([
  ['deploy.mjs', ['deploy', '--stage', 'ci'], 'Cannot deploy stage "ci"'],
  ['deploy.mjs', ['remove', '--stage', 'ci'], 'Cannot remove stage "ci"'],
  ['deploy-webapp.mjs', ['--stage', 'ci'], 'Cannot deploy the webapp of stage "ci"'],
])('%s %s without credentials', (script, args, headline) => {
  test('exits 2 with what is missing and how to provide it, doing nothing else', () => {
    const result = runWithoutCredentials(script, args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${headline}: no AWS credentials found.`);
    expect(result.stderr).toContain('no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and no AWS_PROFILE');
    expect(result.stderr).toContain('aws configure');
    expect(result.stdout).not.toContain('osls-compose');
    expect(result.stdout).not.toContain('npm run build');
  });
});

test('deploy.mjs rejects an unknown command with its usage', () => {
  const result = runWithoutCredentials('deploy.mjs', ['launch']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('usage: node scripts/deploy.mjs deploy|remove');
});
