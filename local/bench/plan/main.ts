// `npm run plan -- --room-size N [knobs]`: the capacity model (../capacity.ts) as a CLI. Prints the
// projected fan-out of one message, or the plan as JSON with --json; exits 2 on a usage error.
import { REPO_ROOT } from '../../tests/integration/support/localCloudProcess';
import { planFanOut } from '../capacity';
import { parsePlanArgs, PlanHelpRequested, PlanUsageError } from './args';
import { readPlanDefaults } from './defaults';
import { formatPlan } from './format';

function main(argv: readonly string[]): number {
  const defaults = readPlanDefaults(REPO_ROOT);
  try {
    const options = parsePlanArgs(argv, defaults);
    const plan = planFanOut(options.inputs);
    console.log(options.json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    return 0;
  } catch (error) {
    if (error instanceof PlanHelpRequested) {
      console.log(error.message);
      return 0;
    }
    if (error instanceof PlanUsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
