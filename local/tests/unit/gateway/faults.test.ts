import { FaultInjector, FaultSettingsError, parseFaultSettings } from '../../../src/gateway/faults';

describe('parseFaultSettings', () => {
  it('accepts status, probability (default 1) and count', () => {
    expect(parseFaultSettings({ postToConnection: { status: 429, probability: 0.5, count: 3 } })).toEqual({
      postToConnection: { status: 429, probability: 0.5, count: 3 },
    });
    expect(parseFaultSettings({ getConnection: { status: 500 } })).toEqual({
      getConnection: { status: 500, probability: 1 },
    });
  });

  it.each([
    [[]],
    [{ nope: { status: 500 } }],
    [{ postToConnection: { status: 200 } }],
    [{ postToConnection: { status: 500, probability: 2 } }],
    [{ postToConnection: { status: 500, count: 0 } }],
    [{ postToConnection: 'x' }],
  ])('rejects %j', (raw) => {
    expect(() => parseFaultSettings(raw)).toThrow(FaultSettingsError);
  });
});

describe('FaultInjector', () => {
  it('fails requests with the configured status while the random draw is under the probability', () => {
    const draws = [0.1, 0.9, 0.49];
    const faults = new FaultInjector(() => draws.shift()!);
    faults.set({ postToConnection: { status: 429, probability: 0.5 } });
    expect([
      faults.draw('postToConnection'),
      faults.draw('postToConnection'),
      faults.draw('postToConnection'),
    ]).toEqual([429, undefined, 429]);
    expect(faults.draw('getConnection')).toBeUndefined();
  });

  it('fires a counted fault only `count` times, then removes it', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({ postToConnection: { status: 410, probability: 1, count: 2 } });
    expect([1, 2, 3].map(() => faults.draw('postToConnection'))).toEqual([410, 410, undefined]);
    expect(faults.snapshot()).toEqual({});
  });

  it('clears every rule', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({
      postToConnection: { status: 500, probability: 1 },
      deleteConnection: { status: 500, probability: 1 },
    });
    faults.clear();
    expect(faults.draw('postToConnection')).toBeUndefined();
    expect(faults.draw('deleteConnection')).toBeUndefined();
  });
});
