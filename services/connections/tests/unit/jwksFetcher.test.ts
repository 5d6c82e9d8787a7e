import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import { createJwksFetcher } from '../../src/jwksFetcher';

describe('createJwksFetcher', () => {
  it('returns the body of a 200', async () => {
    const fetcher = createJwksFetcher(async () => new Response('{"keys":[]}', { status: 200 }));
    const body = await fetcher.fetch('http://127.0.0.1:1/jwks.json');
    expect(Buffer.from(body).toString('utf8')).toBe('{"keys":[]}');
  });

  it('reports another status as a non-retryable fetch error', async () => {
    const fetcher = createJwksFetcher(async () => new Response('nope', { status: 404 }));
    await expect(fetcher.fetch('http://127.0.0.1:1/jwks.json')).rejects.toBeInstanceOf(
      NonRetryableFetchError,
    );
  });

  it('reports a network failure as a fetch error', async () => {
    const fetcher = createJwksFetcher(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(fetcher.fetch('http://127.0.0.1:1/jwks.json')).rejects.toBeInstanceOf(FetchError);
  });
});
