#!/usr/bin/env node
// `npm run deploy -- --stage <stage>` / `npm run remove -- --stage <stage>`
//
// deploy: the three services through osls compose (connections → messages → fanout, outputs passed
//         as params), then the infra/ stacks (webapp hosting, operator dashboard).
// remove: the infra/ stacks (emptying the webapp bucket first), then the services in reverse order.
//
// Without AWS credentials it stops at once and says how to provide them. Region: the services
// default to us-east-1 (`${opt:region, 'us-east-1'}`); to use another, add `region: <r>` to each
// service in serverless-compose.yml and pass the same --region here (it places the infra stacks).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import credentials from './lib/awsCredentials.cjs';
import composeState from './lib/composeState.cjs';
import project from './lib/project.cjs';

const { PROJECT_ROOT, INFRA_STACKS, assertValidStage } = project;
const BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin');
const USAGE =
  'usage: node scripts/deploy.mjs deploy|remove [--stage dev] [--region us-east-1] [--services-only]';

function fail(message, code = 1) {
  console.error(message);
  process.exit(code);
}

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    stage: { type: 'string', default: 'dev' },
    region: { type: 'string', default: 'us-east-1' },
    'services-only': { type: 'boolean', default: false },
    'alarm-topic-arn': { type: 'string', default: '' },
  },
});
const command = positionals[0];
if (command !== 'deploy' && command !== 'remove') fail(USAGE, 2);
const stage = assertValidStage(options.stage);

// Before anything else (no network, no build): are there credentials at all?
const found = credentials.findAwsCredentialsOnThisMachine();
if (!found.found)
  fail(credentials.missingCredentialsMessage(`${command} stage "${stage}"`, found.reasons), 2);
console.log(`AWS credentials: ${found.source}`);

const env = {
  ...process.env,
  PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
  AWS_REGION: options.region,
  SLS_TELEMETRY_DISABLED: '1',
};

function compose(action) {
  console.log(`\n$ osls-compose ${action} --stage ${stage}`);
  const result = spawnSync(path.join(BIN, 'osls-compose'), [action, '--stage', stage], {
    cwd: PROJECT_ROOT,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) fail(`osls-compose ${action} failed (details: .serverless/compose.log)`);
}

/** Placeholder outputs written for offline packaging must never reach a real deploy. */
function stripPlaceholders() {
  const file = composeState.stateFilePath(PROJECT_ROOT, stage);
  if (!fs.existsSync(file)) return;
  const { state, stripped } = composeState.stripPlaceholderOutputs(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (stripped.length === 0) return;
  fs.writeFileSync(file, JSON.stringify(state, null, 2));
  console.log(
    `compose state: removed placeholder outputs of ${stripped.join(', ')} (they only serve offline packaging)`,
  );
}

function infraParameters(stack) {
  if (stack.key === 'dashboard' && options['alarm-topic-arn'])
    return { Stage: stage, AlarmTopicArn: options['alarm-topic-arn'] };
  return { Stage: stage };
}

async function deployInfra() {
  const stacks = await import('./lib/cloudformationStacks.mjs');
  const client = stacks.cloudFormation(options.region);
  for (const stack of INFRA_STACKS) {
    const stackName = stack.stackName(stage);
    console.log(`\ninfra: deploying ${stackName} (${stack.template})`);
    const outcome = await stacks.deployStack(client, {
      stackName,
      templateFile: path.join(PROJECT_ROOT, stack.template),
      parameters: infraParameters(stack),
    });
    console.log(`infra: ${stackName} ${outcome}`);
    for (const [key, value] of Object.entries(await stacks.stackOutputs(client, stackName)))
      console.log(`  ${key}: ${value}`);
  }
}

async function removeInfra() {
  const stacks = await import('./lib/cloudformationStacks.mjs');
  const { emptyBucket } = await import('./lib/s3Upload.mjs');
  const client = stacks.cloudFormation(options.region);
  for (const stack of [...INFRA_STACKS].reverse()) {
    const stackName = stack.stackName(stage);
    const existing = await stacks.describeStack(client, stackName);
    if (existing && stack.key === 'webapp-hosting') {
      const bucket = (existing.Outputs ?? []).find(
        (output) => output.OutputKey === 'WebappBucketName',
      )?.OutputValue;
      if (bucket) {
        console.log(`infra: emptying s3://${bucket} (CloudFormation cannot delete a bucket with objects)`);
        await emptyBucket(options.region, bucket);
      }
    }
    console.log(`infra: ${stackName} ${await stacks.removeStack(client, stackName)}`);
  }
}

try {
  if (command === 'deploy') {
    stripPlaceholders();
    compose('deploy');
    if (!options['services-only']) await deployInfra();
    console.log(`\nDeployed stage ${stage}. Next: node scripts/deploy-webapp.mjs --stage ${stage}`);
  } else {
    if (!options['services-only']) await removeInfra();
    compose('remove');
    console.log(`\nRemoved stage ${stage}.`);
  }
} catch (error) {
  fail(`${command} failed: ${error?.message ?? error}`);
}
