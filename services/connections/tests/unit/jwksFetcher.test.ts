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

  it('retries a network failure once, then reports it as a fetch error', async () => {
    const calls: string[] = [];
    const fetcher = createJwksFetcher(async (uri) => {
      calls.push(String(uri));
      throw new TypeError('fetch failed');
    });
    await expect(fetcher.fetch('http://127.0.0.1:1/jwks.json')).rejects.toBeInstanceOf(FetchError);
    expect(calls).toHaveLength(2);
  });

  it('succeeds when the retry does', async () => {
    let calls = 0;
    const fetcher = createJwksFetcher(async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('socket hang up');
      return new Response('{"keys":[]}', { status: 200 });
    });
    await expect(fetcher.fetch('http://127.0.0.1:1/jwks.json')).resolves.toBeInstanceOf(ArrayBuffer);
  });
});
