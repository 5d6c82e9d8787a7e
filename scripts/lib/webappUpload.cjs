// What deploy-webapp.mjs uploads and with which headers. Pure, so it is unit-tested.
'use strict';

const path = require('node:path');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
};

function contentTypeFor(key) {
  return CONTENT_TYPES[path.extname(key).toLowerCase()] || 'application/octet-stream';
}

/** Angular's production build names bundles `<name>-<HASH>.<ext>` (8+ upper-case/digit chars). */
function isFingerprinted(key) {
  return /-[A-Z0-9]{8,}\.[a-z0-9]+$/.test(path.basename(key));
}

/**
 * index.html and config.json change on every deploy at the same URL: browsers and CloudFront must
 * revalidate them. Fingerprinted bundles never change: cache for a year. Anything else: 5 minutes.
 */
function cacheControlFor(key) {
  const name = path.basename(key);
  if (name === 'index.html' || name === 'config.json') return 'no-cache, max-age=0, must-revalidate';
  if (isFingerprinted(key)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=300';
}

/** The runtime config the webapp fetches at start (`/config.json`). */
function webappConfig(websocketUrl, auth) {
  if (typeof websocketUrl !== 'string' || !/^wss:\/\/[^/\s]+\/\S+$/.test(websocketUrl)) {
    throw new Error(
      `Expected the deployed WebSocket URL (wss://<api>.execute-api.<region>.amazonaws.com/<stage>), got ${JSON.stringify(websocketUrl)}`,
    );
  }
  if (auth === undefined) return `${JSON.stringify({ websocketUrl }, null, 2)}\n`;
  // The OIDC provider of the hosted sign-in: the connections stack's AuthIssuer / AuthAudience.
  const { authority, clientId } = auth;
  if (
    typeof authority !== 'string' ||
    !/^https:\/\/\S+$/.test(authority) ||
    typeof clientId !== 'string' ||
    !clientId
  ) {
    throw new Error(
      `Expected the AuthIssuer (https://…) and AuthAudience outputs, got ${JSON.stringify(auth)}`,
    );
  }
  return `${JSON.stringify({ websocketUrl, oidc: { authority, clientId } }, null, 2)}\n`;
}

/**
 * The uploads for a build: one entry per file (relative paths with "/"), index.html last so a
 * browser never loads a new index.html that points at bundles not uploaded yet, and the build's
 * own config.json (the local one) replaced by the deployed config.
 */
function uploadPlan(relativeFiles) {
  const files = relativeFiles
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file !== 'config.json');
  const ordered = [
    ...files.filter((file) => file !== 'index.html').sort(),
    ...files.filter((file) => file === 'index.html'),
  ];
  return ordered.map((key) => ({
    key,
    contentType: contentTypeFor(key),
    cacheControl: cacheControlFor(key),
  }));
}

/** The directory of a finished Angular build: the folder under dist/ that holds index.html. */
function findBuildDir(candidates, exists) {
  const found = candidates.find((dir) => exists(path.join(dir, 'index.html')));
  if (!found)
    throw new Error(`No index.html in ${candidates.join(' or ')}: did \`npm run build -w webapp\` succeed?`);
  return found;
}

module.exports = { contentTypeFor, cacheControlFor, isFingerprinted, webappConfig, uploadPlan, findBuildDir };
