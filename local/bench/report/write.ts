// Writes the JSON and HTML reports (Chart.js read from node_modules and inlined into the page).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderHtml } from './html';
import type { BenchReport } from './types';

/** Chart.js's UMD build, which defines `window.Chart` from a plain <script>. */
async function chartLibrary(): Promise<string> {
  return readFile(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

export async function writeReports(
  report: BenchReport,
  paths: { json: string; html: string },
): Promise<void> {
  await mkdir(dirname(paths.json), { recursive: true });
  await writeFile(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  await mkdir(dirname(paths.html), { recursive: true });
  await writeFile(paths.html, renderHtml(report, await chartLibrary()));
}
