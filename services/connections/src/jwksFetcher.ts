// Fetches the JWKS with the runtime's `fetch`. aws-jwt-verify's own fetcher speaks only HTTPS; the
// local cloud's issuer is plain HTTP on 127.0.0.1, and one code path for both keeps local honest.
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';

/** Per attempt; two attempts still fit the authorizer's 5 s timeout (serverless.yml). */
export const JWKS_FETCH_TIMEOUT_MS = 2000;

export function createJwksFetcher(
  fetchImpl: typeof fetch = fetch,
  timeoutMs: number = JWKS_FETCH_TIMEOUT_MS,
): Fetcher {
  const attempt = async (uri: string): Promise<ArrayBuffer> => {
    let response: Response;
    try {
      response = await fetchImpl(uri, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new FetchError(uri, (error as Error).message);
    }
    if (response.status !== 200) {
      throw new NonRetryableFetchError(uri, `Status code is ${response.status}, expected 200`);
    }
    return response.arrayBuffer();
  };
  return {
    // One immediate retry, as aws-jwt-verify's own fetcher does: a cold start under load should
    // not turn a slow first JWKS read into a refused handshake.
    fetch: async (uri: string): Promise<ArrayBuffer> => {
      try {
        return await attempt(uri);
      } catch (error) {
        if (error instanceof NonRetryableFetchError) throw error;
        return attempt(uri);
      }
    },
  };
}
