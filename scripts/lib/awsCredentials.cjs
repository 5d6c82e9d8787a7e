// Is there any AWS credential the SDK's default provider chain could use? Answered from the
// environment and the ~/.aws files only (no network, no STS call), so deploy scripts can stop at
// once with a useful message instead of failing minutes later inside CloudFormation.
'use strict';

const path = require('node:path');

/** Parses an AWS shared config/credentials file into { sectionName: { key: value } }. */
function parseIni(text) {
  const sections = {};
  let current = null;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = header[1].trim();
      sections[current] = sections[current] || {};
      continue;
    }
    const eq = line.indexOf('=');
    if (current === null || eq < 0) continue;
    sections[current][line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

/** What in a profile's settings can produce credentials, or null. */
function profileCredentialSource(settings) {
  if (!settings) return null;
  if (settings.aws_access_key_id && settings.aws_secret_access_key) return 'static keys';
  if (settings.sso_session || settings.sso_start_url) return 'IAM Identity Center (SSO)';
  if (settings.credential_process) return 'credential_process';
  if (settings.role_arn && (settings.source_profile || settings.credential_source)) return 'assumed role';
  if (settings.role_arn && settings.web_identity_token_file) return 'web identity';
  if (settings.login_session) return 'console login session';
  return null;
}

/**
 * @param {{ env: Record<string, string | undefined>, homeDir: string,
 *           readFile: (file: string) => string | undefined }} deps
 *   readFile returns undefined when the file does not exist.
 * @returns {{ found: true, source: string } | { found: false, reasons: string[] }}
 */
function findAwsCredentials({ env, homeDir, readFile }) {
  const reasons = [];
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { found: true, source: 'environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY' };
  }
  if (env.AWS_ACCESS_KEY_ID || env.AWS_SECRET_ACCESS_KEY) {
    reasons.push('only one of AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY is set');
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
    return { found: true, source: 'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN)' };
  }
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    return { found: true, source: 'container credentials (ECS/CodeBuild)' };
  }
  // Instance roles live behind the metadata service, which cannot be probed without the network.
  if (env.CHORUS_USE_INSTANCE_ROLE === '1') {
    return { found: true, source: 'instance role (CHORUS_USE_INSTANCE_ROLE=1)' };
  }

  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE || path.join(homeDir, '.aws', 'config');
  const credentialsText = readFile(credentialsFile);
  const configText = readFile(configFile);
  const credentials = credentialsText === undefined ? {} : parseIni(credentialsText);
  const config = configText === undefined ? {} : parseIni(configText);

  const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
  const configSection = profile === 'default' ? config.default : config[`profile ${profile}`];
  const fromCredentials = profileCredentialSource(credentials[profile]);
  if (fromCredentials)
    return { found: true, source: `profile "${profile}" in ${credentialsFile} (${fromCredentials})` };
  const fromConfig = profileCredentialSource(configSection);
  if (fromConfig) return { found: true, source: `profile "${profile}" in ${configFile} (${fromConfig})` };

  if (env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE) {
    reasons.push(`profile "${profile}" has no credentials in ${credentialsFile} or ${configFile}`);
  } else {
    reasons.push('no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and no AWS_PROFILE in the environment');
    reasons.push(
      credentialsText === undefined && configText === undefined
        ? `no ${credentialsFile} or ${configFile}`
        : `no usable [default] profile in ${credentialsFile} or ${configFile}`,
    );
  }
  return { found: false, reasons };
}

/** The message printed when nothing was found: what is missing and how to provide it. */
function missingCredentialsMessage(action, reasons) {
  return [
    `Cannot ${action}: no AWS credentials found.`,
    ...reasons.map((reason) => `  - ${reason}`),
    '',
    'Provide credentials in one of these ways, then run the command again:',
    '  - export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... (and AWS_SESSION_TOKEN for temporary keys)',
    '  - aws configure                      (writes ~/.aws/credentials, profile "default")',
    '  - aws configure sso && export AWS_PROFILE=<profile>; aws sso login',
    '  - export AWS_PROFILE=<a profile that exists in ~/.aws/config or ~/.aws/credentials>',
    '  - on EC2/ECS with an instance role: export CHORUS_USE_INSTANCE_ROLE=1',
    '',
    'Nothing was deployed. To try Chorus without AWS, run `npm start` (the local cloud).',
  ].join('\n');
}

module.exports = { parseIni, profileCredentialSource, findAwsCredentials, missingCredentialsMessage };

/** findAwsCredentials against the real environment and file system. */
function findAwsCredentialsOnThisMachine() {
  const fs = require('node:fs');
  const os = require('node:os');
  const readFile = (file) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return findAwsCredentials({ env: process.env, homeDir: os.homedir(), readFile });
}

module.exports.findAwsCredentialsOnThisMachine = findAwsCredentialsOnThisMachine;
