// The function runtime's fault switch over HTTP, mounted beside the gateway's own admin API:
//   GET    /_chorus/functions/faults              → { crashProbability, injected, periodic }
//   POST   /_chorus/functions/{name}/crash        { "next": n, "phase"?: "beforeHandler"|"afterHandler" }
//   POST   /_chorus/functions/{name}/crash-every  { "every": n, "phase"?: … }  every n-th invocation
//   POST   /_chorus/functions/crash-probability   { "probability": p }
//   DELETE /_chorus/functions/faults              → 204, every crash switch off
// `{name}` is a function key (`deliver`) or a qualified name (`chorus-fanout-local-deliver`).
// A crash kills the worker thread like a Lambda sandbox dying, so tests can prove the event
// sources redeliver what it was holding.
import { adminExtension, readJsonBody, sendEmpty, sendJson, type AdminExtension } from '../gateway';
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

const refuse = (message: string): FunctionFaultError => new FunctionFaultError(message);

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

  return adminExtension({
    owns: (path) =>
      path === 'functions/faults' || path === 'functions/crash-probability' || CRASH_PATH.test(path),
    async route(req, res, path) {
      const crash = CRASH_PATH.exec(path);
      if (path === 'functions/faults' && req.method === 'GET') {
        req.resume();
        sendJson(res, 200, runtime.crashFaults());
      } else if (path === 'functions/faults' && req.method === 'DELETE') {
        req.resume();
        clearAll();
        sendEmpty(res, 204);
      } else if (path === 'functions/crash-probability' && req.method === 'POST') {
        runtime.setCrashProbability(parseCrashProbability(await readJsonBody(req, MAX_BODY, refuse)));
        sendJson(res, 200, runtime.crashFaults());
      } else if (crash !== null && req.method === 'POST') {
        const qualifiedName = resolveFunctionName(decode(crash[1]!), functions);
        const body = await readJsonBody(req, MAX_BODY, refuse);
        if (crash[2] === 'crash') {
          const { next, phase } = parseCrashRequest(body);
          runtime.failNextInvocations(qualifiedName, next, phase);
        } else {
          const { every, phase } = parseCrashEveryRequest(body);
          runtime.crashEvery(qualifiedName, every, phase);
        }
        sendJson(res, 200, runtime.crashFaults());
      } else {
        return false;
      }
      return true;
    },
    refusalOf: (error) =>
      error instanceof FunctionFaultError
        ? { status: error.status, code: error.code, message: error.message }
        : undefined,
  });
}
