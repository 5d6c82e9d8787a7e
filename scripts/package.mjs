#!/usr/bin/env node
// `npm run package`: packages every service offline (no AWS account, no network) into
// services/*/.serverless/, then cfn-lints the generated templates and infra/*.yml.
//
//   node scripts/package.mjs [--stage dev] [--region us-east-1] [--per-service] [--skip-lint | --lint-only]
//
// Default mode runs `osls-compose package` with a state file seeded with placeholder outputs (see
// scripts/lib/composeState.cjs); the real state file is restored afterwards. --per-service runs
// `serverless package --param ...` in each service instead, with the same resolved params.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import composeState from './lib/composeState.cjs';
import composeFile from './lib/composeFile.cjs';
import project from './lib/project.cjs';
import cfnLint from './lib/cfnLint.cjs';

const { PROJECT_ROOT, SERVICES, INFRA_STACKS, packagedTemplatePath, assertValidStage } = project;
const BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin');

const { values: options } = parseArgs({
  options: {
    stage: { type: 'string', default: 'dev' },
    region: { type: 'string', default: 'us-east-1' },
    'per-service': { type: 'boolean', default: false },
    'skip-lint': { type: 'boolean', default: false },
    'lint-only': { type: 'boolean', default: false },
  },
});
const stage = assertValidStage(options.stage);

/** Environment for osls: no credential lookups over the network, no telemetry, no prompts. */
function offlineEnv() {
  return {
    ...process.env,
    PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    AWS_EC2_METADATA_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DISABLE_AUTO_UPDATE: '1',
    CI: process.env.CI ?? 'true',
  };
}

