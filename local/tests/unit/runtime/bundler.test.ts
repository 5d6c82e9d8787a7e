import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { BUNDLE_TARGET, bundleEntries } from '../../../src/runtime/bundler';

jest.setTimeout(60_000);

const entry = {
  name: 'chorus-fixtures-test-usesSdk',
  file: path.join(__dirname, '../../fixtures/handlers/usesSdk.ts'),
};

describe('bundleEntries', () => {
  let outDir: string;

  beforeEach(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-bundle-'));
  });

  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes one CommonJS bundle with a source map per entry, leaving @aws-sdk/* external', async () => {
    const result = await bundleEntries([entry], { outDir });
    const file = result.files.get(entry.name) as string;
    expect(file).toBe(path.join(outDir, `${entry.name}.js`));
    const code = readFileSync(file, 'utf8');
    expect(code).toContain('require("@aws-sdk/client-sqs")');
    expect(code).toContain('parseFilterPatterns'); // local modules are inlined
    expect(code).toContain('module.exports');
    expect(existsSync(`${file}.map`)).toBe(true);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('compiles for the same Node as every serverless.yml (custom.esbuild.target), node24', () => {
    const servicesDir = path.join(__dirname, '../../../../services');
    const targets = readdirSync(servicesDir)
      .filter((name) => existsSync(path.join(servicesDir, name, 'serverless.yml')))
      .map((name) => {
        // Only plain keys are read: the short intrinsics (!GetAtt, !Ref) are unknown tags here.
        const yml = parse(readFileSync(path.join(servicesDir, name, 'serverless.yml'), 'utf8'), {
          logLevel: 'error',
        }) as {
          custom: { esbuild: { target: string } };
        };
        return [name, yml.custom.esbuild.target];
      });
    expect(targets.length).toBeGreaterThan(0);
    expect(BUNDLE_TARGET).toBe('node24');
    for (const [name, target] of targets) expect({ name, target }).toEqual({ name, target: BUNDLE_TARGET });
  });

  it('rejects two entries with the same name', async () => {
    await expect(bundleEntries([entry, entry], { outDir })).rejects.toThrow(/Duplicate bundle name/);
  });
});
