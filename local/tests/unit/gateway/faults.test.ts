import {
  FaultInjector,
  FaultSettingsError,
  MAX_FIRED_KEPT,
  parseFaultSettings,
} from '../../../src/gateway/faults';

/** A random source that returns `draws` in order. */
function drawing(...draws: number[]): () => number {
  return () => {
    const next = draws.shift();
    if (next === undefined) throw new Error('no draw left');
    return next;
  };
}

describe('parseFaultSettings', () => {
  it('accepts status, probability (default 1) and count, as a list of one rule', () => {
    expect(parseFaultSettings({ postToConnection: { status: 429, probability: 0.5, count: 3 } })).toEqual({
      postToConnection: [{ status: 429, probability: 0.5, count: 3 }],
    });
    expect(parseFaultSettings({ getConnection: { status: 500 } })).toEqual({
      getConnection: [{ status: 500, probability: 1 }],
    });
  });

  it('accepts several rules for one operation', () => {
    expect(
      parseFaultSettings({
        postToConnection: [
          { status: 410, probability: 0.05 },
          { status: 429, probability: 0.1 },
        ],
      }),
    ).toEqual({
      postToConnection: [
        { status: 410, probability: 0.05 },
        { status: 429, probability: 0.1 },
      ],
    });
  });

  it.each([
    [[]],
    [{ nope: { status: 500 } }],
    [{ postToConnection: { status: 200 } }],
    [{ postToConnection: { status: 500, probability: 2 } }],
    [{ postToConnection: { status: 500, count: 0 } }],
    [{ postToConnection: 'x' }],
    [{ postToConnection: [] }],
    [{ postToConnection: [{ status: 410 }, 'x'] }],
    [
      {
        postToConnection: [
          { status: 410, probability: 0.6 },
          { status: 429, probability: 0.5 },
        ],
      },
    ],
  ])('rejects %j', (raw) => {
    expect(() => parseFaultSettings(raw)).toThrow(FaultSettingsError);
  });

  it('names the rule at fault in a list', () => {
    expect(() => parseFaultSettings({ postToConnection: [{ status: 410 }, { status: 99 }] })).toThrow(
      'postToConnection[1].status must be an integer HTTP error status (400-599)',
    );
  });
});

describe('FaultInjector', () => {
  it('fails requests with the configured status while the random draw is under the probability', () => {
    const faults = new FaultInjector(drawing(0.1, 0.9, 0.49));
    faults.set({ postToConnection: { status: 429, probability: 0.5 } });
    expect([
      faults.draw('postToConnection'),
      faults.draw('postToConnection'),
      faults.draw('postToConnection'),
    ]).toEqual([429, undefined, 429]);
    expect(faults.draw('getConnection')).toBeUndefined();
  });

  it('gives each of several rules its own slice of one draw', () => {
    // 410 owns [0, 0.05), 429 owns [0.05, 0.15), the rest passes.
    const faults = new FaultInjector(drawing(0.01, 0.05, 0.14, 0.151, 0.99));
    faults.set({
      postToConnection: [
        { status: 410, probability: 0.05 },
        { status: 429, probability: 0.1 },
      ],
    });
    expect([1, 2, 3, 4, 5].map(() => faults.draw('postToConnection'))).toEqual([
      410,
      429,
      429,
      undefined,
      undefined,
    ]);
    expect(faults.snapshot()).toEqual({
      postToConnection: [
        { status: 410, probability: 0.05, fired: 1 },
        { status: 429, probability: 0.1, fired: 2 },
      ],
    });
  });

  it('fires a counted fault only `count` times, then removes it', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({ postToConnection: { status: 410, probability: 1, count: 2 } });
    expect([1, 2, 3].map(() => faults.draw('postToConnection'))).toEqual([410, 410, undefined]);
    expect(faults.snapshot()).toEqual({});
  });

  it('keeps the other rules of an operation when a counted one is used up', () => {
    const faults = new FaultInjector(drawing(0.1, 0.1, 0.1));
    faults.set({
      postToConnection: [
        { status: 500, probability: 0.5, count: 1 },
        { status: 429, probability: 0.5 },
      ],
    });
    // Once the 500 is gone the 429 owns [0, 0.5).
    expect([1, 2, 3].map(() => faults.draw('postToConnection'))).toEqual([500, 429, 429]);
    expect(faults.snapshot()).toEqual({ postToConnection: [{ status: 429, probability: 0.5, fired: 2 }] });
  });

  it('records whom each fault fired for, until cleared', () => {
    const faults = new FaultInjector(drawing(0.01, 0.5, 0.2));
    faults.set({
      postToConnection: [{ status: 410, probability: 0.1 }],
      deleteConnection: { status: 500, probability: 1 },
    });
    faults.draw('postToConnection', 'a');
    faults.draw('postToConnection', 'b');
    faults.draw('deleteConnection', 'c');
    expect(faults.fired()).toEqual([
      { operation: 'postToConnection', status: 410, connectionId: 'a' },
      { operation: 'deleteConnection', status: 500, connectionId: 'c' },
    ]);
    faults.clear();
    expect(faults.fired()).toEqual([]);
  });

  it('keeps only the newest MAX_FIRED_KEPT fired faults', () => {
    const faults = new FaultInjector(() => 0);
    faults.set({ getConnection: { status: 500, probability: 1 } });
    for (let i = 0; i <= MAX_FIRED_KEPT; i += 1) faults.draw('getConnection', `c${i}`);
    const fired = faults.fired();
    expect(fired).toHaveLength(MAX_FIRED_KEPT);
    expect(fired[0]!.connectionId).toBe('c1');
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
