// Room ids this container has seen to be public. A public room stays public: its first join
// claimed the id as public, and nothing turns it private or deletes its meta (createRoom only
// takes a free id). So a join storm into one public room need not read the same meta item once
// per join; the first join of each container reads it, the rest go straight to the membership.
/** Ids remembered at most; the oldest goes first. Bounds the container's memory. */
export const KNOWN_PUBLIC_ROOMS_MAX = 1024;

export class KnownPublicRooms {
  private readonly ids = new Set<string>();

  public constructor(private readonly maxRooms = KNOWN_PUBLIC_ROOMS_MAX) {}

  public has(roomId: string): boolean {
    return this.ids.has(roomId);
  }

  public remember(roomId: string): void {
    if (this.ids.has(roomId) || this.maxRooms <= 0) return;
    if (this.ids.size >= this.maxRooms) {
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
    this.ids.add(roomId);
  }
}
