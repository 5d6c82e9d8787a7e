const { describe, expect, test } = require('@jest/globals');
const { findAwsCredentials, missingCredentialsMessage, parseIni } = require('../lib/awsCredentials.cjs');

const HOME = '/home/dev';
const noFiles = () => undefined;
const files = (contents) => (file) => contents[file];

describe('findAwsCredentials (no network: environment and ~/.aws files only)', () => {
  test('finds keys in the environment', () => {
    const result = findAwsCredentials({
      env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' },
      homeDir: HOME,
      readFile: noFiles,
    });
    expect(result).toEqual({ found: true, source: expect.stringContaining('AWS_ACCESS_KEY_ID') });
  });

  test('an access key without its secret is not a credential, and says so', () => {
    const result = findAwsCredentials({
      env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' },
      homeDir: HOME,
      readFile: noFiles,
    });
    expect(result.found).toBe(false);
    expect(result.reasons).toContain('only one of AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY is set');
  });

  test('finds the default profile in ~/.aws/credentials', () => {
    const result = findAwsCredentials({
      env: {},
      homeDir: HOME,
      readFile: files({
        '/home/dev/.aws/credentials': '[default]\naws_access_key_id = A\naws_secret_access_key = B\n',
      }),
    });
    expect(result).toEqual({ found: true, source: expect.stringContaining('profile "default"') });
  });

  test('finds an SSO profile named by AWS_PROFILE in ~/.aws/config', () => {
    const result = findAwsCredentials({
      env: { AWS_PROFILE: 'work' },
      homeDir: HOME,
      readFile: files({
        '/home/dev/.aws/config': '[profile work]\nsso_session = corp\nsso_account_id = 1\n',
      }),
    });
    expect(result).toEqual({ found: true, source: expect.stringContaining('SSO') });
  });

  test('AWS_PROFILE naming a profile that does not exist is reported', () => {
    const result = findAwsCredentials({
      env: { AWS_PROFILE: 'missing' },
      homeDir: HOME,
      readFile: files({ '/home/dev/.aws/config': '[profile other]\nregion = eu-west-1\n' }),
    });
    expect(result.found).toBe(false);
    expect(result.reasons.join('\n')).toContain('profile "missing" has no credentials');
  });

  test('honours AWS_SHARED_CREDENTIALS_FILE', () => {
    const result = findAwsCredentials({
      env: { AWS_SHARED_CREDENTIALS_FILE: '/ci/creds' },
      homeDir: HOME,
      readFile: files({ '/ci/creds': '[default]\naws_access_key_id=A\naws_secret_access_key=B' }),
    });
    expect(result.found).toBe(true);
  });

  test('container and web-identity credentials count', () => {
    for (const env of [
      { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' },
      { AWS_WEB_IDENTITY_TOKEN_FILE: '/token', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r' },
    ]) {
      expect(findAwsCredentials({ env, homeDir: HOME, readFile: noFiles }).found).toBe(true);
    }
  });

  test('a config file with only a region is not a credential', () => {
    const result = findAwsCredentials({
      env: {},
      homeDir: HOME,
      readFile: files({ '/home/dev/.aws/config': '[default]\nregion = us-east-1\n' }),
    });
    expect(result.found).toBe(false);
    expect(result.reasons.join('\n')).toContain('no usable [default] profile');
  });

  test('nothing at all: says what is missing', () => {
    const result = findAwsCredentials({ env: {}, homeDir: HOME, readFile: noFiles });
    expect(result.found).toBe(false);
    expect(result.reasons).toEqual([
      'no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and no AWS_PROFILE in the environment',
      'no /home/dev/.aws/credentials or /home/dev/.aws/config',
    ]);
  });
});

test('the message names the action, the reasons and how to provide credentials', () => {
  const message = missingCredentialsMessage('deploy stage dev', ['reason one']);
  expect(message).toContain('Cannot deploy stage dev: no AWS credentials found.');
  expect(message).toContain('  - reason one');
  expect(message).toContain('aws configure');
  expect(message).toContain('AWS_PROFILE');
});

test('parseIni reads sections, ignores comments and lower-cases keys', () => {
  expect(parseIni('# c\n[default]\nAWS_Access_Key_Id = A\n; x\n[profile p]\nregion=eu\n')).toEqual({
    default: { aws_access_key_id: 'A' },
    'profile p': { region: 'eu' },
  });
});
