import { IncompleteBatchError, LambdaKitError } from '../../src/errors';

describe('kit errors', () => {
  it('IncompleteBatchError has a name, a stable code and says what is left', () => {
    const error = new IncompleteBatchError(7, 6);
    expect(error).toBeInstanceOf(LambdaKitError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('IncompleteBatchError');
    expect(error.code).toBe('INCOMPLETE_BATCH');
    expect(error.remaining).toBe(7);
    expect(error.message).toMatch(/7 item\(s\).*6 attempt/);
  });
});
