// Ids in the shape API Gateway uses for connectionId, requestId and messageId: 15 characters of
// the URL-safe base64 alphabet plus a final '=' (base64url of 11 random bytes), e.g. `R1kmxc2VNjMCFIA=`.
import { randomBytes, randomInt } from 'node:crypto';

const ID_PATTERN = /^[A-Za-z0-9_-]{15}=$/;
const API_ID_PATTERN = /^[a-z0-9]{10}$/;
const API_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh 16-character id for a connection, request or message. */
export function newGatewayId(): string {
  return `${randomBytes(11).toString('base64url')}=`;
}

export function isGatewayId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** A random API id: 10 lowercase alphanumerics, like `dl7ptocha9`. */
export function newApiId(): string {
  let id = '';
  for (let i = 0; i < 10; i += 1) id += API_ID_ALPHABET[randomInt(API_ID_ALPHABET.length)];
  return id;
}

export function isApiId(value: string): boolean {
  return API_ID_PATTERN.test(value);
}
