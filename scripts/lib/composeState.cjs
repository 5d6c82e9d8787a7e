// The osls compose state file and the placeholder outputs that let a never-deployed project package.
//
// @osls/compose keeps, per stage, `.serverless/state.<stage>.json` at the project root:
//   { "service": { "id": ... },
//     "components": { "<service key>": { "outputs": { "<StackOutput>": value }, "state": {...} } } }
// `${connections.WebsocketApiId}` in serverless-compose.yml is read from
// components.connections.outputs, for every command, before the service's `serverless <cmd>` runs
// (an output that is missing aborts the command). `deploy` fills the outputs from
// `serverless info --verbose` after each service; `refresh-outputs` re-reads them.
// `package` never deploys, so a project that was never deployed has no outputs: seeding writes
// placeholders (flagged `placeholder: true`) for every service that has none. They only ever feed
// templates that are packaged and linted, never deployed: scripts/deploy.mjs strips them first.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const PLACEHOLDER_ACCOUNT = '000000000000';
/** Looks like an API Gateway id (10 lowercase alphanumerics) so templates and linters accept it. */
const PLACEHOLDER_API_ID = 'placeh0ldr';

/** Stack outputs each service exports (compose passes them on), with placeholder values for one stage. */
/** The connections service's default roomShards, so a seeded RoomShards matches an undeployed stage. */
function defaultRoomShards() {
  const { parse } = require('yaml');
  const file = path.join(__dirname, '..', '..', 'services', 'connections', 'serverless.yml');
  // Only params are read: the CloudFormation short tags (!GetAtt, !Sub) may stay unresolved.
  const params = parse(fs.readFileSync(file, 'utf8'), { logLevel: 'error' })?.params?.default ?? {};
  return String(params.roomShards ?? 1);
}

function placeholderOutputs(stage, region = 'us-east-1') {
  const dynamoArn = (table) => `arn:aws:dynamodb:${region}:${PLACEHOLDER_ACCOUNT}:table/${table}`;
  const sqsArn = (queue) => `arn:aws:sqs:${region}:${PLACEHOLDER_ACCOUNT}:${queue}`;
  const sqsUrl = (queue) => `https://sqs.${region}.amazonaws.com/${PLACEHOLDER_ACCOUNT}/${queue}`;
  const apiHost = `${PLACEHOLDER_API_ID}.execute-api.${region}.amazonaws.com`;
  const connectionsTable = `chorus-connections-${stage}`;
  const messagesTable = `chorus-messages-${stage}`;
  return {
    connections: {
      WebsocketApiId: PLACEHOLDER_API_ID,
      WebsocketManagementEndpoint: `https://${apiHost}/${stage}`,
      WebsocketUrl: `wss://${apiHost}/${stage}`,
      ConnectionsTableName: connectionsTable,
      ConnectionsTableArn: dynamoArn(connectionsTable),
      RoomShards: defaultRoomShards(),
    },
    messages: {
      MessagesTableName: messagesTable,
      MessagesTableArn: dynamoArn(messagesTable),
      MessagesStreamArn: `${dynamoArn(messagesTable)}/stream/1970-01-01T00:00:00.000`,
    },
    fanout: {
      DeliveryQueueUrl: sqsUrl(`chorus-delivery-${stage}`),
      DeliveryQueueArn: sqsArn(`chorus-delivery-${stage}`),
      DeliveryDlqUrl: sqsUrl(`chorus-delivery-dlq-${stage}`),
      DeliveryDlqArn: sqsArn(`chorus-delivery-dlq-${stage}`),
    },
  };
}

function stateFilePath(projectRoot, stage) {
  return path.join(projectRoot, '.serverless', `state.${stage}.json`);
}

function hasOutputs(record) {
  return Boolean(record && record.outputs && Object.keys(record.outputs).length > 0);
}

/**
 * A copy of `state` where every service without outputs gets placeholder outputs. Real outputs
 * (from a deploy) are kept untouched. Returns { state, seeded: [service keys] }.
 */
function seedPlaceholderOutputs(state, stage, region) {
  const placeholders = placeholderOutputs(stage, region);
  const next = JSON.parse(JSON.stringify(state || {}));
  next.components = next.components || {};
  const seeded = [];
  for (const [service, outputs] of Object.entries(placeholders)) {
    const record = next.components[service] || {};
    if (hasOutputs(record)) continue;
    next.components[service] = { ...record, outputs: { ...outputs }, placeholder: true };
    seeded.push(service);
  }
  return { state: next, seeded };
}

/** A copy of `state` without placeholder outputs (what a deploy must start from). */
function stripPlaceholderOutputs(state) {
  const next = JSON.parse(JSON.stringify(state || {}));
  const stripped = [];
  for (const [service, record] of Object.entries(next.components || {})) {
    if (record && record.placeholder) {
      delete record.outputs;
      delete record.placeholder;
      stripped.push(service);
    }
  }
  return { state: next, stripped };
}

module.exports = {
  PLACEHOLDER_ACCOUNT,
  PLACEHOLDER_API_ID,
  placeholderOutputs,
  stateFilePath,
  seedPlaceholderOutputs,
  stripPlaceholderOutputs,
};
