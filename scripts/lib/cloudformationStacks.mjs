// Deploys and removes the plain CloudFormation stacks in infra/ with the AWS SDK (compose only runs
// osls services). Create or update, wait, and treat "No updates are to be performed" as success.
import fs from 'node:fs';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';

const WAIT_SECONDS = 30 * 60;

export function cloudFormation(region) {
  return new CloudFormationClient({ region });
}

/** The stack, or undefined when it does not exist. */
export async function describeStack(client, stackName) {
  try {
    const { Stacks = [] } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    return Stacks[0];
  } catch (error) {
    if (/does not exist/.test(String(error?.message))) return undefined;
    throw error;
  }
}

/** Stack outputs as { OutputKey: OutputValue }. */
export async function stackOutputs(client, stackName) {
  const stack = await describeStack(client, stackName);
  if (!stack)
    throw new Error(`Stack ${stackName} does not exist. Deploy first: npm run deploy -- --stage <stage>`);
  return Object.fromEntries((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
}

export async function deployStack(client, { stackName, templateFile, parameters }) {
  const input = {
    StackName: stackName,
    TemplateBody: fs.readFileSync(templateFile, 'utf8'),
    Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
      ParameterKey,
      ParameterValue,
    })),
    Tags: [{ Key: 'app', Value: 'chorus' }],
  };
  const existing = await describeStack(client, stackName);
  if (existing?.StackStatus === 'ROLLBACK_COMPLETE') {
    // A stack whose creation failed cannot be updated; it has no resources left, so replace it.
    await client.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete({ client, maxWaitTime: WAIT_SECONDS }, { StackName: stackName });
  }
  if (!existing || existing.StackStatus === 'ROLLBACK_COMPLETE') {
    await client.send(new CreateStackCommand({ ...input, OnFailure: 'ROLLBACK' }));
    await waitUntilStackCreateComplete({ client, maxWaitTime: WAIT_SECONDS }, { StackName: stackName });
    return 'created';
  }
  try {
    await client.send(new UpdateStackCommand(input));
  } catch (error) {
    if (/No updates are to be performed/.test(String(error?.message))) return 'unchanged';
    throw error;
  }
  await waitUntilStackUpdateComplete({ client, maxWaitTime: WAIT_SECONDS }, { StackName: stackName });
  return 'updated';
}

export async function removeStack(client, stackName) {
  if (!(await describeStack(client, stackName))) return 'absent';
  await client.send(new DeleteStackCommand({ StackName: stackName }));
  await waitUntilStackDeleteComplete({ client, maxWaitTime: WAIT_SECONDS }, { StackName: stackName });
  return 'removed';
}
