// `npm start` options: the poller timing flag beside the existing ones.
import { parseOptions, USAGE, UsageError } from '../../../src/cloud/options';

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
