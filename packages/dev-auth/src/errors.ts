// Errors of the development issuer's key handling. Each sets `name` and a stable `code`.

export class SigningKeyError extends Error {
  public override readonly name = 'SigningKeyError';
  public readonly code = 'SIGNING_KEY_INVALID';
}
