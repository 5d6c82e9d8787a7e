// Reads serverless-compose.yml and resolves its `${service.Output}` params against known outputs,
// the way @osls/compose does, so per-service packaging passes exactly the same --param values.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const OUTPUT_REFERENCE = /\$\{(\w+)\.([\w-]+)\}/g;

function readComposeFile(root) {
  return YAML.parse(fs.readFileSync(path.join(root, 'serverless-compose.yml'), 'utf8'));
}

/** { serviceKey: { param: value } } with every `${svc.Output}` replaced from `outputs`. */
function resolveComposeParams(compose, outputs) {
  const resolved = {};
  for (const [key, service] of Object.entries(compose.services || {})) {
    resolved[key] = {};
    for (const [param, raw] of Object.entries(service.params || {})) {
      resolved[key][param] = String(raw).replace(OUTPUT_REFERENCE, (match, ref, output) => {
        const value = outputs[ref] && outputs[ref][output];
        if (value === undefined) {
          throw new Error(
            `serverless-compose.yml: ${key}.params.${param} references ${match}, which has no value`,
          );
        }
        return String(value);
      });
    }
  }
  return resolved;
}

module.exports = { readComposeFile, resolveComposeParams };
