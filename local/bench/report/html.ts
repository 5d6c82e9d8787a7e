// The HTML report: one self-contained file (Chart.js and the report data inlined) that opens
// offline. Pure: the chart library's source is passed in, so tests render it without I/O.
import type { BenchReport, ChartSpec, ScenarioResult, TableSpec } from './types';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside <script>: no `</script>`, no `<!--`, no U+2028/2029 surprises. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Chart.js configuration for one spec (plain data; the page passes it to `new Chart`). */
export function chartConfig(spec: ChartSpec): Record<string, unknown> {
  return {
    type: spec.kind,
    data: {
      ...(spec.labels === undefined ? {} : { labels: spec.labels }),
      datasets: spec.series.map((series, i) => ({
        label: series.label,
        data: series.data,
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: `${PALETTE[i % PALETTE.length]}99`,
        pointRadius: spec.xType === 'linear' ? 0 : 3,
        borderWidth: 2,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      plugins: { title: { display: true, text: spec.title } },
      scales: {
        x: { type: spec.xType, title: { display: spec.xLabel !== '', text: spec.xLabel } },
        y: { type: spec.yType, title: { display: true, text: spec.yLabel } },
      },
    },
  };
}

function table(spec: TableSpec): string {
  const head = spec.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = spec.rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><caption>${escapeHtml(spec.title)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function section(result: ScenarioResult): string {
  const failures =
    result.failures.length === 0
      ? '<p class="ok">exactly once: no missing, duplicate or stray delivery</p>'
      : `<ul class="fail">${result.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`;
  const charts = result.charts
    .map((c) => `<div class="chart"><canvas id="chart-${escapeHtml(c.id)}"></canvas></div>`)
    .join('\n');
  return [
    `<section><h2>${escapeHtml(result.scenario)} — ${escapeHtml(result.label)}</h2>`,
    `<pre>${escapeHtml(result.line)}</pre>`,
    failures,
    ...result.tables.map(table),
    charts,
    '</section>',
  ].join('\n');
}

export function renderHtml(report: BenchReport, chartLibrarySource: string): string {
  const charts = report.results.flatMap((r) =>
    r.charts.map((c) => ({ id: `chart-${c.id}`, config: chartConfig(c) })),
  );
  const m = report.machine;
  const verdict =
    report.failures.length === 0
      ? '<p class="ok">Functional check passed: every member received every message exactly once.</p>'
      : `<ul class="fail">${report.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chorus bench ${escapeHtml(report.startedAt)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#111}
pre{background:#f4f4f5;padding:.5rem;white-space:pre-wrap}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:right}
caption{text-align:left;font-weight:600}.ok{color:#15803d}.fail{color:#b91c1c}
.chart{max-width:900px;margin:1rem 0}
</style></head><body>
<h1>Chorus benchmark</h1>
<p>${escapeHtml(report.startedAt)} → ${escapeHtml(report.finishedAt)} · ${m.cpus} × ${escapeHtml(m.cpuModel)},
${m.totalMemGiB} GiB, Node ${escapeHtml(m.node)} · 1-min load ${m.loadAverage.start.toFixed(1)} → ${m.loadAverage.end.toFixed(1)}
(other work on the machine skews every figure)</p>
${verdict}
${report.results.map(section).join('\n')}
<script>${chartLibrarySource.replace(/<\/script/gi, '<\\/script')}</script>
<script type="application/json" id="bench-charts">${scriptSafeJson(charts)}</script>
<script type="application/json" id="bench-report">${scriptSafeJson(report)}</script>
<script>
for (const chart of JSON.parse(document.getElementById('bench-charts').textContent)) {
  new Chart(document.getElementById(chart.id), chart.config);
}
</script>
</body></html>
`;
}
