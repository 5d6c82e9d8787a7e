// What the local cloud builds from serverless-compose.yml and each service's serverless.yml. The
// deploy definitions are the single source of truth: nothing in local/ lists routes, triggers,
// tables or queues by hand.

export interface FunctionDefinition {
  service: string; // 'messages'
  name: string; // 'sendMessage'  (function key)
  qualifiedName: string; // 'chorus-messages-local-sendMessage'
  handlerFile: string; // absolute path of the .ts source, e.g. /…/services/messages/src/handlers/sendMessage.ts
  handlerExport: string; // 'handler'
  environment: Record<string, string>; // provider + function env, fully resolved for local
  timeoutSeconds: number;
  memorySize: number;
  events: FunctionEvent[];
}

/** A Lambda REQUEST authorizer on a route (only `$connect` may have one). */
export interface RouteAuthorizer {
  functionName: string; // qualifiedName of the authorizer function
  /** e.g. `route.request.querystring.token`, `route.request.header.Auth`. */
  identitySources: string[];
}

export type FunctionEvent =
  | { kind: 'websocket'; route: string; routeResponse: boolean; authorizer?: RouteAuthorizer }
  | {
      kind: 'stream';
      tableName: string;
      streamArn: string;
      batchSize: number;
      startingPosition: 'LATEST' | 'TRIM_HORIZON';
      maximumRetryAttempts: number;
      maximumRecordAgeSeconds: number;
      bisectBatchOnFunctionError: boolean;
      parallelizationFactor: number;
      maximumBatchingWindowSeconds: number;
      reportBatchItemFailures: boolean;
      filterPatterns: unknown[];
      onFailureArn?: string;
    }
  | {
      kind: 'sqs';
      queueArn: string;
      queueName: string;
      batchSize: number;
      maximumBatchingWindowSeconds: number;
      reportBatchItemFailures: boolean;
      maximumConcurrency?: number;
      filterPatterns: unknown[];
    };

export type WebsocketEvent = Extract<FunctionEvent, { kind: 'websocket' }>;
export type StreamEvent = Extract<FunctionEvent, { kind: 'stream' }>;
export type SqsEvent = Extract<FunctionEvent, { kind: 'sqs' }>;

/** CloudFormation `AWS::DynamoDB::Table` properties the local cloud honours (fully evaluated). */
export interface TableProperties {
  TableName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  BillingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED';
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  GlobalSecondaryIndexes?: SecondaryIndex[];
  LocalSecondaryIndexes?: SecondaryIndex[];
  StreamSpecification?: { StreamViewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' };
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}

export interface SecondaryIndex {
  IndexName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
}

export interface TableDefinition {
  service: string; // compose key of the service that owns it
  logicalId: string; // 'MessagesTable'
  name: string; // 'chorus-messages-local'
  arn: string;
  /**
   * Set when the table has a stream. Until provisioning it is the loader's placeholder
   * (`…/stream/<LOCAL_STREAM_LABEL>`); `withProvisionedResources` swaps in DynamoDB Local's real
   * LatestStreamArn everywhere.
   */
  streamArn?: string;
  properties: TableProperties;
}

export interface QueueDefinition {
  service: string;
  logicalId: string; // 'DeliveryQueue'
  name: string; // 'chorus-delivery-local'
  url: string; // `${sqsEndpoint}/${accountId}/${name}`
  arn: string;
  /** SQS API attributes (CreateQueue form: every value a string, policies as JSON text). */
  attributes: Record<string, string>;
  /** The DLQ this queue redrives to (from RedrivePolicy), so DLQs can be created first. */
  deadLetterTargetArn?: string;
}

export interface WebSocketRoute {
  functionName: string; // qualifiedName of the integration
  routeResponse: boolean; // two-way route (routeResponseSelectionExpression: $default)
  authorizer?: RouteAuthorizer;
}

export interface WebSocketApiDefinition {
  apiId: string;
  stage: string;
  routeSelectionExpression: string;
  routes: Record<string, WebSocketRoute>;
}

export interface CloudDefinition {
  stage: string;
  region: string;
  accountId: string;
  websocket: WebSocketApiDefinition;
  tables: TableDefinition[];
  queues: QueueDefinition[];
  functions: FunctionDefinition[];
  /** Stack outputs per service (compose key → output name → value), as passed on to later services. */
  outputs: Record<string, Record<string, string>>;
}

/** Where the local emulators listen; the loader bakes these into function environments. */
export interface LocalEndpoints {
  dynamodb: string; // 'http://127.0.0.1:8000'
  sqs: string; // 'http://127.0.0.1:9324'
  websocketManagement: string; // 'http://127.0.0.1:3001/local'
  websocketUrl: string; // 'ws://127.0.0.1:3001/local'
}
