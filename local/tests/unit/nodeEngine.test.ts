// `npm start` and `npm run bench` stop on an older Node with the fix, before starting anything.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(60_000);

const localDir = path.join(__dirname, '../..');
// The only way to run an entry point "on Node 20" here: make it read that version.
const pretendNode20 = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})';

describe.each([
  ['npm start', 'src/main.ts'],
  ['npm run bench', 'bench/run.ts'],
])('%s', (_command, entry) => {
  test('refuses Node 20 with a message naming the fix, and starts nothing', () => {
    const run = spawnSync(process.execPath, ['--import', pretendNode20, '--import', 'tsx', entry], {
      cwd: localDir,
      encoding: 'utf8',
      // Free ports and a time limit, so a broken guard fails this test instead of starting a cloud on 3001.
      env: {
        ...process.env,
        CHORUS_GATEWAY_PORT: '0',
        CHORUS_DYNAMODB_PORT: '0',
        CHORUS_SQS_PORT: '0',
        CHORUS_WEB_PORT: '0',
      },
      timeout: 30_000,
    });
    expect(run.stderr).toContain(
      '✖ Chorus needs Node >=24.15 (Lambda runs nodejs24.x), but this is Node v20.20.2. Install Node 24: npm i --prefix',
    );
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(/starting|Chorus bench/);
  });
});
