// Errors the kit raises. Each sets `name` and carries a stable `code` an operator can search for;
// none of them is a wire code, so a client only ever sees them as INTERNAL_ERROR.

export abstract class LambdaKitError extends Error {
  public abstract readonly code: string;

  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** BatchWriteItem kept returning UnprocessedItems; what is left expires by TTL. */
export class IncompleteBatchError extends LambdaKitError {
  public override readonly name = 'IncompleteBatchError';
  public readonly code = 'INCOMPLETE_BATCH';

  public constructor(
    public readonly remaining: number,
    attempts: number,
  ) {
    super(`${remaining} item(s) still unprocessed after ${attempts} attempt(s)`);
  }
}
