// The client picks the id that makes sendMessage idempotent: the same id is resent after a
// reconnect or a retry, and the server's conditional write turns the repeat into the same message.
import { InjectionToken } from '@angular/core';

export type ClientMsgIdFactory = () => string;

/**
 * 32 hex characters (128 random bits, like a UUID without dashes; matches CLIENT_MSG_ID_PATTERN).
 * getRandomValues rather than randomUUID: the latter is missing on plain-http origins.
 */
export function randomClientMsgId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const CLIENT_MSG_ID_FACTORY = new InjectionToken<ClientMsgIdFactory>('ClientMsgIdFactory', {
  providedIn: 'root',
  factory: () => randomClientMsgId,
});