function run(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: offlineEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 127, output: `${output}${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Drops Node's AWS SDK "node >= 22" notice, which says nothing about packaging. */
function relevantOutput(output) {
  return output
    .split('\n')
    .filter(
      (line) =>
        !/NodeVersionSupportWarning|versions published after|require node >=22|upgrade to node|a\.co\/|trace-warnings|To continue receiving updates|security updates please/.test(
          line,
        ),
    )
    .join('\n')
    .trim();
}

function explainFailure(output) {
  const hints = [];
  if (/aws:accountId|AWS provider credentials not found|sts\./.test(output)) {
    hints.push(
      'A variable needs AWS (e.g. ${aws:accountId}); use Fn::Sub with ${AWS::AccountId} instead so packaging stays offline.',
    );
  }
  if (/REFERENCED_OUTPUT_DOES_NOT_EXIST|cannot be resolved: the referenced output/.test(output)) {
    hints.push(
      'A compose param references an output that no service declares; check serverless-compose.yml against scripts/lib/composeState.cjs.',
    );
  }
  if (/Unrecognized property|unrecognized property|must NOT have additional properties/.test(output)) {
    hints.push('osls rejects unknown keys in serverless.yml: see the property named above.');
  }
  return hints.map((hint) => `  hint: ${hint}`).join('\n');
}

async function packageWithCompose() {
  const stateFile = composeState.stateFilePath(PROJECT_ROOT, stage);
  const original = fs.existsSync(stateFile) ? fs.readFileSync(stateFile, 'utf8') : undefined;
  const { state, seeded } = composeState.seedPlaceholderOutputs(
    original ? JSON.parse(original) : {},
    stage,
    options.region,
  );
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  console.log(
    `compose state ${path.relative(PROJECT_ROOT, stateFile)}: placeholder outputs for ${seeded.join(', ') || 'none (all deployed)'}`,
  );
  try {
    return await run(path.join(BIN, 'osls-compose'), ['package', '--stage', stage], PROJECT_ROOT);
  } finally {
    if (original === undefined) fs.rmSync(stateFile, { force: true });
    else fs.writeFileSync(stateFile, original);
  }
}

async function packagePerService() {
  const params = composeFile.resolveComposeParams(
    composeFile.readComposeFile(PROJECT_ROOT),
    composeState.placeholderOutputs(stage, options.region),
  );
  const results = await Promise.all(
    SERVICES.map((service) => {
      const args = ['package', '--stage', stage, '--region', options.region];
      for (const [key, value] of Object.entries(params[service.key] ?? {}))
        args.push('--param', `${key}=${value}`);
      return run(path.join(BIN, 'serverless'), args, path.join(PROJECT_ROOT, service.dir));
    }),
  );
  return {
    code: results.some((result) => result.code !== 0) ? 1 : 0,
    output: results
      .map((result, i) => `--- ${SERVICES[i].key} (exit ${result.code})\n${result.output}`)
      .join('\n'),
  };
}

const elapsed = (started) => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** Packages every service; true when all three templates were (re)written by this run. */
async function packageServices(started) {
  const missing = SERVICES.filter(
    (service) => !fs.existsSync(path.join(PROJECT_ROOT, service.dir, 'serverless.yml')),
  );
  if (missing.length > 0) {
    console.error(
      `package: FAILED: no serverless.yml in ${missing.map((service) => service.dir).join(', ')}`,
    );
    return false;
  }
  const mode = options['per-service'] ? 'per service' : 'osls-compose';
  console.log(
    `package: stage ${stage}, region ${options.region}, via ${mode} (offline, no AWS credentials needed)`,
  );
  const result = options['per-service'] ? await packagePerService() : await packageWithCompose();
  const output = relevantOutput(result.output);

  // A template older than this run means the service did not package (compose keeps going).
  const stale = SERVICES.filter((service) => {
    const template = packagedTemplatePath(PROJECT_ROOT, service.dir);
    return !fs.existsSync(template) || fs.statSync(template).mtimeMs < started - 1000;
  });
  if (result.code !== 0 || stale.length > 0) {
    console.error(output);
    const hints = explainFailure(result.output);
    if (hints) console.error(hints);
    if (!options['per-service']) {
      console.error('  (details: .serverless/compose.log; try --per-service to see each service on its own)');
    }
    console.error(
      `package: FAILED: ${stale.map((service) => service.key).join(', ') || 'see above'} did not package`,
    );
    return false;
  }
  console.log(output);
  console.log(`package: all ${SERVICES.length} services packaged in ${elapsed(started)}`);
  return true;
}

/** cfn-lint on the packaged templates and infra/*.yml; the number of templates with findings. */
async function lintTemplates() {
  const targets = [
    ...SERVICES.map((service) => ({
      name: service.key,
      file: packagedTemplatePath(PROJECT_ROOT, service.dir),
      ignoreRules: cfnLint.GENERATED_TEMPLATE_IGNORED_RULES,
    })),
    ...INFRA_STACKS.map((stack) => ({
      name: stack.key,
      file: path.join(PROJECT_ROOT, stack.template),
      ignoreRules: [],
    })),
  ];
  // One cfn-lint process per rule set (its start-up dominates), both at once; findings are
  // attributed to templates by the file path that starts each parseable line.
  const groups = new Map();
  for (const target of targets) {
    const key = target.ignoreRules.join(',');
    groups.set(key, [...(groups.get(key) ?? []), target]);
  }
  const linted = await Promise.all(
    [...groups.values()].map(async (group) => ({
      group,
      lint: await cfnLint.runCfnLint(
        group.map((target) => target.file),
        { ignoreRules: group[0].ignoreRules },
      ),
    })),
  );
  let failures = 0;
  for (const { group, lint } of linted) {
    for (const target of group) {
      const findings = lint.output.split('\n').filter((line) => line.startsWith(`${target.file}:`));
      const ok = lint.ok || (['errors', 'warnings'].includes(lint.outcome) && findings.length === 0);
      console.log(
        `cfn-lint ${ok ? 'ok    ' : 'FAILED'} ${target.name.padEnd(15)} ${path.relative(PROJECT_ROOT, target.file)}`,
      );
      if (ok) continue;
      failures += 1;
      const shown = findings.length > 0 ? findings.join('\n') : lint.output;
      console.error(shown.replaceAll(PROJECT_ROOT + path.sep, '').replace(/^/gm, '    '));
    }
  }
  return failures;
}

async function main() {
  const started = Date.now();
  if (!options['lint-only'] && !(await packageServices(started))) return 1;
  if (options['skip-lint']) return 0;
  const failures = await lintTemplates();
  const verdict = failures === 0 ? 'OK' : `FAILED: cfn-lint found problems in ${failures} template(s)`;
  console.log(`package: ${verdict} (${elapsed(started)})`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
