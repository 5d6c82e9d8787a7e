const { describe, expect, test } = require('@jest/globals');
const {
  cacheControlFor,
  contentTypeFor,
  findBuildDir,
  uploadPlan,
  webappConfig,
} = require('../lib/webappUpload.cjs');

describe('webapp upload', () => {
  test('content types by extension', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('main-VIFXBY2V.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('styles-VNK7SPCF.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('favicon.ico')).toBe('image/x-icon');
    expect(contentTypeFor('media/font.WOFF2')).toBe('font/woff2');
    expect(contentTypeFor('LICENSE')).toBe('application/octet-stream');
  });

  test('entry points revalidate, fingerprinted bundles are immutable, the rest is short-lived', () => {
    expect(cacheControlFor('index.html')).toBe('no-cache, max-age=0, must-revalidate');
    expect(cacheControlFor('config.json')).toBe('no-cache, max-age=0, must-revalidate');
    expect(cacheControlFor('chunk-SSF6OMIH.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('favicon.ico')).toBe('public, max-age=300');
  });

  test('index.html goes last and the build own config.json is replaced', () => {
    const plan = uploadPlan(['index.html', 'main-VIFXBY2V.js', 'config.json', 'assets/logo.svg']);
    expect(plan.map((item) => item.key)).toEqual(['assets/logo.svg', 'main-VIFXBY2V.js', 'index.html']);
  });

  test('config.json points at the deployed wss:// URL and nothing else', () => {
    const url = 'wss://abcdefghij.execute-api.us-east-1.amazonaws.com/dev';
    expect(JSON.parse(webappConfig(url))).toEqual({ websocketUrl: url });
    expect(() => webappConfig('ws://127.0.0.1:3001/local')).toThrow('Expected the deployed WebSocket URL');
    const auth = { authority: 'https://cognito-idp.eu-west-1.amazonaws.com/pool', clientId: 'abc' };
    expect(JSON.parse(webappConfig(url, auth))).toEqual({ websocketUrl: url, oidc: auth });
    expect(() => webappConfig(url, { authority: 'http://plain', clientId: 'abc' })).toThrow('AuthIssuer');
    expect(() => webappConfig(undefined)).toThrow();
  });

  test('finds the build directory that holds index.html', () => {
    const exists = (file) => file === '/w/dist/index.html';
    expect(findBuildDir(['/w/dist/browser', '/w/dist'], exists)).toBe('/w/dist');
    expect(() => findBuildDir(['/w/x'], () => false)).toThrow('did `npm run build -w webapp` succeed?');
  });
});
