// A per-container memory of the presence of big rooms. A room with more members than a presence
// frame lists is answered from a sample of ~PRESENCE_MAX_USERS member rows anyway; when thousands
// join at once (a launch, a reconnect storm) every join would read that same sample again, and the
// reads, not the writes, are what a join costs. A sample a second or two old serves as well, so
// incomplete reads are kept for `ttlMs`. A complete read (a room small enough to list whole) is
// never kept: there every join and leave must show at once.
import type { RoomUserNames } from './connectionStore';

export const DEFAULT_PRESENCE_CACHE_MS = 2_000;
/** Rooms remembered at most; the oldest entry goes first. Bounds the container's memory. */
export const PRESENCE_CACHE_MAX_ROOMS = 256;

export interface RoomPresenceCacheOptions {
  /** How long an incomplete read is reused; 0 turns the cache off. */
  ttlMs: number;
  maxRooms?: number;
  now?: () => number;
}

interface Entry {
  names: readonly string[];
  expiresAt: number;
}

export class RoomPresenceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxRooms: number;
  private readonly now: () => number;

  public constructor(options: RoomPresenceCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.maxRooms = options.maxRooms ?? PRESENCE_CACHE_MAX_ROOMS;
    this.now = options.now ?? Date.now;
  }

  /** The kept sample of a big room, or undefined when there is none or it is too old. */
  public find(roomId: string): RoomUserNames | undefined {
    const entry = this.entries.get(roomId);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(roomId);
      return undefined;
    }
    return { names: [...entry.names], complete: false };
  }

  /** Keeps an incomplete read; a complete one (or any read while the cache is off) is not kept. */
  public remember(roomId: string, read: RoomUserNames): void {
    if (this.ttlMs <= 0 || read.complete) {
      this.entries.delete(roomId);
      return;
    }
    this.entries.delete(roomId);
    this.entries.set(roomId, { names: [...read.names], expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxRooms) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
