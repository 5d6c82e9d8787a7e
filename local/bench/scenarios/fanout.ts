// fanout: send → last member per room size beside the plain `ws` broadcast of the same frame to
// the same number of sockets (shares the room sweep with join), then the ratio over all sizes.
import type { Scenario } from './context';
import { fanoutSummary } from './fanoutResult';
import { roomSweep } from './roomSweep';

export const fanoutScenario: Scenario = {
  name: 'fanout',
  summary: 'one message to N members, against a plain ws broadcast of the same frame: the ratio',
  async run(ctx) {
    const { fanouts } = await roomSweep(ctx);
    if (fanouts.length > 0) ctx.report(fanoutSummary(fanouts));
  },
};
