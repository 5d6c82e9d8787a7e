// `npm start` serves the built webapp. The root `prepare` script builds it at install time; this
// rebuilds only when a source file is newer than the build (or there is none), so a start after a
// webapp edit shows the edit without a manual build step.
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export function webappDistDir(repoRoot: string): string {
  return join(repoRoot, 'webapp', 'dist');
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when webapp/dist is missing or older than the webapp's or the protocol's sources. */
export async function webappBuildIsStale(repoRoot: string): Promise<boolean> {
  const built = await stat(join(webappDistDir(repoRoot), 'index.html')).catch(() => undefined);
  if (built === undefined) return true;
  const sources = await Promise.all(
    [
      join(repoRoot, 'webapp', 'src'),
      join(repoRoot, 'webapp', 'public'),
      join(repoRoot, 'packages', 'protocol', 'src'),
    ].map(newestMtime),
  );
  return Math.max(...sources) > built.mtimeMs;
}

/** Runs `npm run build -w webapp`, streaming nothing unless it fails. */
export function buildWebapp(repoRoot: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '-w', 'webapp'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `The webapp build failed (npm run build -w webapp, exit ${code}):\n${output.slice(-4000)}`,
          ),
        );
    });
  });
}
