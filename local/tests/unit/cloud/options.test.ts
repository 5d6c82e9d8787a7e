// `npm start` options: the poller timing flag beside the existing ones.
import { parseOptions, stageParamsFromEnv, USAGE, UsageError } from '../../../src/cloud/options';

const ROOT = '/repo';

describe('parseOptions', () => {
  it('defaults to the fast development cadence', () => {
    expect(parseOptions([], {}, ROOT)).toMatchObject({ timing: 'fast', inMemory: false, web: true });
  });

  it('--aws-timing selects Lambda-faithful polling', () => {
    expect(parseOptions(['--in-memory', '--aws-timing'], {}, ROOT)).toMatchObject({
      timing: 'aws',
      inMemory: true,
    });
  });

  it('CHORUS_AWS_TIMING=1 selects it too, so the bench and tests can ask without a flag', () => {
    expect(parseOptions([], { CHORUS_AWS_TIMING: '1' }, ROOT).timing).toBe('aws');
  });

  it('refuses a value of CHORUS_AWS_TIMING it does not understand', () => {
    expect(() => parseOptions([], { CHORUS_AWS_TIMING: 'maybe' }, ROOT)).toThrow(UsageError);
    expect(() => parseOptions([], { CHORUS_AWS_TIMING: 'maybe' }, ROOT)).toThrow(/CHORUS_AWS_TIMING/);
  });

  it('documents the flag and the variable in the usage text', () => {
    expect(USAGE).toContain('--aws-timing');
    expect(USAGE).toContain('CHORUS_AWS_TIMING');
  });
});

describe('stageParamsFromEnv', () => {
  it('reads CHORUS_PARAMS as name=value pairs, none when unset', () => {
    expect(stageParamsFromEnv({})).toEqual({});
    expect(stageParamsFromEnv({ CHORUS_PARAMS: ' sendRateBurst=3, sendRatePerSecond = 0.5 ' })).toEqual({
      sendRateBurst: '3',
      sendRatePerSecond: '0.5',
    });
  });

  it.each(['sendRateBurst', 'sendRateBurst=', '=3', 'a=1=2', 'send-rate=3', 'a=1,,b=2'])(
    'refuses %p precisely',
    (value) => {
      expect(() => stageParamsFromEnv({ CHORUS_PARAMS: value })).toThrow(UsageError);
      expect(() => stageParamsFromEnv({ CHORUS_PARAMS: value })).toThrow(/CHORUS_PARAMS takes name=value/);
    },
  );
});
