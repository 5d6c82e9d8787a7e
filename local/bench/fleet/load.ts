// Open-loop sustained load: message k is due at start + k/rate, whatever the server does, so a
// slow pipeline shows up as latency instead of silently lowering the offered rate (no
// coordinated omission). Message k goes to room k mod R, from that room's next sender in turn.
import type { SustainRoom } from './protocol';

export interface LoadSlot {
  room: number;
  sender: number;
}

export function loadSlot(k: number, rooms: readonly SustainRoom[]): LoadSlot {
  if (rooms.length === 0) throw new RangeError('sustained load needs at least one room');
  const room = k % rooms.length;
  const turn = Math.floor(k / rooms.length);
  return { room, sender: turn % Math.max(1, rooms[room]!.senders) };
}

/** Messages due by `elapsedMs` since the start at `rate` per second, capped at `total`. */
export function dueBy(elapsedMs: number, rate: number, total: number): number {
  return Math.min(total, Math.floor((elapsedMs * rate) / 1000) + 1);
}

export function plannedMessages(rate: number, seconds: number): number {
  return Math.max(1, Math.round(rate * seconds));
}

/**
 * Calls `send(k)` for every k in 0..total-1 on schedule; resolves with the worst lag behind the
 * schedule, ms. One timer, re-armed for the next due message; late messages go out at once.
 */
export function runOpenLoop(
  rate: number,
  total: number,
  send: (k: number) => void,
  onProgress: (sent: number) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const start = performance.now();
    let sent = 0;
    let maxLag = 0;
    const tick = (): void => {
      const elapsed = performance.now() - start;
      const due = dueBy(elapsed, rate, total);
      while (sent < due) {
        maxLag = Math.max(maxLag, elapsed - (sent * 1000) / rate);
        send(sent);
        sent += 1;
      }
      onProgress(sent);
      if (sent >= total) {
        resolve(maxLag);
        return;
      }
      const nextAt = (sent * 1000) / rate;
      setTimeout(tick, Math.max(0, nextAt - (performance.now() - start)));
    };
    tick();
  });
}
