// `npm start`: the whole of Chorus on one machine. Prints one line per component with its start
// time, then the endpoints; Ctrl+C (or SIGTERM) stops everything, DynamoDB Local's JVM included.
import { resolve } from 'node:path';
import { LocalCloud } from './cloud/localCloud';
import { parseOptions, UsageError } from './cloud/options';
import { buildWebapp, webappBuildIsStale } from './cloud/webappBuild';
import { exitUnlessSupportedNode } from '../../scripts/lib/nodeEngine.cjs';

const repoRoot = resolve(__dirname, '..', '..');

function printError(error: unknown): void {
  const known =
    error instanceof Error &&
    [
      'UsageError',
      'ResourceError',
      'JavaPrerequisiteError',
      'PortInUseError',
      'DefinitionError',
      'UnsupportedDefinitionError',
      'NodeRuntimeMismatchError',
    ].includes(error.name);
  // Known errors carry a message that names the fix; a stack trace would only bury it.
  console.error(known ? `\n✖ ${(error as Error).message}` : error);
}

async function main(): Promise<void> {
  // Before anything starts: on an older Node the local cloud would not run handlers as Lambda does.
  exitUnlessSupportedNode();
  const options = parseOptions(process.argv.slice(2), process.env, repoRoot);
  const startedAt = performance.now();
  console.log('Chorus local cloud: starting (no AWS account needed)');
  if (options.web && (await webappBuildIsStale(repoRoot))) {
    const buildStart = performance.now();
    console.log('  … building the webapp (its sources changed since the last build)');
    await buildWebapp(repoRoot);
    console.log(`  ✔ ${'webapp build'.padEnd(34)} ${((performance.now() - buildStart) / 1000).toFixed(2)} s`);
  }
  const cloud = new LocalCloud(options, (line) => console.log(line));
  let shuttingDown = false;
  const shutdown = (signal: string): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`\n${signal}: stopping the local cloud…`);
    cloud.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const endpoints = await cloud.start();
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(2);
  console.log(`\nChorus is ready in ${seconds} s`);
  console.log(`  Sign-in          ${endpoints.signIn}  (POST {"name":"<your name>"} → {"token":"…"})`);
  console.log(`  WebSocket        ${endpoints.websocketUrl}?token=<token>`);
  console.log(`  @connections     ${endpoints.managementEndpoint}/@connections/{connectionId}`);
  if (endpoints.webUrl !== undefined) console.log(`  Web app          ${endpoints.webUrl}`);
  console.log(`  DynamoDB         ${endpoints.dynamodbEndpoint}`);
  console.log(`  SQS              ${endpoints.sqsEndpoint}`);
  console.log(`  Endpoints file   ${options.endpointsFile}`);
  console.log('Press Ctrl+C to stop.');
}

main().catch((error: unknown) => {
  printError(error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
