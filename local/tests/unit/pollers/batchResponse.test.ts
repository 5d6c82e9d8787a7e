import { interpretBatchResponse, streamCheckpointIndex } from '../../../src/pollers/batchResponse';
import type { InvokeResult } from '../../../src/runtime/types';

const ids = ['m1', 'm2', 'm3'];
const returned = (result: unknown): InvokeResult => ({ ok: true, requestId: 'r', result });
const failures = (...itemIdentifiers: unknown[]) =>
  returned({ batchItemFailures: itemIdentifiers.map((itemIdentifier) => ({ itemIdentifier })) });

describe('interpretBatchResponse', () => {
  it('treats a function error as a whole-batch failure', () => {
    const thrown: InvokeResult = { ok: false, requestId: 'r', error: { name: 'TypeError', message: 'boom' } };
    expect(interpretBatchResponse(thrown, ids, true)).toEqual({
      kind: 'failure',
      reason: 'TypeError: boom',
      functionError: true,
    });
  });

  it('ignores the response when ReportBatchItemFailures is off', () => {
    expect(interpretBatchResponse(failures('m1'), ids, false)).toEqual({ kind: 'success' });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty object', {}],
    ['a null list', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('reads %s as full success', (_what, result) => {
    expect(interpretBatchResponse(returned(result), ids, true)).toEqual({ kind: 'success' });
  });

  it('lists the reported item identifiers once each', () => {
    expect(interpretBatchResponse(failures('m3', 'm1', 'm3'), ids, true)).toEqual({
      kind: 'partial',
      failedIds: ['m3', 'm1'],
    });
  });

  it.each([
    ['an empty identifier', failures('')],
    ['a null identifier', failures(null)],
    ['an identifier not in the batch', failures('m9')],
    ['a wrong key name', returned({ batchItemFailures: [{ itemId: 'm1' }] })],
    ['a list that is not a list', returned({ batchItemFailures: 'm1' })],
    ['a response that is not an object', returned('ok')],
  ])('reads %s as a whole-batch failure (not a function error)', (_what, result) => {
    const outcome = interpretBatchResponse(result, ids, true);
    expect(outcome).toMatchObject({ kind: 'failure', functionError: false });
  });
});

describe('streamCheckpointIndex', () => {
  const sequenceNumbers = ['100000000000000000009', '100000000000000000010', '100000000000000000011'];

  it('points at the lowest reported sequence number, compared as numbers', () => {
    expect(streamCheckpointIndex(sequenceNumbers, ['100000000000000000011', '100000000000000000010'])).toBe(
      1,
    );
    expect(streamCheckpointIndex(sequenceNumbers, ['100000000000000000009'])).toBe(0);
  });
});
