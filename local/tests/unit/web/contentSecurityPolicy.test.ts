import { join } from 'node:path';
import {
  hostedContentSecurityPolicy,
  localContentSecurityPolicy,
  withConnectSources,
} from '../../../src/web/contentSecurityPolicy';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name !== '')
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('the local Content-Security-Policy', () => {
  it("is the hosting template's, every directive the same except connect-src", () => {
    const hosted = directives(hostedContentSecurityPolicy(REPO_ROOT));
    const local = directives(localContentSecurityPolicy(REPO_ROOT, 'ws://127.0.0.1:3001/local'));
    expect(Object.keys(local)).toEqual(Object.keys(hosted));
    const { 'connect-src': hostedConnect, ...hostedRest } = hosted;
    const { 'connect-src': localConnect, ...localRest } = local;
    expect(localRest).toEqual(hostedRest);
    expect(hostedConnect).toContain("'self'");
    // The local gateway's origin only: no AWS placeholder left, no other host.
    expect(localConnect).toEqual(["'self'", 'ws://127.0.0.1:3001']);
  });

  it('keeps the script and framing rules of the hosted policy', () => {
    const local = directives(localContentSecurityPolicy(REPO_ROOT, 'ws://127.0.0.1:3001/local'));
    expect(local).toMatchObject({ 'script-src': ["'self'"], 'frame-ancestors': ["'none'"] });
  });

  it('refuses a policy without connect-src rather than sending one the app cannot run under', () => {
    expect(() => withConnectSources("default-src 'self'", ['ws://127.0.0.1:1'])).toThrow(/connect-src/);
  });
});
