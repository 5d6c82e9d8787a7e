// Worker thread that compiles services with osls itself (see oslsService.ts for why and what).
// It runs as plain Node, outside any test runner's module sandbox, because osls loads ES modules
// through require(). One message in ({ id, input }), one out ({ id, compiled } or { id, error }).
'use strict';

const { existsSync } = require('node:fs');
const { createRequire } = require('node:module');
const { parentPort } = require('node:worker_threads');

const oslsRequire = createRequire(require.resolve('osls/package.json'));
const load = (module) => oslsRequire(`./lib/${module}`);

/** The lifecycle events of `package` that build the template (no artifacts, no files written). */
const COMPILE_EVENTS = [
  'package:initialize',
  'package:setupProviderConfiguration',
  'package:compileLayers',
  'package:compileFunctions',
  'package:compileEvents',
  'aws:package:finalize:mergeCustomProviderResources',
  'aws:package:finalize:stripNullPropsFromTemplateResources',
];

class CompileError extends Error {
  constructor(code, file, path, detail) {
    super(detail);
    this.code = code;
    this.file = file;
    this.path = path;
  }
}

/** osls property paths are keys joined by NUL. */
const pathOf = (propertyPath) =>
  propertyPath.split('\0').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

const messageOf = (error) =>
  error instanceof Error ? error.message.split('\n\nLearn more')[0].trim() : String(error);

async function readConfiguration(input) {
  if (!existsSync(input.configurationPath)) {
    throw new CompileError(
      'DEFINITION_FILE_MISSING',
      input.file,
      [],
      `cannot read ${input.configurationPath}`,
    );
  }
  try {
    return await load('configuration/read')(input.configurationPath);
  } catch (error) {
    throw new CompileError('DEFINITION_INVALID', input.file, [], `not valid YAML: ${messageOf(error)}`);
  }
}

/** osls's own variable sources, as `serverless package` registers them. */
function variableSources(serverless, accountId) {
  const source = (name) => load(`configuration/variables/sources/${name}`);
  const instanceSource = (name) =>
    load(`configuration/variables/sources/instance-dependent/${name}`)(serverless);
  const aws = instanceSource('get-aws');
  return {
    env: source('env'),
    file: source('file'),
    opt: source('opt'),
    self: source('self'),
    strToBool: source('str-to-bool'),
    sls: instanceSource('get-sls'),
    param: instanceSource('param'),
    // The local account; osls would ask STS.
    aws: { resolve: (args) => (args.address === 'accountId' ? { value: accountId } : aws.resolve(args)) },
  };
}

async function resolveVariables(serverless, configuration, variablesMeta, input, options) {
  const sources = variableSources(serverless, input.accountId);
  await load('configuration/variables/resolve')({
    serviceDir: input.serviceDir,
    configuration,
    variablesMeta,
    sources,
    options,
    fulfilledSources: new Set(Object.keys(sources)),
  });
  for (const [propertyPath, meta] of variablesMeta) {
    if (meta.error) {
      throw new CompileError('VARIABLE_UNRESOLVED', input.file, pathOf(propertyPath), meta.error.message);
    }
  }
  const unresolved = load('configuration/variables/resolve-unresolved-source-types')(variablesMeta);
  for (const [type, paths] of unresolved) {
    throw new CompileError(
      'VARIABLE_UNSUPPORTED',
      input.file,
      pathOf([...paths][0]),
      `unsupported variable source "${type}" (the local cloud resolves: ${Object.keys(sources).join(', ')})`,
    );
  }
}

/** What `Serverless#run` does before the lifecycle; validation is strict so mistakes stop here. */
async function prepareService(serverless, options, file) {
  const { service } = serverless;
  service.reloadServiceFileParam();
  service.mergeArrays();
  service.setFunctionNames(options);
  // A published version hashes the artifact zip, which is never built here; locally every
  // invocation runs $LATEST anyway.
  service.provider.versionFunctions = false;
  service.configValidationMode = 'error';
  try {
    await service.validate();
  } catch (error) {
    // "Configuration error at 'functions.a.events.0.sqs.batchSize': must be integer" → that path.
    const found = /Configuration error at '([^']+)': ([^\n]+)/.exec(messageOf(error));
    if (!found) throw new CompileError('DEFINITION_INVALID', file, [], messageOf(error));
    throw new CompileError(
      'DEFINITION_INVALID',
      file,
      found[1].split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      `osls: ${found[2].trim()}`,
    );
  }
}

async function runLifecycleEvent(pluginManager, event) {
  for (const name of [`before:${event}`, event, `after:${event}`]) {
    for (const { hook } of pluginManager.hooks[name] || []) await hook();
  }
}

async function compile(input) {
  const configuration = await readConfiguration(input);
  // The esbuild plugin only bundles artifacts, which the local cloud does not use.
  delete configuration.plugins;
  const options = {
    stage: input.stage,
    region: input.region,
    param: Object.entries(input.params).map(([key, value]) => `${key}=${String(value)}`),
  };
  const variablesMeta = load('configuration/variables/resolve-meta')(configuration);
  const Serverless = load('serverless');
  const serverless = new Serverless({
    configuration,
    serviceDir: input.serviceDir,
    configurationFilename: input.configurationPath.split(/[\\/]/).pop(),
    commands: ['package'],
    options,
    variablesMeta,
  });
  await serverless.init();
  await resolveVariables(serverless, configuration, variablesMeta, input, options);
  await prepareService(serverless, options, input.file);
  for (const event of COMPILE_EVENTS) await runLifecycleEvent(serverless.pluginManager, event);
  const { naming } = serverless.getProvider('aws');
  return {
    file: input.file,
    serviceName: String(configuration.service),
    configuration,
    functions: serverless.service.getAllFunctions().map((key) => {
      const events = serverless.service.getFunction(key).events;
      return { key, logicalId: naming.getLambdaLogicalId(key), events: Array.isArray(events) ? events : [] };
    }),
    template: serverless.service.provider.compiledCloudFormationTemplate,
  };
}

parentPort.on('message', ({ id, input }) => {
  compile(input).then(
    (compiled) => parentPort.postMessage({ id, compiled: JSON.parse(JSON.stringify(compiled)) }),
    (error) =>
      parentPort.postMessage({
        id,
        error:
          error instanceof CompileError
            ? { code: error.code, file: error.file, path: error.path, detail: error.message }
            : { code: 'DEFINITION_INVALID', file: input.file, path: [], detail: messageOf(error) },
      }),
  );
});
