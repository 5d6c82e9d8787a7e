// What every scenario hands the runner: one terminal line, its functional failures, its figures
// (the JSON report) and the charts and tables of the HTML report. Chart specs are plain data so
// the JSON report carries exactly what the HTML plots.

export interface XY {
  x: number;
  y: number;
}

export interface ChartSeries {
  label: string;
  /** Values per category label (category x axis) or points (linear x axis). */
  data: number[] | XY[];
}

export interface ChartSpec {
  id: string;
  title: string;
  kind: 'line' | 'bar';
  xLabel: string;
  yLabel: string;
  xType: 'category' | 'linear';
  yType: 'linear' | 'logarithmic';
  /** Category labels when xType is 'category'. */
  labels?: string[];
  series: ChartSeries[];
}

export interface TableSpec {
  title: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}

export interface ScenarioResult {
  /** The registry name of the scenario that produced it. */
  scenario: string;
  /** What it measured, e.g. "N=1000". */
  label: string;
  /** The one line printed on stdout. */
  line: string;
  /** Functional failures (missing/duplicate/stray deliveries, crashes); empty on success. */
  failures: string[];
  /** The figures, as they go into the JSON report. */
  data: Record<string, unknown>;
  charts: ChartSpec[];
  tables: TableSpec[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average at the start and the end: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  options: unknown;
  results: ScenarioResult[];
  /** Every result's failures, prefixed with its scenario; empty means the run passed. */
  failures: string[];
}
