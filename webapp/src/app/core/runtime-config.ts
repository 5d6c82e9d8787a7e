// Endpoints are read at startup from /config.json (written by the local cloud or the S3 hosting
// deployment), so one build runs against any stage without being rebuilt.
import { InjectionToken } from '@angular/core';

export interface RuntimeConfig {
  /** API Gateway WebSocket URL, e.g. wss://abc.execute-api.eu-west-1.amazonaws.com/prod */
  readonly websocketUrl: string;
  /** The local cloud's development sign-in (`POST {"name"}` → `{"token"}`); absent on AWS. */
  readonly signInUrl?: string;
  /** On AWS: the OIDC provider the hosted sign-in uses (the stage's AuthIssuer / AuthAudience). */
  readonly oidc?: { readonly authority: string; readonly clientId: string };
}

export const RUNTIME_CONFIG = new InjectionToken<RuntimeConfig>('RuntimeConfig');

export class RuntimeConfigError extends Error {
  public override readonly name = 'RuntimeConfigError';
  public readonly code = 'RUNTIME_CONFIG_INVALID';
}

/** Checks the shape of /config.json; a typo here would otherwise surface as an endless reconnect loop. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  if (value === null || typeof value !== 'object') {
    throw new RuntimeConfigError('config.json must be a JSON object');
  }
  const websocketUrl = (value as Record<string, unknown>)['websocketUrl'];
  if (typeof websocketUrl !== 'string' || !/^wss?:\/\/[^\s]+$/.test(websocketUrl)) {
    throw new RuntimeConfigError('config.json needs "websocketUrl" starting with ws:// or wss://');
  }
  const oidc = parseOidc((value as Record<string, unknown>)['oidc']);
  const signInUrl = (value as Record<string, unknown>)['signInUrl'];
  if (signInUrl === undefined) return oidc === undefined ? { websocketUrl } : { websocketUrl, oidc };
  if (typeof signInUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(signInUrl)) {
    throw new RuntimeConfigError('config.json "signInUrl" must start with http:// or https://');
  }
  return { websocketUrl, signInUrl };
}

function parseOidc(value: unknown): RuntimeConfig['oidc'] {
  if (value === undefined) return undefined;
  const { authority, clientId } = (value ?? {}) as Record<string, unknown>;
  if (
    typeof authority !== 'string' ||
    !/^https:\/\/[^\s]+$/.test(authority) ||
    typeof clientId !== 'string' ||
    clientId === ''
  ) {
    throw new RuntimeConfigError('config.json "oidc" needs "authority" (https://) and "clientId"');
  }
  return { authority, clientId };
}

export async function loadRuntimeConfig(
  fetchConfig: typeof fetch,
  path = '/config.json',
): Promise<RuntimeConfig> {
  const response = await fetchConfig(path, { cache: 'no-store' });
  if (!response.ok) {
    throw new RuntimeConfigError(`GET ${path} answered ${response.status}`);
  }
  return parseRuntimeConfig(await response.json());
}
