// The function runtime's fault switch over HTTP, mounted beside the gateway's own admin API:
//   GET    /_chorus/functions/faults              → { crashProbability, injected, periodic }
//   POST   /_chorus/functions/{name}/crash        { "next": n, "phase"?: "beforeHandler"|"afterHandler" }
//   POST   /_chorus/functions/{name}/crash-every  { "every": n, "phase"?: … }  every n-th invocation
//   POST   /_chorus/functions/crash-probability   { "probability": p }
//   DELETE /_chorus/functions/faults              → 204, every crash switch off
// `{name}` is a function key (`deliver`) or a qualified name (`chorus-fanout-local-deliver`).
// A crash kills the worker thread like a Lambda sandbox dying, so tests can prove the event
// sources redeliver what it was holding.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendEmpty, sendJson, type AdminExtension } from '../gateway';
import type { CrashFaults, CrashPhase } from '../runtime';
import {
  FunctionFaultError,
  parseCrashEveryRequest,
  parseCrashProbability,
  parseCrashRequest,
  resolveFunctionName,
  type NamedFunction,
} from './functionFaults';

const MAX_BODY = 16 * 1024;
const CRASH_PATH = /^functions\/([^/]+)\/(crash|crash-every)$/;

/** What the API switches (FunctionRuntime implements it). */
export interface CrashSwitch {
  failNextInvocations(qualifiedName: string, count: number, phase: CrashPhase): void;
  crashEvery(qualifiedName: string, every: number, phase: CrashPhase): void;
  setCrashProbability(probability: number): void;
  crashFaults(): CrashFaults;
}

export interface FunctionFaultApiDeps {
  runtime: CrashSwitch;
  functions: readonly NamedFunction[];
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const { bytes, tooLarge } = await readBody(req, MAX_BODY);
  if (tooLarge) throw new FunctionFaultError(`body larger than ${MAX_BODY} bytes`);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new FunctionFaultError('body is not JSON');
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new FunctionFaultError(`bad percent-encoding in ${segment}`);
  }
}

export function createFunctionFaultApi(deps: FunctionFaultApiDeps): AdminExtension {
  const { runtime, functions } = deps;
  const clearAll = (): void => {
    runtime.setCrashProbability(0);
    for (const fn of functions) {
      runtime.failNextInvocations(fn.qualifiedName, 0, 'beforeHandler');
      runtime.crashEvery(fn.qualifiedName, 0, 'beforeHandler');
    }
  };

  const route = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const crash = CRASH_PATH.exec(path);
    if (path === 'functions/faults' && req.method === 'GET') {
      req.resume();
      sendJson(res, 200, runtime.crashFaults());
    } else if (path === 'functions/faults' && req.method === 'DELETE') {
      req.resume();
      clearAll();
      sendEmpty(res, 204);
    } else if (path === 'functions/crash-probability' && req.method === 'POST') {
      runtime.setCrashProbability(parseCrashProbability(await readJson(req)));
      sendJson(res, 200, runtime.crashFaults());
    } else if (crash !== null && req.method === 'POST') {
      const qualifiedName = resolveFunctionName(decode(crash[1]!), functions);
      if (crash[2] === 'crash') {
        const { next, phase } = parseCrashRequest(await readJson(req));
        runtime.failNextInvocations(qualifiedName, next, phase);
      } else {
        const { every, phase } = parseCrashEveryRequest(await readJson(req));
        runtime.crashEvery(qualifiedName, every, phase);
      }
      sendJson(res, 200, runtime.crashFaults());
    } else if (path === 'functions/faults' || path === 'functions/crash-probability' || crash !== null) {
      req.resume();
      sendJson(res, 405, { message: `${req.method} is not allowed on /_chorus/${path}` });
    } else {
      return false;
    }
    return true;
  };

  return async (req, res, path) => {
    try {
      return await route(req, res, path);
    } catch (error) {
      if (!(error instanceof FunctionFaultError)) throw error;
      req.resume();
      sendJson(res, error.status, { message: error.message, code: error.code });
      return true;
    }
  };
}
