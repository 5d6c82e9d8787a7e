import { join } from 'node:path';
import { parseFanoutParams, readFanoutParams } from '../../../bench/params';

const yml = (defaults: string): string =>
  `service: chorus-fanout\nparams:\n  default:\n${defaults}\nprovider:\n  name: aws\n`;

describe('parseFanoutParams', () => {
  it('reads K, c and W from params.default', () => {
    const text = yml(
      '    websocketApiId: x\n    deliveryBatchSize: 250\n    deliveryInFlight: 16\n    deliveryMaxConcurrency: 7',
    );
    expect(parseFanoutParams(text)).toEqual({
      deliveryBatchSize: 250,
      deliveryInFlight: 16,
      deliveryMaxConcurrency: 7,
    });
  });

  it('accepts numbers written as strings', () => {
    const text = yml(
      '    deliveryBatchSize: \'100\'\n    deliveryInFlight: "32"\n    deliveryMaxConcurrency: 50',
    );
    expect(parseFanoutParams(text).deliveryInFlight).toBe(32);
  });

  it('names the file and the param when one is missing or not a positive whole number', () => {
    expect(() =>
      parseFanoutParams(yml('    deliveryBatchSize: 100\n    deliveryMaxConcurrency: 50'), 'f.yml'),
    ).toThrow('f.yml: params.default.deliveryInFlight must be a positive whole number (got undefined)');
    expect(() =>
      parseFanoutParams(
        yml('    deliveryBatchSize: 1.5\n    deliveryInFlight: 3\n    deliveryMaxConcurrency: 5'),
      ),
    ).toThrow(/deliveryBatchSize/);
    expect(() =>
      parseFanoutParams(
        yml("    deliveryBatchSize: '${param:x}'\n    deliveryInFlight: 3\n    deliveryMaxConcurrency: 5"),
      ),
    ).toThrow(/deliveryBatchSize/);
  });

  it('refuses a file without params.default', () => {
    expect(() => parseFanoutParams('service: x\n', 'f.yml')).toThrow('f.yml: no params.default block');
  });
});

describe('readFanoutParams', () => {
  it('reads the repository services/fanout/serverless.yml', () => {
    const params = readFanoutParams(join(__dirname, '..', '..', '..', '..'));
    for (const value of Object.values(params)) expect(Number.isInteger(value) && value > 0).toBe(true);
  });
});
