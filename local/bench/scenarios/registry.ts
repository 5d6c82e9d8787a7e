// Every scenario `--scenarios` can select, keyed by its name in args.ts (which also fixes the order
// they run in). A new scenario is one entry here and one name in SCENARIO_NAMES.
import type { ScenarioName } from '../args';
import { awsTimingScenario } from './awsTiming';
import { coldStartScenario } from './coldStart';
import type { Scenario } from './context';
import { fanoutScenario } from './fanout';
import { joinScenario } from './join';
import { sustainedScenario } from './sustained';
import { syntheticScenario } from './synthetic';

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  'cold-start': coldStartScenario,
  join: joinScenario,
  fanout: fanoutScenario,
  sustained: sustainedScenario,
  'aws-timing': awsTimingScenario,
  synthetic: syntheticScenario,
};
