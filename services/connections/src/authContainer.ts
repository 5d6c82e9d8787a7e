// The authorizer's dependencies, built once per container: its own small set (no DynamoDB), so
// the authorizer's cold start stays short and its role needs nothing but its logs.
import { createLogger, createMetrics } from '@chorus/observability';
import { loadAuthConfig } from './authConfig';
import type { LoggerPort, MetricsPort } from '@chorus/lambda-kit';
import { createTokenVerifier, type TokenVerifier } from './tokenVerifier';

export interface AuthorizerDeps {
  verifier: TokenVerifier;
  nameClaims: readonly string[];
  logger: LoggerPort;
  metrics: MetricsPort;
}

let deps: AuthorizerDeps | undefined;

export function authorizerDeps(env: Record<string, string | undefined> = process.env): AuthorizerDeps {
  if (deps === undefined) {
    const config = loadAuthConfig(env);
    deps = {
      verifier: createTokenVerifier(config),
      nameClaims: config.nameClaims,
      logger: createLogger('chorus-connections'),
      metrics: createMetrics('chorus-connections'),
    };
  }
  return deps;
}
