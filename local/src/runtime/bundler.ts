// Bundles TypeScript handlers the way serverless-esbuild does for AWS (bundle, CJS, node24,
// sourcemap, `@aws-sdk/*` external), in one esbuild call so N functions cost one build. The
// bundles live under the repo's `.chorus/build/`, so the external `@aws-sdk/*` imports resolve from
// the repo's node_modules as they resolve from the Lambda runtime on AWS.
import { build } from 'esbuild';
import path from 'node:path';
import { LAMBDA_NODE_MAJOR } from './lambdaNodeRuntime';

export interface BundleEntry {
  /** Output name without extension, e.g. the function's qualifiedName. */
  name: string;
  /** Absolute path of the TypeScript (or JavaScript) entry module. */
  file: string;
}

export interface BundleOptions {
  /** Output directory, e.g. `<repo>/.chorus/build`. */
  outDir: string;
  /** Extra externals besides `@aws-sdk/*`. */
  external?: string[];
  /**
   * true (default): bundle every dependency as serverless-esbuild does for AWS. false: leave all
   * node_modules packages external (resolved from the repo's node_modules at require time) —
   * ~20× faster to build, because zod & co. are not re-emitted (with source maps) per function.
   */
  bundleDependencies?: boolean;
}

export interface BundleResult {
  /** Entry name → absolute path of the bundle (`<outDir>/<name>.js`). */
  files: Map<string, string>;
  /** Wall time of the esbuild call. */
  durationMs: number;
}

/** Same as `custom.esbuild.target` in every serverless.yml: the Node that nodejs24.x runs. */
export const BUNDLE_TARGET = `node${LAMBDA_NODE_MAJOR}`;

/** Same as `custom.esbuild.exclude` in every serverless.yml. */
export const AWS_EXTERNALS = ['@aws-sdk/*'];

export async function bundleEntries(entries: BundleEntry[], options: BundleOptions): Promise<BundleResult> {
  const files = new Map<string, string>();
  if (entries.length === 0) return { files, durationMs: 0 };
  const entryPoints: Record<string, string> = {};
  for (const entry of entries) {
    if (entryPoints[entry.name] !== undefined) throw new Error(`Duplicate bundle name: ${entry.name}`);
    entryPoints[entry.name] = entry.file;
    files.set(entry.name, path.join(options.outDir, `${entry.name}.js`));
  }
  const started = performance.now();
  await build({
    entryPoints,
    outdir: options.outDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: BUNDLE_TARGET,
    sourcemap: true,
    minify: false,
    external: [...AWS_EXTERNALS, ...(options.external ?? [])],
    ...(options.bundleDependencies === false ? { packages: 'external' as const } : {}),
    logLevel: 'silent',
  });
  return { files, durationMs: performance.now() - started };
}
