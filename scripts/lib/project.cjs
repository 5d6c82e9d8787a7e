// Facts about the repository layout that several scripts share.
'use strict';

const path = require('node:path');

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Compose service key -> folder, in deploy order (docs/architecture.md#services). */
const SERVICES = [
  { key: 'connections', dir: 'services/connections', stackName: (stage) => `chorus-connections-${stage}` },
  { key: 'messages', dir: 'services/messages', stackName: (stage) => `chorus-messages-${stage}` },
  { key: 'fanout', dir: 'services/fanout', stackName: (stage) => `chorus-fanout-${stage}` },
];

/** Plain CloudFormation stacks in infra/ that belong to no service. */
const INFRA_STACKS = [
  {
    key: 'webapp-hosting',
    template: 'infra/webapp-hosting.yml',
    stackName: (stage) => `chorus-webapp-${stage}`,
  },
  { key: 'dashboard', template: 'infra/dashboard.yml', stackName: (stage) => `chorus-dashboard-${stage}` },
];

/** Where `serverless package` leaves the template a deploy would apply. */
function packagedTemplatePath(root, serviceDir) {
  return path.join(root, serviceDir, '.serverless', 'cloudformation-template-update-stack.json');
}

/** A stage name osls, compose and CloudFormation names all accept. */
function assertValidStage(stage) {
  if (!/^[a-zA-Z0-9-]{1,32}$/.test(stage)) {
    throw new Error(`Invalid stage "${stage}": use letters, digits and "-" (at most 32 characters).`);
  }
  return stage;
}

module.exports = { PROJECT_ROOT, SERVICES, INFRA_STACKS, packagedTemplatePath, assertValidStage };
