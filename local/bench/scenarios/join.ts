// join: N members joining one room, per --sizes (shares the room sweep with fanout).
import type { Scenario } from './context';
import { roomSweep } from './roomSweep';

export const joinScenario: Scenario = {
  name: 'join',
  summary: 'N members join one room: total seconds and joins/s per room size',
  async run(ctx) {
    await roomSweep(ctx);
  },
};
