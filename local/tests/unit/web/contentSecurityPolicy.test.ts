import { LOCAL_CONNECT_SOURCES, contentSecurityPolicy } from '../../../src/web/contentSecurityPolicy';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name ?? '', sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('runs scripts only from the app origin: no inline script, no eval, no plugins, no framing', () => {
    const policy = directives(contentSecurityPolicy([]));
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
  });

  it('lets the socket reach the given origins and its own, nothing else', () => {
    const policy = directives(contentSecurityPolicy(['wss://abc.execute-api.eu-west-1.amazonaws.com']));
    expect(policy.get('connect-src')).toEqual(["'self'", 'wss://abc.execute-api.eu-west-1.amazonaws.com']);
    expect(directives(contentSecurityPolicy(LOCAL_CONNECT_SOURCES)).get('connect-src')).toEqual([
      "'self'",
      'ws://127.0.0.1:*',
      'http://127.0.0.1:*',
    ]);
  });
});
