// What every admin extension (the outage switch, the function crash switch) does alike: read a
// bounded JSON body, answer 405 for a method its paths do not take, and answer a refusal as
// `{ message, code }` with its status. Each extension keeps only its own paths and verbs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdminExtension } from './adminApi';
import { readBody, sendJson } from './httpMessages';

/** How a refused admin request is answered: its status, a stable code, and what to fix. */
export interface AdminRefusal {
  status: number;
  code: string;
  message: string;
}

export interface AdminExtensionRoutes {
  /** Whether `path` (after `/_chorus/`) is one of this extension's. */
  owns(path: string): boolean;
  /** Answers the request; false when no route takes this method on `path` (→ 405). */
  route(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  /** The refusal an error stands for; undefined lets it through (the admin API answers 500). */
  refusalOf(error: unknown): AdminRefusal | undefined;
}

export function adminExtension(routes: AdminExtensionRoutes): AdminExtension {
  return async (req, res, path) => {
    if (!routes.owns(path)) return false;
    try {
      if (await routes.route(req, res, path)) return true;
      req.resume();
      sendJson(res, 405, { message: `${req.method} is not allowed on /_chorus/${path}` });
    } catch (error) {
      const refusal = routes.refusalOf(error);
      if (refusal === undefined) throw error;
      req.resume();
      sendJson(res, refusal.status, { message: refusal.message, code: refusal.code });
    }
    return true;
  };
}

/** The request's JSON body, at most `maxBytes`; `refuse` builds the error for a bad one. */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
  refuse: (message: string) => Error,
): Promise<unknown> {
  const { bytes, tooLarge } = await readBody(req, maxBytes);
  if (tooLarge) throw refuse(`body larger than ${maxBytes} bytes`);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw refuse('body is not JSON');
  }
}
