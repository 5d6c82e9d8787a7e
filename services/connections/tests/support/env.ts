// Imported first by tests that load a handler module: the module builds its container (config,
// clients, logger) at import time, exactly as in a Lambda cold start.
process.env['CONNECTIONS_TABLE'] = 'chorus-connections-test';
process.env['ROOM_SHARDS'] = '4';
process.env['STAGE'] = 'test';
process.env['AWS_REGION'] = 'us-east-1';
process.env['AWS_ACCESS_KEY_ID'] = 'test';
process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';

export const TEST_TABLE = 'chorus-connections-test';
export const TEST_SHARDS = 4;
process.env['AUTH_ISSUER'] = 'https://issuer.test/pool';
process.env['AUTH_AUDIENCE'] = 'chorus-webapp';
process.env['AUTH_JWKS_URL'] = 'https://issuer.test/pool/.well-known/jwks.json';
