import { stepFailure } from '../../../../bench/scenarios/members';
import { stepReport } from './factories';

describe('stepFailure', () => {
  it('is nothing for a step where every member made it', () => {
    expect(stepFailure('N=10 join', stepReport(10, 1), 10)).toBeUndefined();
  });

  it('says how many failed, the first reason, and when the step gave up', () => {
    expect(stepFailure('N=10 join', stepReport(9, 1, 1), 10)).toBe(
      'N=10 join: 1 of 10 failed (first: #3: handshake refused with HTTP 429)',
    );
    expect(stepFailure('N=1000 join', { ...stepReport(500, 1, 20), aborted: true }, 1000)).toBe(
      'N=1000 join: 500 of 1,000 failed, stopped after 20 failures (first: #3: handshake refused with HTTP 429)',
    );
  });
});
