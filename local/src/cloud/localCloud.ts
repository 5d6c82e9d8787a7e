// Brings the local cloud up in dependency order and down in reverse. Everything it wires comes
// from the service definitions (serverless-compose.yml + serverless.yml); this file only decides
// order, timing lines and shutdown.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadCloudDefinition, type CloudDefinition, type FunctionDefinition } from '../definitions';
import { LOCAL_SQS_CONCURRENCY_CAP } from './containers';
import { newApiId, throttleSettingsFromEnv, WebSocketGateway, type ThrottleSettings } from '../gateway';
import { LOCAL_AUDIENCE, LocalIssuer, loadOrCreateSigningKey } from '../issuer';
import {
  pollerCadence,
  StreamPoller,
  SqsPoller,
  type PollerCadence,
  type SqsEventSource,
  type StreamEventSource,
} from '../pollers';
import {
  checkJava,
  DEFAULT_DYNAMODB_START_TIMEOUT_MS,
  provisionResources,
  resolveLocalPort,
  startDynamoDbLocal,
  startSqsEmulator,
} from '../resources';
import type { DynamoDbLocal, SqsEmulator } from '../resources';
import { defaultBaseEnvironment, FunctionRuntime } from '../runtime';
import { StaticWebServer } from '../web/staticServer';
import { readStartupFaults, withVisibilityTimeout, type StartupFaults } from './faultSwitches';
import { createFunctionFaultApi } from './functionFaultApi';
import { createOutageApi } from './outageApi';
import { OutageProxy } from './outageProxy';
import { msFromEnv, stageParamsFromEnv, type LocalCloudOptions } from './options';
import { StreamNudges } from './streamNudges';
import { webappDistDir } from './webappBuild';

export const STAGE = 'local';
export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';
const HOST = '127.0.0.1';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** What `.chorus/endpoints.json` holds: everything a client, a test or the README's wscat needs. */
export interface LocalEndpointsFile {
  stage: string;
  region: string;
  websocketUrl: string;
  managementEndpoint: string;
  adminUrl: string;
  /** Send it as the x-chorus-admin-secret header to every adminUrl endpoint. */
  adminSecret: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  webUrl?: string;
  /** The development sign-in: `POST {"name":"ada"}` answers `{"token":"…"}` for `?token=`. */
  signIn: string;
  /** The local issuer (the tokens' `iss`) and its JWKS, which the $connect authorizer trusts. */
  issuer: string;
  jwksUrl: string;
  queues: Record<string, string>;
  tables: Record<string, string>;
  pid: number;
}

export type ProgressLog = (line: string) => void;

interface LocalPorts {
  gateway: number;
  dynamodb: number;
  sqs: number;
  /** 0 when the webapp is not served. */
  web: number;
  issuer: number;
}

/** The outage proxies functions and pollers reach DynamoDB Local and the SQS emulator through. */
interface OutageProxies {
  dynamodb: OutageProxy;
  sqs: OutageProxy;
}

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

export class LocalCloud {
  private readonly stack: Stoppable[] = [];
  /** Stream pollers to nudge after invocations (fast cadence only). */
  private streamNudges: StreamNudges | undefined;
  private stopping?: Promise<void>;
  public endpoints?: LocalEndpointsFile;
  public definition?: CloudDefinition;

  public constructor(
    private readonly options: LocalCloudOptions,
    private readonly progress: ProgressLog,
  ) {}

