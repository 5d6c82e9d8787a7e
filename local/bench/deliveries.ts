// Exactly-once bookkeeping: for every message the bench sent (pipeline or baseline), how many
// copies each member received. Missing or duplicate copies are functional failures.

export interface DeliveryTally {
  /** Members × messages. */
  expected: number;
  /** Copies received, duplicates included. */
  received: number;
  /** (member, message) pairs with no copy. */
  missing: number;
  /** Extra copies beyond the first, summed over all pairs. */
  duplicates: number;
}

/**
 * `receivedIdsPerMember[m]` lists the id of every message frame member m received (in any order,
 * other messages included); `expectedIds` are the ids the bench sent.
 */
export function tallyDeliveries(
  receivedIdsPerMember: readonly (readonly string[])[],
  expectedIds: readonly string[],
): DeliveryTally {
  const expected = new Set(expectedIds);
  const tally: DeliveryTally = {
    expected: receivedIdsPerMember.length * expected.size,
    received: 0,
    missing: 0,
    duplicates: 0,
  };
  for (const ids of receivedIdsPerMember) {
    const copies = new Map<string, number>();
    for (const id of ids) if (expected.has(id)) copies.set(id, (copies.get(id) ?? 0) + 1);
    for (const id of expected) {
      const count = copies.get(id) ?? 0;
      tally.received += count;
      if (count === 0) tally.missing += 1;
      else tally.duplicates += count - 1;
    }
  }
  return tally;
}

export const EMPTY_TALLY: DeliveryTally = { expected: 0, received: 0, missing: 0, duplicates: 0 };
