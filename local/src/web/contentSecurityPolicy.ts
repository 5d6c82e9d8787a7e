// The webapp's Content-Security-Policy, one definition for both places that serve it: the local
// static server sends it as is, and infra/webapp-hosting.yml's CloudFront response headers policy
// must hold the same directives (a template test compares them). Scripts only from the app's own
// origin, so an injected <script> or inline handler never runs; the socket may reach only the
// gateway. Styles allow inline because Angular adds component styles as <style> elements.

/** Directive → sources, everything but connect-src (which depends on where the gateway is). */
const FIXED_DIRECTIVES: ReadonlyArray<[string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

/** The policy, with `connectSources` (WebSocket and API origins) added to connect-src. */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [...FIXED_DIRECTIVES, ['connect-src', ["'self'", ...connectSources].join(' ')]]
    .map(([name, sources]) => `${name} ${sources}`)
    .join('; ');
}

/** What the local cloud's webapp may connect to: the gateway on this machine, any port. */
export const LOCAL_CONNECT_SOURCES: readonly string[] = ['ws://127.0.0.1:*', 'http://127.0.0.1:*'];
