// What the integration suites ask the running local cloud directly: its admin API, the depth of
// a queue, and a wait on a condition that reports the cloud's own output when it times out.
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RunningCloud } from './localCloudProcess';

export interface AdminOptions {
  /**
   * Ask again while the gateway restarts (ECONNREFUSED), and after a reset socket unless the call
   * is a POST: a POST may have been applied (a second restart, a longer outage).
   */
  throughRestarts?: boolean;
}

async function adminOnce(
  cloud: RunningCloud,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${cloud.endpoints.adminUrl}/${path}`, {
    method,
    headers: {
      'x-chorus-admin-secret': cloud.endpoints.adminSecret,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /_chorus/${path} answered ${response.status}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** One call to `/_chorus/{path}` with the admin secret; its JSON answer (undefined when empty). */
export async function adminCall(
  cloud: RunningCloud,
  method: string,
  path: string,
  body?: unknown,
  options: AdminOptions = {},
): Promise<unknown> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await adminOnce(cloud, method, path, body);
    } catch (error) {
      const why = String((error as Error).cause ?? error);
      const refused = /ECONNREFUSED/.test(why);
      const reset = /ECONNRESET|other side closed|UND_ERR_SOCKET/.test(why) && method !== 'POST';
      if (options.throughRestarts !== true || !(refused || reset) || attempt > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Messages in a queue: visible, in flight and delayed (re-enqueued). */
export async function queueDepth(
  cloud: RunningCloud,
  sqs: SQSClient,
  logicalId: 'DeliveryQueue' | 'DeliveryDlq',
): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: cloud.endpoints.queues[logicalId],
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return Object.values(Attributes).reduce((sum, value) => sum + Number(value), 0);
}

/** Polls `check` every 250 ms; past `timeoutMs` it fails with the tail of the cloud's output. */
export async function waitUntil(
  cloud: RunningCloud,
  description: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting until ${description}:\n${cloud.output().slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
