// Exactly-once counts of one scenario: every (member, message) pair must hold exactly one copy.
// Missing or duplicate copies, copies delivered to sockets outside the room and messages the
// server refused are functional failures; time never is.

export interface DeliveryTally {
  /** Messages sent (and not refused by the server). */
  messages: number;
  /** Members × messages: the copies exactly-once delivery means. */
  expected: number;
  /** Copies received by members, duplicates included. */
  received: number;
  /** (member, message) pairs with no copy. */
  missing: number;
  /** Copies beyond the first, summed over all pairs. */
  duplicates: number;
  /** Copies that reached a socket that is not a member of the message's room. */
  strays: number;
  /** sendMessage frames answered with an error instead of an ack. */
  refused: number;
}

export const EMPTY_TALLY: DeliveryTally = {
  messages: 0,
  expected: 0,
  received: 0,
  missing: 0,
  duplicates: 0,
  strays: 0,
  refused: 0,
};

export function addTallies(a: DeliveryTally, b: DeliveryTally): DeliveryTally {
  return {
    messages: a.messages + b.messages,
    expected: a.expected + b.expected,
    received: a.received + b.received,
    missing: a.missing + b.missing,
    duplicates: a.duplicates + b.duplicates,
    strays: a.strays + b.strays,
    refused: a.refused + b.refused,
  };
}

/** What makes a tally a functional failure, one sentence each, prefixed with `label`. */
export function tallyFailures(label: string, tally: DeliveryTally): string[] {
  const failures: string[] = [];
  if (tally.missing > 0) failures.push(`${label}: ${tally.missing} of ${tally.expected} deliveries missing`);
  if (tally.duplicates > 0) failures.push(`${label}: ${tally.duplicates} duplicate deliveries`);
  if (tally.strays > 0) failures.push(`${label}: ${tally.strays} copies reached sockets outside the room`);
  if (tally.refused > 0) failures.push(`${label}: ${tally.refused} sendMessage frames refused`);
  return failures;
}

/** "2,997/3,000 delivered, 3 missing, 0 dup" — the exactly-once part of a scenario line. */
export function formatTally(tally: DeliveryTally): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const extra = [
    tally.strays > 0 ? `${n(tally.strays)} stray` : '',
    tally.refused > 0 ? `${n(tally.refused)} refused` : '',
  ].filter((part) => part !== '');
  return [
    `${n(tally.received - tally.duplicates)}/${n(tally.expected)} delivered`,
    `${n(tally.missing)} missing`,
    `${n(tally.duplicates)} dup`,
    ...extra,
  ].join(', ');
}