  /** Starts every component; on failure stops what already runs and rethrows. */
  public async start(): Promise<LocalEndpointsFile> {
    try {
      return await this.startAll();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /**
   * The start order: DynamoDB Local (a JVM, the slow part) starts first and everything that does
   * not need it runs meanwhile; tables and queues once both emulators are up; then the gateway,
   * the pollers and the webapp, which need the provisioned resources.
   */
  private async startAll(): Promise<LocalEndpointsFile> {
    const { env } = this.options;
    const faults = readStartupFaults(env); // a mistyped switch fails before anything starts
    throttleSettingsFromEnv(env); // and so does a mistyped throttle
    checkJava(); // before anything starts: a missing prerequisite should be the first and only line
    const ports = await this.resolvePorts();
    const apiId = newApiId();
    const urls = {
      websocketUrl: `ws://${HOST}:${ports.gateway}/${STAGE}`,
      managementEndpoint: `http://${HOST}:${ports.gateway}/${STAGE}`,
    };

    const dynamoStarting = this.startDynamo(ports.dynamodb);
    const sqs = await this.startSqs(ports.sqs);
    const proxies = await this.startOutageProxies(ports.dynamodb, sqs);
    // The issuer comes before the definitions: the authorizer's stage params are its URLs.
    const issuer = await this.startIssuer(ports.issuer);
    const definition = await this.loadDefinition(apiId, proxies, sqs, issuer, urls);
    const { runtime, bundling } = this.startRuntime(definition, faults);
    const dynamo = await dynamoStarting;
    const provisioned = await this.provision(definition, dynamo, sqs, faults);
    this.definition = provisioned;
    await bundling;

    const adminSecret = await this.startGateway(provisioned, runtime, apiId, ports.gateway, proxies);
    await this.timed('event-source pollers', () => this.startPollers(provisioned, runtime, proxies));
    const webUrl = this.options.web
      ? await this.startWeb(ports.web, urls.websocketUrl, issuer.signInUrl)
      : undefined;

    this.endpoints = {
      stage: STAGE,
      region: REGION,
      ...urls,
      adminUrl: `http://${HOST}:${ports.gateway}/_chorus`,
      adminSecret,
      dynamodbEndpoint: dynamo.endpoint,
      sqsEndpoint: sqs.endpoint,
      ...(webUrl === undefined ? {} : { webUrl }),
      signIn: issuer.signInUrl,
      issuer: issuer.issuer,
      jwksUrl: issuer.jwksUrl,
      queues: Object.fromEntries(provisioned.queues.map((queue) => [queue.logicalId, queue.url])),
      tables: Object.fromEntries(provisioned.tables.map((table) => [table.logicalId, table.name])),
      pid: process.pid,
    };
    await mkdir(dirname(this.options.endpointsFile), { recursive: true });
    // Owner-only: it holds the admin secret.
    await writeFile(this.options.endpointsFile, `${JSON.stringify(this.endpoints, null, 2)}\n`, {
      mode: 0o600,
    });
    await chmod(this.options.endpointsFile, 0o600);
    return this.endpoints;
  }

  private async resolvePorts(): Promise<LocalPorts> {
    const { env } = this.options;
    const [gateway, dynamodb, sqs, web, issuer] = await Promise.all([
      resolveLocalPort('gateway', env, HOST),
      resolveLocalPort('dynamodb', env, HOST),
      resolveLocalPort('sqs', env, HOST),
      this.options.web ? resolveLocalPort('web', env, HOST) : Promise.resolve(0),
      resolveLocalPort('issuer', env, HOST),
    ]);
    return { gateway, dynamodb, sqs, web, issuer };
  }

  /** The development token issuer: its key pair is made once and kept in `.chorus/`. */
  private async startIssuer(port: number): Promise<LocalIssuer> {
    const { env, repoRoot } = this.options;
    const issuer = await this.timed('token issuer', async () => {
      const started = new LocalIssuer({
        key: await loadOrCreateSigningKey(join(repoRoot, '.chorus', 'issuer-key.json')),
        host: HOST,
        port,
        tokenLifetimeSeconds: Math.floor(msFromEnv(env, 'CHORUS_TOKEN_LIFETIME_MS', 60 * 60 * 1000) / 1000),
      });
      await started.listen();
      return started;
    });
    this.stack.push({ name: 'token issuer', stop: () => issuer.close() });
    return issuer;
  }

  /** Starts DynamoDB Local without waiting for it; it joins the stop stack once it runs. */
  private startDynamo(port: number): Promise<DynamoDbLocal> {
    const starting = this.timed('DynamoDB Local', () =>
      startDynamoDbLocal({
        port,
        inMemory: this.options.inMemory,
        dataDir: join(this.options.repoRoot, '.chorus', 'dynamodb'),
        startTimeoutMs: msFromEnv(
          this.options.env,
          'CHORUS_DYNAMODB_START_TIMEOUT_MS',
          DEFAULT_DYNAMODB_START_TIMEOUT_MS,
        ),
      }),
    );
    starting.then(
      (dynamo) => this.stack.push({ name: 'DynamoDB Local', stop: () => dynamo.stop() }),
      () => undefined, // reported where it is awaited
    );
    return starting;
  }

  private async startSqs(port: number): Promise<SqsEmulator> {
    const sqs = await this.timed('SQS emulator (fauxqs)', () =>
      startSqsEmulator({ port, host: HOST, region: REGION }),
    );
    this.stack.push({ name: 'SQS emulator', stop: () => sqs.stop() });
    return sqs;
  }

  /**
   * Functions and pollers reach DynamoDB Local and fauxqs through these (POST /_chorus/outages/…
   * makes them unreachable); provisioning, tests and the endpoints file use the services directly.
   * Started before DynamoDB Local listens: the proxy connects onwards only per connection.
   */
  private async startOutageProxies(dynamoPort: number, sqs: SqsEmulator): Promise<OutageProxies> {
    const sqsPort = Number(new URL(sqs.endpoint).port);
    const proxies: OutageProxies = {
      dynamodb: new OutageProxy('dynamodb', { host: HOST, port: dynamoPort }, HOST, this.progress),
      sqs: new OutageProxy('sqs', { host: HOST, port: sqsPort }, HOST, this.progress),
    };
    for (const proxy of Object.values(proxies)) {
      await proxy.listen(0);
      this.stack.push({ name: `${proxy.name} outage proxy`, stop: () => proxy.close() });
    }
    return proxies;
  }

  private async loadDefinition(
    apiId: string,
    proxies: OutageProxies,
    sqs: SqsEmulator,
    issuer: LocalIssuer,
    urls: { websocketUrl: string; managementEndpoint: string },
  ): Promise<CloudDefinition> {
    const definition = await this.timed('service definitions', () =>
      loadCloudDefinition({
        repoRoot: this.options.repoRoot,
        stage: STAGE,
        region: REGION,
        accountId: ACCOUNT_ID,
        apiId,
        // The issuer's own URLs win over anything CHORUS_PARAMS says.
        localParams: {
          ...stageParamsFromEnv(this.options.env),
          authIssuer: issuer.issuer,
          authAudience: LOCAL_AUDIENCE,
          authJwksUrl: issuer.jwksUrl,
        },
        endpoints: {
          dynamodb: proxies.dynamodb.endpoint,
          // Queue URLs name the emulator itself (fauxqs checks them); only the handlers'
          // SDK endpoint goes through the proxy, set below.
          sqs: sqs.endpoint,
          websocketManagement: urls.managementEndpoint,
          websocketUrl: urls.websocketUrl,
        },
      }),
    );
    return {
      ...definition,
      functions: definition.functions.map((fn) => ({
        ...fn,
        environment: { ...fn.environment, AWS_ENDPOINT_URL_SQS: proxies.sqs.endpoint },
      })),
    };
  }

  /** Creates the function runtime and starts bundling; `bundling` settles when the bundles exist. */
  private startRuntime(
    definition: CloudDefinition,
    faults: StartupFaults,
  ): { runtime: FunctionRuntime; bundling: Promise<unknown> } {
    this.streamNudges = new StreamNudges(definition.functions);
    const buildDir = join(this.options.repoRoot, '.chorus', 'build', String(process.pid));
    this.stack.push({ name: 'function bundles', stop: () => rm(buildDir, { recursive: true, force: true }) });
    const runtime = new FunctionRuntime({
      functions: definition.functions,
      // One folder per process: two local clouds (a test beside `npm start`, the bench's cold
      // starts) must never load each other's half-written bundles.
      buildDir,
      region: REGION,
      accountId: ACCOUNT_ID,
      concurrency: sqsConcurrency(definition),
      // Locally, npm packages load from node_modules instead of being bundled into every handler:
      // the same code runs, and start-up bundles in ~0.2 s instead of ~5 s (zod in each bundle).
      bundleDependencies: false,
      baseEnvironment: defaultBaseEnvironment(),
      crashProbability: faults.crashProbability,
      // One warm container per function before the first event, so the first message of a fresh
      // `npm start` (or of a bench run) does not pay a module load; more start on demand.
      prestartContainers: true,
      // Fast cadence: a handler that just ran may have written to a streamed table it knows.
      onInvocationEnd: (qualifiedName) => this.streamNudges?.afterInvocation(qualifiedName),
    });
    const bundling = this.timed(`functions bundled (${definition.functions.length})`, () => runtime.start());
    bundling.then(
      () => this.stack.push({ name: 'function runtime', stop: () => runtime.stop() }),
      () => undefined,
    );
    return { runtime, bundling };
  }

  private provision(
    definition: CloudDefinition,
    dynamo: DynamoDbLocal,
    sqs: SqsEmulator,
    faults: StartupFaults,
  ): Promise<CloudDefinition> {
    return this.timed('tables and queues', () =>
      provisionResources(
        // Fault tests shorten the visibility timeout so crashed jobs come back in seconds.
        {
          ...definition,
          queues: withVisibilityTimeout(definition.queues, faults.queueVisibilityTimeoutSeconds),
        },
        { dynamodbEndpoint: dynamo.endpoint, sqsEndpoint: sqs.endpoint, region: REGION },
      ),
    );
  }

  private async startGateway(
    definition: CloudDefinition,
    runtime: FunctionRuntime,
    apiId: string,
    port: number,
    proxies: OutageProxies,
  ): Promise<string> {
    const { env } = this.options;
    const gateway = new WebSocketGateway({
      invoker: runtime,
      routes: definition.websocket.routes,
      host: HOST,
      port,
      apiId,
      stage: STAGE,
      region: REGION,
      accountId: ACCOUNT_ID,
      routeSelectionExpression: definition.websocket.routeSelectionExpression,
      limits: {
        idleTimeoutMs: msFromEnv(env, 'CHORUS_IDLE_TIMEOUT_MS', 10 * 60 * 1000),
        maxConnectionMs: msFromEnv(env, 'CHORUS_MAX_CONNECTION_MS', 2 * 60 * 60 * 1000),
      },
      // Worker crashes are switched beside the gateway's own faults, under /_chorus/functions/.
      adminExtensions: [
        createFunctionFaultApi({ runtime, functions: definition.functions }),
        createOutageApi({ dynamodb: proxies.dynamodb, sqs: proxies.sqs }),
      ],
      ...throttleOption(env),
    });
    await this.timed('WebSocket gateway', () => gateway.listen());
    this.stack.push({ name: 'WebSocket gateway', stop: () => gateway.close() });
    return gateway.adminSecret;
  }

  /** Serves the built webapp, pointed at our gateway; returns its URL. */
  private async startWeb(port: number, websocketUrl: string, signInUrl: string): Promise<string> {
    const web = new StaticWebServer({
      root: webappDistDir(this.options.repoRoot),
      port,
      host: HOST,
      config: { websocketUrl, signInUrl },
    });
    const listening = await this.timed('webapp', () => web.listen());
    this.stack.push({ name: 'webapp', stop: () => web.close() });
    return `http://${HOST}:${listening}/`;
  }

  private async startPollers(
    definition: CloudDefinition,
    runtime: FunctionRuntime,
    proxies: OutageProxies,
  ): Promise<void> {
    // Through the outage proxies, like the functions: an outage starves the pollers too.
    const streams = new DynamoDBStreamsClient({
      endpoint: proxies.dynamodb.endpoint,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const sqsClient = new SQSClient({
      endpoint: proxies.sqs.endpoint,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const cadence = pollerCadence(this.options.timing);
    this.progress(
      cadence.mode === 'aws'
        ? `  · poller timing: AWS (stream shards read every ${cadence.streamPollIntervalMs} ms, batching windows honoured)`
        : `  · poller timing: fast (streams re-read after every invocation or ${cadence.streamPollIntervalMs} ms, no batching windows; --aws-timing for Lambda's)`,
    );
    const clients = { streams, sqs: sqsClient };
    const starts: Promise<void>[] = [];
    for (const fn of definition.functions) {
      for (const event of fn.events) {
        if (event.kind === 'stream')
          starts.push(this.startStreamPoller(fn, event, runtime, clients, cadence));
        else if (event.kind === 'sqs')
          starts.push(this.startSqsPoller(definition, fn, event, runtime, sqsClient, cadence));
      }
    }
    await Promise.all(starts);
  }

  private startStreamPoller(
    fn: FunctionDefinition,
    event: StreamEventSource,
    runtime: FunctionRuntime,
    clients: { streams: DynamoDBStreamsClient; sqs: SQSClient },
    cadence: PollerCadence,
  ): Promise<void> {
    const poller = new StreamPoller({
      functionName: fn.qualifiedName,
      source: event,
      invoker: runtime,
      streams: clients.streams,
      sqs: clients.sqs,
      region: REGION,
      accountId: ACCOUNT_ID,
      pollIntervalMs: cadence.streamPollIntervalMs,
      honourBatchingWindow: cadence.honourBatchingWindows,
    });
    if (cadence.nudgeStreamsAfterInvocations) this.streamNudges?.add(event.tableName, poller);
    this.stack.push({ name: `stream poller ${fn.name}`, stop: () => poller.stop() });
    return poller.start();
  }

  private startSqsPoller(
    definition: CloudDefinition,
    fn: FunctionDefinition,
    event: SqsEventSource,
    runtime: FunctionRuntime,
    sqs: SQSClient,
    cadence: PollerCadence,
  ): Promise<void> {
    const queue = definition.queues.find((q) => q.arn === event.queueArn);
    if (queue === undefined) throw new Error(`${fn.qualifiedName}: no queue with ARN ${event.queueArn}`);
    const poller = new SqsPoller({
      functionName: fn.qualifiedName,
      source: event,
      queueUrl: queue.url,
      invoker: runtime,
      sqs,
      region: REGION,
      waitTimeSeconds: cadence.sqsWaitTimeSeconds,
      honourBatchingWindow: cadence.honourBatchingWindows,
    });
    this.stack.push({ name: `sqs poller ${fn.name}`, stop: () => poller.stop() });
    return poller.start();
  }

  /** Runs one start step and prints `✔ <what> (<seconds> s)`. */
  private async timed<T>(what: string, step: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    const result = await step();
    this.progress(`  ✔ ${what.padEnd(34)} ${((performance.now() - startedAt) / 1000).toFixed(2)} s`);
    return result;
  }

  /** Stops everything that started, newest first; safe to call twice and on a failed start. */
  public stop(): Promise<void> {
    this.stopping ??= (async () => {
      while (this.stack.length > 0) {
        const component = this.stack.pop() as Stoppable;
        try {
          await component.stop();
        } catch (error) {
          this.progress(`  ! stopping ${component.name} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.stopping;
  }
}

/** CHORUS_GATEWAY_THROTTLE_RATE/_BURST and CHORUS_GATEWAY_LATENCY_MS, when set (a bad value fails the start). */
function throttleOption(env: Record<string, string | undefined>): { throttle?: ThrottleSettings } {
  const throttle = throttleSettingsFromEnv(env);
  return throttle === undefined ? {} : { throttle };
}

/** SQS-triggered functions get as many containers as their mapping's maximumConcurrency. */
function sqsConcurrency(definition: CloudDefinition): Record<string, number> {
  const concurrency: Record<string, number> = {};
  for (const fn of definition.functions) {
    for (const event of fn.events) {
      if (event.kind === 'sqs' && event.maximumConcurrency !== undefined) {
        concurrency[fn.qualifiedName] = Math.min(event.maximumConcurrency, LOCAL_SQS_CONCURRENCY_CAP);
      }
    }
  }
  return concurrency;
}
