import { chatText, deliveryTimeoutMs, retag } from '../../../../bench/scenarios/fanoutRounds';

describe('fanout round helpers', () => {
  it('swaps the captured frame’s tag for the baseline’s, keeping every other byte', () => {
    const frame = JSON.stringify({
      type: 'message',
      clientMsgId: 'fab12n2m0001',
      text: 'fab12n2m0001 is in the text',
    });
    const copy = retag(frame, 'fab12n2m0001', 'bab12n2m0001');
    expect(JSON.parse(copy)).toEqual({
      type: 'message',
      clientMsgId: 'bab12n2m0001',
      text: 'fab12n2m0001 is in the text',
    });
    expect(copy.length).toBe(frame.length);
    expect(() => retag(frame, 'other', 'x')).toThrow(/does not carry the tag other/);
  });

  it('builds chat text of exactly the asked length', () => {
    expect(chatText(12, 'bench N=2')).toBe('bench N=2 xx');
    expect(chatText(4, 'bench N=2')).toBe('benc');
  });

  it('gives bigger rooms longer to deliver', () => {
    expect(deliveryTimeoutMs(10_000)).toBeGreaterThan(deliveryTimeoutMs(2));
  });
});
