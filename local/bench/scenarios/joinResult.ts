// join: N members joining one room — total seconds and joins/s, and the curve of members joined
// over time (a join whose cost grows with the room shows as a flattening curve).
import type { StepReport } from '../fleet/protocol';
import { curveChart } from '../report/charts';
import type { ScenarioResult } from '../report/types';

export interface JoinMeasurement {
  size: number;
  connect: StepReport;
  join: StepReport;
  failures: string[];
}

const n = (v: number): string => Math.round(v).toLocaleString('en-US');

export function joinsPerSecond(step: StepReport): number | undefined {
  return step.seconds > 0 ? step.done / step.seconds : undefined;
}

export function joinResult(m: JoinMeasurement): ScenarioResult {
  const rate = joinsPerSecond(m.join);
  const connectRate = joinsPerSecond(m.connect);
  return {
    scenario: 'join',
    label: `N=${m.size}`,
    line:
      `join N=${n(m.size)}: ${n(m.join.done)} joined one room in ${m.join.seconds.toFixed(1)} s ` +
      `(${rate === undefined ? '–' : n(rate)} joins/s); connected in ${m.connect.seconds.toFixed(1)} s ` +
      `(${connectRate === undefined ? '–' : n(connectRate)}/s); ${m.join.failed + m.connect.failed} failed`,
    failures: m.failures,
    data: {
      size: m.size,
      joinSeconds: m.join.seconds,
      joinsPerSecond: rate,
      joined: m.join.done,
      joinFailed: m.join.failed,
      connectSeconds: m.connect.seconds,
      connectsPerSecond: connectRate,
      connected: m.connect.done,
      connectFailed: m.connect.failed,
      errors: [...m.connect.errors, ...m.join.errors],
      joinCurve: m.join.curve,
    },
    charts: [
      curveChart(`join-${m.size}`, `Members joined over time, N=${m.size}`, 'seconds', 'members joined', [
        { label: 'joined', points: m.join.curve },
        { label: 'connected', points: m.connect.curve },
      ]),
    ],
    tables: [],
  };
}
