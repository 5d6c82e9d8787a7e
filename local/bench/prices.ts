// AWS list prices the capacity model charges (us-east-1, on-demand, past the free tier), in USD.
// docs/operations.md#prices names each one's pricing page; update both together when AWS changes
// a price. Everything is per single request, unit or GB-second.

export interface AwsPrices {
  /** API Gateway WebSocket: $1.00 per million messages (each 32 KB counted as one). */
  apiGatewayMessage: number;
  /** SQS standard queue: $0.40 per million requests (each 64 KB of payload counted as one). */
  sqsRequest: number;
  /** Lambda: $0.20 per million requests. */
  lambdaRequest: number;
  /** Lambda on arm64 (the stage's architecture): $0.0000133334 per GB-second. */
  lambdaGbSecond: number;
  /** DynamoDB on-demand: $0.125 per million read request units (an eventually consistent 4 KB = ½). */
  dynamoReadUnit: number;
}

export const AWS_PRICES: AwsPrices = {
  apiGatewayMessage: 1.0 / 1_000_000,
  sqsRequest: 0.4 / 1_000_000,
  lambdaRequest: 0.2 / 1_000_000,
  lambdaGbSecond: 0.0000133334,
  dynamoReadUnit: 0.125 / 1_000_000,
};
