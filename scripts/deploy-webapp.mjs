#!/usr/bin/env node
// `node scripts/deploy-webapp.mjs --stage <stage>`: builds the webapp, uploads it to the stage's
// hosting bucket (infra/webapp-hosting.yml) with content types and cache headers, writes
// /config.json { "websocketUrl": "wss://…" } pointing at the deployed WebSocket API, and invalidates
// CloudFront. Run after `npm run deploy`. Without AWS credentials it stops at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import credentials from './lib/awsCredentials.cjs';
import composeState from './lib/composeState.cjs';
import project from './lib/project.cjs';
import upload from './lib/webappUpload.cjs';

const { PROJECT_ROOT, SERVICES, INFRA_STACKS, assertValidStage } = project;

function fail(message, code = 1) {
  console.error(message);
  process.exit(code);
}

const { values: options } = parseArgs({
  options: {
    stage: { type: 'string', default: 'dev' },
    region: { type: 'string', default: 'us-east-1' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const stage = assertValidStage(options.stage);

const found = credentials.findAwsCredentialsOnThisMachine();
if (!found.found)
  fail(credentials.missingCredentialsMessage(`deploy the webapp of stage "${stage}"`, found.reasons), 2);
console.log(`AWS credentials: ${found.source}`);

/** The connections stack's outputs: compose's recorded ones if real, else the stack's. */
async function connectionsOutputs(stacks, client) {
  const stateFile = composeState.stateFilePath(PROJECT_ROOT, stage);
  if (fs.existsSync(stateFile)) {
    const record = JSON.parse(fs.readFileSync(stateFile, 'utf8')).components?.connections;
    if (record && !record.placeholder && record.outputs?.WebsocketUrl && record.outputs?.AuthIssuer) {
      return record.outputs;
    }
  }
  const connections = SERVICES.find((service) => service.key === 'connections');
  return stacks.stackOutputs(client, connections.stackName(stage));
}

function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

try {
  const stacks = await import('./lib/cloudformationStacks.mjs');
  const s3 = await import('./lib/s3Upload.mjs');
  const client = stacks.cloudFormation(options.region);
  const outputs = await connectionsOutputs(stacks, client);
  const config = upload.webappConfig(outputs.WebsocketUrl, {
    authority: outputs.AuthIssuer,
    clientId: outputs.AuthAudience,
  });
  const hosting = INFRA_STACKS.find((stack) => stack.key === 'webapp-hosting');
  const { WebappBucketName, WebappDistributionId, WebappUrl } = await stacks.stackOutputs(
    client,
    hosting.stackName(stage),
  );

  if (!options['skip-build']) {
    console.log('\n$ npm run build -w webapp');
    const build = spawnSync('npm', ['run', 'build', '-w', 'webapp'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    if (build.status !== 0) fail('webapp build failed');
  }
  const dist = path.join(PROJECT_ROOT, 'webapp', 'dist');
  const buildDir = upload.findBuildDir([path.join(dist, 'browser'), dist], fs.existsSync);
  const plan = upload.uploadPlan(listFiles(buildDir));

  console.log(`\nUploading ${plan.length + 1} files to s3://${WebappBucketName}`);
  await s3.uploadFiles(options.region, WebappBucketName, buildDir, plan, [
    {
      key: 'config.json',
      body: config,
      contentType: upload.contentTypeFor('config.json'),
      cacheControl: upload.cacheControlFor('config.json'),
    },
  ]);
  const invalidation = await s3.invalidate(WebappDistributionId, ['/index.html', '/config.json', '/']);
  console.log(`\nCloudFront invalidation ${invalidation} started on ${WebappDistributionId}`);
  console.log(`Webapp: ${WebappUrl}  (WebSocket: ${JSON.parse(config).websocketUrl})`);
} catch (error) {
  fail(`deploy-webapp failed: ${error?.message ?? error}`);
}
