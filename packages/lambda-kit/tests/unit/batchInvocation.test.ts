import type { Context } from 'aws-lambda';
import { withBatchInvocation } from '../../src/batchInvocation';
import { routeDeps } from '../support/recorders';

const context = { awsRequestId: 'lambda-req-7', functionName: 'chorus-fanout-dev-deliver' } as Context;

describe('withBatchInvocation', () => {
  it('tags the batch with the Lambda request id after clearing the last batch keys, then flushes', async () => {
    const deps = routeDeps();
    const result = await withBatchInvocation(deps, context, async () => {
      deps.metrics.addMetric('Deliveries', 'Count', 3);
      return { batchItemFailures: [] };
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(deps.logger.addContext).toHaveBeenCalledWith(context);
    expect(deps.logger.resetKeys.mock.invocationCallOrder[0]).toBeLessThan(
      deps.logger.appendKeys.mock.invocationCallOrder[0] ?? 0,
    );
    expect(deps.logger.appendKeys).toHaveBeenCalledWith({ requestId: 'lambda-req-7' });
    expect(deps.metrics.published.get('Deliveries')).toBe(3);
  });

  it('flushes the metrics of a batch that threw, and rethrows', async () => {
    const deps = routeDeps();
    await expect(
      withBatchInvocation(deps, context, async () => {
        deps.metrics.addMetric('UndeliverableRecords', 'Count', 1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(deps.metrics.published.get('UndeliverableRecords')).toBe(1);
  });
});
