// `npm run bench`: measures the local cloud's cold start, the fan-out pipeline's latency and
// throughput for several room sizes, and a baseline of plain PostToConnection calls in the same
// run; prints the tables, writes artifacts/bench.json, and projects the capacity model (docs/architecture.md)
// to AWS. Time never fails the run; missing/duplicate deliveries or a crash do (exit code 1).
import http from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { REPO_ROOT, type RunningCloud } from '../tests/integration/support/localCloudProcess';
import { BenchUsageError, parseBenchArgs, type BenchOptions } from './args';
import { measureColdStarts, startCloud, type ColdStartRun } from './coldStart';
import { readFanoutParams } from './params';
import {
  buildProjection,
  COLD_START_TARGET_SECONDS,
  functionalFailures,
  renderReport,
  summarizeRoom,
  type BenchReport,
  type RoomReport,
} from './report';
import { runRoom } from './room';
import { summarize } from './stats';
import { Teardown } from './teardown';

const log = (line: string): void => console.log(line);

/** The real SDK client against the gateway's @connections endpoint, set up like the deliver worker's. */
function managementClient(
  endpoint: string,
  inFlight: number,
): { client: ApiGatewayManagementApiClient; agent: http.Agent } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const client = new ApiGatewayManagementApiClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    // No SDK retries: a failed post is counted, not hidden inside a longer latency.
    maxAttempts: 1,
    requestHandler: { httpAgent: agent, connectionTimeout: 2_000, requestTimeout: 10_000 },
  });
  return { client, agent };
}

async function bench(options: BenchOptions, teardown: Teardown): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const params = readFanoutParams(REPO_ROOT);
  log(
    `Chorus bench: sizes ${options.sizes.join(', ')}, ${options.messages} messages each (+${options.warmups} warm-up), ${options.coldStarts} cold starts`,
  );

  let runs: ColdStartRun[] = [];
  let cloud: RunningCloud;
  if (options.coldStarts > 0) {
    const measured = await measureColdStarts(options.coldStarts, teardown, log);
    runs = measured.runs;
    cloud = measured.last!;
  } else {
    cloud = (await startCloud(teardown)).cloud;
  }

  // The SDK warns once that Node 20 support ends in 2027; it would only interleave with the tables.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const { client, agent } = managementClient(cloud.endpoints.managementEndpoint, params.deliveryInFlight);
  teardown.add('@connections client', async () => {
    client.destroy();
    agent.destroy();
  });

  const rooms: RoomReport[] = [];
  const crashes: string[] = [];
  for (const size of options.sizes) {
    try {
      const room = await runRoom(
        { ...options, size, inFlight: params.deliveryInFlight },
        cloud.endpoints,
        client,
        teardown,
        log,
      );
      rooms.push(summarizeRoom(room));
      const last = rooms[rooms.length - 1]!;
      log(
        `  N=${size}: pipeline ack→last p50 ${last.pipeline.ackToLastMs?.p50.toFixed(0) ?? '–'} ms, ` +
          `baseline p50 ${last.baseline.roundMs?.p50.toFixed(0) ?? '–'} ms`,
      );
    } catch (error) {
      crashes.push(`N=${size}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      log(`  N=${size}: ✖ ${crashes[crashes.length - 1]}`);
    }
  }

  const failures = [...crashes, ...functionalFailures(rooms)];
  if (failures.length > 0) {
    // The local cloud's own output is the first thing to read when a delivery went missing.
    const logFile = join(REPO_ROOT, 'artifacts', 'bench-local-cloud.log');
    await mkdir(dirname(logFile), { recursive: true });
    await writeFile(logFile, cloud.output());
    log(`  local cloud output saved to ${logFile}`);
  }
  const cpus = os.cpus();
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      totalMemGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    },
    options,
    params,
    coldStart: {
      targetSeconds: COLD_START_TARGET_SECONDS,
      runs,
      readySeconds: summarize(runs.map((r) => r.readySeconds)),
      wallSeconds: summarize(runs.map((r) => r.wallSeconds)),
    },
    rooms,
    projection: buildProjection(params, rooms),
    failures,
  };
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchUsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const teardown = new Teardown();
  const interrupt = (signal: string): void => {
    console.error(`\n${signal}: stopping everything the bench started…`);
    void teardown.runAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));

  let report: BenchReport;
  try {
    report = await bench(options, teardown);
  } finally {
    const stopFailures = await teardown.runAll();
    for (const failure of stopFailures) console.error(`  ✖ could not stop ${failure}`);
  }
  const out = isAbsolute(options.out) ? options.out : join(REPO_ROOT, options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${renderReport(report)}\n\nJSON report: ${out}`);
  return report.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('✖ bench crashed:', error);
    process.exit(1);
  },
);
