// Cold start: spawn `tsx local/src/main.ts --in-memory --no-web` (through the integration
// harness, on free ports) and read the "Chorus is ready in X s" line it prints.
import { startLocalCloud, type RunningCloud } from '../tests/integration/support/localCloudProcess';
import type { Teardown } from './teardown';

export interface ColdStartRun {
  /** What main.ts reports: from its first line of code to ready. */
  readySeconds: number;
  /** From spawning the process (tsx compile included) to the endpoints file being read. */
  wallSeconds: number;
}

const READY_LINE = /Chorus is ready in (\d+(?:\.\d+)?) s/;

export function parseReadySeconds(output: string): number | undefined {
  const match = READY_LINE.exec(output);
  return match === null ? undefined : Number(match[1]);
}

/** Starts one local cloud, stopped by `teardown` unless the caller stops it first. */
export async function startCloud(
  teardown: Teardown,
): Promise<{ cloud: RunningCloud; run: ColdStartRun; release: () => void }> {
  const startedAt = performance.now();
  const cloud = await startLocalCloud({ timeoutMs: 180_000 });
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const release = teardown.add('local cloud', () => cloud.stop());
  const readySeconds = parseReadySeconds(cloud.output());
  if (readySeconds === undefined) throw new Error(`no "Chorus is ready in X s" line in:\n${cloud.output()}`);
  return { cloud, run: { readySeconds, wallSeconds }, release };
}

/** Times `count` cold starts one after another, each cloud stopped before the next one starts. */
export async function measureColdStarts(
  count: number,
  teardown: Teardown,
  onRun: (run: ColdStartRun, index: number) => void,
): Promise<ColdStartRun[]> {
  const runs: ColdStartRun[] = [];
  for (let i = 0; i < count; i += 1) {
    const { cloud, run, release } = await startCloud(teardown);
    runs.push(run);
    onRun(run, i);
    await cloud.stop();
    release();
  }
  return runs;
}
