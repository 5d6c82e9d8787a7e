import { buildBenchReport } from '../../../../bench/report/benchReport';
import { barChart } from '../../../../bench/report/charts';
import { chartConfig, renderHtml, scriptSafeJson } from '../../../../bench/report/html';
import type { BenchReport, ScenarioResult } from '../../../../bench/report/types';

const machine = {
  cpus: 2,
  cpuModel: 'Test CPU',
  totalMemGiB: 8,
  node: '24.0.0',
  platform: 'linux-x64',
  loadAverage: { start: 0.5, end: 1.5 },
};

function result(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    scenario: 'fanout',
    label: 'Chorus / baseline',
    line: 'fanout ratio: N=2 3.0×',
    failures: [],
    data: {},
    charts: [barChart('fanout-ratio', 'p50', 'ms', ['N=2'], [{ label: 'Chorus', values: [123.5] }])],
    tables: [{ title: 'ratio', headers: ['room', 'ratio'], rows: [['2', '3.0×']] }],
    ...overrides,
  };
}

function report(results: ScenarioResult[]): BenchReport {
  return buildBenchReport({ startedAt: 'start', finishedAt: 'end', machine, options: {}, results });
}

/** The JSON a <script type="application/json" id=…> block of the page holds. */
function embedded(html: string, id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html);
  if (match === null) throw new Error(`no ${id} block`);
  return JSON.parse(match[1]!);
}

describe('renderHtml', () => {
  const library = '/* chart library */ window.Chart = function Chart() {};';

  it('inlines the chart library and every chart’s data, so the page opens offline', () => {
    const html = renderHtml(report([result()]), library);
    expect(html).toContain(library);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(embedded(html, 'bench-charts')).toEqual([
      { id: 'chart-fanout-ratio', config: chartConfig(result().charts[0]!) },
    ]);
    expect(html).toContain('<canvas id="chart-fanout-ratio">');
    expect(JSON.stringify(embedded(html, 'bench-charts'))).toContain('123.5');
  });

  it('embeds the whole report and shows lines, tables and the verdict', () => {
    const r = report([result()]);
    const html = renderHtml(r, library);
    expect(embedded(html, 'bench-report')).toEqual(JSON.parse(JSON.stringify(r)));
    expect(html).toContain('<pre>fanout ratio: N=2 3.0×</pre>');
    expect(html).toContain('<th>ratio</th>');
    expect(html).toContain('Functional check passed');
  });

  it('lists failures and escapes whatever text they carry', () => {
    const html = renderHtml(report([result({ failures: ['N=2: <b>3</b> missing'] })]), library);
    expect(html).toContain('N=2: &#60;b&#62;3&#60;/b&#62; missing');
    expect(html).not.toContain('Functional check passed');
  });

  it('cannot be broken out of by a </script> in the data or the library', () => {
    const html = renderHtml(
      report([result({ line: '</script><script>alert(1)</script>' })]),
      'var a = "</script>";',
    );
    expect(html.match(/<\/script>/g)).toHaveLength(4);
    expect(scriptSafeJson({ t: '</script>\u2028' })).toBe('{"t":"\\u003c/script\\u003e\\u2028"}');
  });
});

describe('chartConfig', () => {
  it('maps a spec onto Chart.js types, axes and datasets', () => {
    const config = chartConfig(result().charts[0]!) as {
      type: string;
      data: { labels: string[]; datasets: Array<{ label: string; data: number[] }> };
      options: { scales: { y: { type: string } } };
    };
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual(['N=2']);
    expect(config.data.datasets[0]).toMatchObject({ label: 'Chorus', data: [123.5] });
    expect(config.options.scales.y.type).toBe('linear');
  });
});
