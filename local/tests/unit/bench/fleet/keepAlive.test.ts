import { dueForKeepAlive, KeepAlive, KEEPALIVE_SILENCE_MS } from '../../../../bench/fleet/keepAlive';

function member(lastSentAt: number, isOpen = true) {
  const sent: string[] = [];
  return { isOpen, lastSentAt, sent, send: (frame: string) => sent.push(frame) };
}

describe('keep-alive', () => {
  it('picks open members silent for the whole interval, and only those', () => {
    const quiet = member(0);
    const chatty = member(KEEPALIVE_SILENCE_MS - 1);
    const closed = member(0, false);
    expect(dueForKeepAlive([quiet, chatty, closed], KEEPALIVE_SILENCE_MS, KEEPALIVE_SILENCE_MS)).toEqual([
      quiet,
    ]);
  });

  it('sends a ping action (a data frame, which resets the gateway’s idle timer) from each due member', () => {
    const keepAlive = new KeepAlive(1000);
    const quiet = member(0);
    const chatty = member(900);
    keepAlive.keep('room', [quiet, chatty]);
    try {
      expect(keepAlive.check(1000)).toBe(1);
      expect(quiet.sent.map((f) => JSON.parse(f))).toEqual([{ action: 'ping' }]);
      keepAlive.forget('room');
      expect(keepAlive.check(5000)).toBe(0);
    } finally {
      keepAlive.forget('room');
    }
  });
});
