// Phantom connections (docs/local-cloud.md#phantom-connections): connection ids with no socket that
// the @connections API treats as open. PostToConnection to one answers 200 and is counted, so the
// bench can fan a message out to 100,000 recipients without 100,000 sockets and still check that
// every one was posted exactly once. Registered through the admin API as `prefix` + 0…count-1.

export interface PhantomRegistration {
  /** Ids are `${prefix}${index}`; the prefix keeps runs and tests apart. */
  prefix: string;
  count: number;
}

export interface PhantomStats {
  registered: number;
  /** Distinct phantoms posted to at least once. */
  posted: number;
  /** Posts to a phantom that had already been posted to. */
  duplicates: number;
  /** Epoch ms (sub-ms precision) of the first post and of the post that reached the last phantom. */
  firstPostAt?: number;
  completedAt?: number;
  /** Distinct phantoms first posted in each `bucketMs` since firstPostAt (deliveries over time). */
  bucketMs: number;
  perBucket: number[];
}

export class PhantomSettingsError extends Error {
  readonly code = 'INVALID_PHANTOM_SETTINGS';
  constructor(message: string) {
    super(message);
    this.name = 'PhantomSettingsError';
  }
}

/** More than a bench room needs, few enough that the counters stay small (8 bytes a phantom). */
export const MAX_PHANTOMS = 2_000_000;
const PREFIX = /^[A-Za-z0-9_-]{1,40}$/;
const BUCKET_MS = 100;

export function parsePhantomRegistration(raw: unknown): PhantomRegistration {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new PhantomSettingsError('phantom registration must be a JSON object');
  const { prefix, count } = raw as Record<string, unknown>;
  if (typeof prefix !== 'string' || !PREFIX.test(prefix))
    throw new PhantomSettingsError('prefix must be 1-40 characters of A-Z a-z 0-9 _ -');
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_PHANTOMS)
    throw new PhantomSettingsError(`count must be a whole number from 1 to ${MAX_PHANTOMS}`);
  return { prefix, count };
}

/** Epoch ms with the monotonic clock's precision. */
const epochNow = (): number => performance.timeOrigin + performance.now();

export class PhantomConnections {
  private prefix = '';
  private posts = new Uint32Array(0);
  /** 1 for a phantom DeleteConnection removed: it answers 410 from then on, as a closed one would. */
  private removed = new Uint8Array(0);
  private posted = 0;
  private duplicates = 0;
  private firstPostAt: number | undefined;
  private completedAt: number | undefined;
  private perBucket: number[] = [];

  constructor(private readonly now: () => number = epochNow) {}

  /** Replaces every phantom (and its counts) with `registration`'s. */
  register(registration: PhantomRegistration): void {
    this.prefix = registration.prefix;
    this.posts = new Uint32Array(registration.count);
    this.removed = new Uint8Array(registration.count);
    this.resetCounts();
  }

  /** Forgets every phantom. */
  clear(): void {
    this.register({ prefix: '', count: 0 });
  }

  /** Zeroes the counts (same phantoms), for the next message of a run. */
  resetCounts(): void {
    this.posts.fill(0);
    this.posted = 0;
    this.duplicates = 0;
    this.firstPostAt = undefined;
    this.completedAt = undefined;
    this.perBucket = [];
  }

  /** The phantom's index, or undefined when the id is no phantom. */
  private indexOf(connectionId: string): number | undefined {
    if (this.posts.length === 0 || !connectionId.startsWith(this.prefix)) return undefined;
    const digits = connectionId.slice(this.prefix.length);
    if (!/^(0|[1-9][0-9]*)$/.test(digits)) return undefined;
    const index = Number(digits);
    return index < this.posts.length && this.removed[index] === 0 ? index : undefined;
  }

  has(connectionId: string): boolean {
    return this.indexOf(connectionId) !== undefined;
  }

  /** Counts one PostToConnection; false when the id is no phantom (the caller answers 410). */
  post(connectionId: string): boolean {
    const index = this.indexOf(connectionId);
    if (index === undefined) return false;
    const now = this.now();
    this.firstPostAt ??= now;
    if (this.posts[index] === 0) {
      this.posted += 1;
      const bucket = Math.floor((now - this.firstPostAt) / BUCKET_MS);
      while (this.perBucket.length <= bucket) this.perBucket.push(0);
      this.perBucket[bucket]! += 1;
      if (this.posted === this.posts.length) this.completedAt = now;
    } else {
      this.duplicates += 1;
    }
    this.posts[index]! += 1;
    return true;
  }

  /** Removes one phantom (DeleteConnection); later posts to it answer 410. */
  remove(connectionId: string): boolean {
    const index = this.indexOf(connectionId);
    if (index === undefined) return false;
    this.removed[index] = 1;
    return true;
  }

  stats(): PhantomStats {
    const stats: PhantomStats = {
      registered: this.posts.length,
      posted: this.posted,
      duplicates: this.duplicates,
      bucketMs: BUCKET_MS,
      perBucket: [...this.perBucket],
    };
    if (this.firstPostAt !== undefined) stats.firstPostAt = this.firstPostAt;
    if (this.completedAt !== undefined) stats.completedAt = this.completedAt;
    return stats;
  }
}
