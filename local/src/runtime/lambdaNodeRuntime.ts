// The Lambda runtime the local containers stand in for. Every serverless.yml deploys on
// nodejs24.x, and worker threads run on the local cloud's own Node, so a container only behaves
// like Lambda's when that Node has the same major version.
import { NodeRuntimeMismatchError } from './errors';

export const LAMBDA_NODE_RUNTIME = 'nodejs24.x';

/** 24 for nodejs24.x. */
export const LAMBDA_NODE_MAJOR = Number(/^nodejs(\d+)\.x$/.exec(LAMBDA_NODE_RUNTIME)?.[1]);

/** Throws unless `nodeVersion` (as in process.versions.node) is the major Lambda runs. */
export function assertContainerNode(nodeVersion: string = process.versions.node): void {
  const major = Number(nodeVersion.replace(/^v/, '').split('.')[0]);
  if (major !== LAMBDA_NODE_MAJOR) throw new NodeRuntimeMismatchError(LAMBDA_NODE_RUNTIME, nodeVersion);
}
