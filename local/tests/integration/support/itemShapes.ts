// Every item of both tables checked against its shape in @chorus/keys, read with the real SDK
// (raw AttributeValues, so a number stored as a string is caught too). A `Shape<T>` must name
// every field of the keys interface (the compiler enforces it), and an item with a field the
// interface does not have is reported: a handler that wrote half an item, a stray attribute or a
// value of the wrong type shows up here, whatever input produced it.
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CONNECTION_META_SK,
  CONNECTION_PREFIX,
  DEDUP_KIND,
  DEDUP_PREFIX,
  DEDUP_SK,
  HISTORY_BUCKET_SK,
  MESSAGE_KIND,
  RATE_PREFIX,
  ROOM_META_SK,
  ROOM_PREFIX,
  SEND_BUCKET_KIND,
  SEND_BUCKET_SK,
  USER_PREFIX,
  type ConnectionItem,
  type DedupItem,
  type MembershipItem,
  type MessageItem,
  type RoomAccessItem,
  type RoomMemberItem,
  type RoomMetaItem,
  type SendBucketItem,
  type UserConnectionItem,
} from '@chorus/keys';
import {
  CLIENT_MSG_ID_PATTERN,
  MESSAGE_ID_PATTERN,
  ROOM_ID_PATTERN,
  TEXT_MAX_CHARS,
  findForbiddenCharacter,
  isValidUserName,
} from '@chorus/protocol';

type Item = Record<string, AttributeValue>;
/** Returns a complaint, or undefined when the attribute is fine. */
type Check = (value: AttributeValue | undefined, item: Item) => string | undefined;
type Shape<T> = { [K in keyof T]-?: Check };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const string =
  (test: (value: string, item: Item) => boolean = () => true): Check =>
  (value, item) => {
    if (value?.S === undefined || Object.keys(value).length !== 1)
      return `not a string: ${JSON.stringify(value)}`;
    return test(value.S, item) ? undefined : `unexpected value ${JSON.stringify(value.S.slice(0, 80))}`;
  };
const number =
  (test: (value: number) => boolean = () => true): Check =>
  (value) => {
    if (value?.N === undefined || Object.keys(value).length !== 1)
      return `not a number: ${JSON.stringify(value)}`;
    const parsed = Number(value.N);
    return Number.isFinite(parsed) && test(parsed) ? undefined : `unexpected number ${value.N}`;
  };
const exactly = (expected: string): Check => string((value) => value === expected);
/** An attribute the item may leave out; when present it must pass `check`. */
const optional =
  (check: Check): Check =>
  (value, item) =>
    value === undefined ? undefined : check(value, item);
const s = (item: Item, name: string): string => item[name]?.S ?? '';

const roomId = string((value) => ROOM_ID_PATTERN.test(value));
const userId = string((value) => value.length > 0 && value.length <= 256);
const userName = string((value) => isValidUserName(value));
const epochMs = number((value) => Number.isInteger(value) && value > 1.6e12);
const epochSeconds = number((value) => Number.isInteger(value) && value > 1.6e9 && value < 1e10);
const instant = string((value) => ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)));
const messageId = string((value) => MESSAGE_ID_PATTERN.test(value));
const connectionIdOf = (field: 'pk' | 'sk'): Check =>
  string((value, item) => value.length > 0 && s(item, field) === `${CONNECTION_PREFIX}${value}`);

const connectionRow: Shape<ConnectionItem> = {
  pk: string((value) => value.startsWith(CONNECTION_PREFIX)),
  sk: exactly(CONNECTION_META_SK),
  connectionId: connectionIdOf('pk'),
  userId,
  userName,
  connectedAt: epochMs,
  ttl: epochSeconds,
};

const membership: Shape<MembershipItem> = {
  pk: string((value) => value.startsWith(CONNECTION_PREFIX)),
  sk: string((value, item) => value === `${ROOM_PREFIX}${s(item, 'roomId')}`),
  connectionId: connectionIdOf('pk'),
  roomId,
  shard: number((value) => Number.isInteger(value) && value >= 0),
  joinedAt: epochMs,
  ttl: epochSeconds,
};

const roomMember: Shape<RoomMemberItem> = {
  pk: string((value, item) => new RegExp(`^${ROOM_PREFIX}${s(item, 'roomId')}#\\d+$`).test(value)),
  sk: string((value) => value.startsWith(CONNECTION_PREFIX)),
  connectionId: connectionIdOf('sk'),
  roomId,
  userId,
  userName,
  ttl: epochSeconds,
};

const roomPk = string((value, item) => value === `${ROOM_PREFIX}${s(item, 'roomId')}`);

const roomMeta: Shape<RoomMetaItem> = {
  pk: roomPk,
  sk: exactly(ROOM_META_SK),
  roomId,
  visibility: string((value) => value === 'public' || value === 'private'),
  ownerId: optional(userId),
  createdAt: epochMs,
};

const roomAccess: Shape<RoomAccessItem> = {
  pk: roomPk,
  sk: string((value, item) => value === `${USER_PREFIX}${s(item, 'userId')}`),
  roomId,
  userId,
  addedAt: epochMs,
};

const userConnection: Shape<UserConnectionItem> = {
  pk: string((value, item) => value === `${USER_PREFIX}${s(item, 'userId')}`),
  sk: string((value, item) => value === `${CONNECTION_PREFIX}${s(item, 'connectionId')}`),
  userId,
  connectionId: string((value) => value.length > 0),
  ttl: epochSeconds,
};

const message: Shape<MessageItem> = {
  pk: string((value, item) => value === `${ROOM_PREFIX}${s(item, 'roomId')}`),
  sk: string((value, item) => value === s(item, 'messageId')),
  kind: exactly(MESSAGE_KIND),
  roomId,
  messageId,
  clientMsgId: string((value) => CLIENT_MSG_ID_PATTERN.test(value)),
  sender: userName,
  senderId: userId,
  text: string(
    (value) =>
      value.length <= TEXT_MAX_CHARS &&
      value.trim().length > 0 &&
      findForbiddenCharacter(value) === undefined,
  ),
  sentAt: instant,
};

const dedup: Shape<DedupItem> = {
  pk: string((value) => value.startsWith(DEDUP_PREFIX)),
  sk: exactly(DEDUP_SK),
  kind: exactly(DEDUP_KIND),
  messageId,
  sentAt: instant,
  ttl: epochSeconds,
};

const sendBucket: Shape<SendBucketItem> = {
  pk: string((value) => value.startsWith(RATE_PREFIX) && value.length > RATE_PREFIX.length),
  // The same GCRA bucket counts sends and history requests, under two sort keys.
  sk: string((value) => value === SEND_BUCKET_SK || value === HISTORY_BUCKET_SK),
  kind: exactly(SEND_BUCKET_KIND),
  tatMs: epochMs,
  ttl: epochSeconds,
};

/** Which shape an item claims to be, from its keys (and `kind` on the messages table). */
function shapeOf(table: 'connections' | 'messages', item: Item): [string, Record<string, Check>] | undefined {
  const pk = s(item, 'pk');
  const sk = s(item, 'sk');
  if (table === 'connections') {
    if (pk.startsWith(CONNECTION_PREFIX) && sk === CONNECTION_META_SK)
      return ['connection row', connectionRow];
    if (pk.startsWith(CONNECTION_PREFIX) && sk.startsWith(ROOM_PREFIX)) return ['membership', membership];
    if (pk.startsWith(ROOM_PREFIX) && sk.startsWith(CONNECTION_PREFIX)) return ['room member', roomMember];
    if (pk.startsWith(ROOM_PREFIX) && sk === ROOM_META_SK) return ['room meta', roomMeta];
    if (pk.startsWith(ROOM_PREFIX) && sk.startsWith(USER_PREFIX)) return ['room access', roomAccess];
    if (pk.startsWith(USER_PREFIX) && sk.startsWith(CONNECTION_PREFIX))
      return ['user connection', userConnection];
    return undefined;
  }
  const kind = s(item, 'kind');
  if (kind === MESSAGE_KIND) return ['message', message];
  if (kind === DEDUP_KIND) return ['dedup marker', dedup];
  if (kind === SEND_BUCKET_KIND) return ['rate bucket', sendBucket];
  return undefined;
}

/** One complaint per bad item (empty when every item fits its shape). */
export function itemProblems(table: 'connections' | 'messages', item: Item): string[] {
  const key = `${table} ${s(item, 'pk')} / ${s(item, 'sk')}`;
  const found = shapeOf(table, item);
  if (found === undefined) return [`${key}: no item kind has these keys`];
  const [kind, shape] = found;
  const problems: string[] = [];
  for (const [field, check] of Object.entries(shape)) {
    const complaint = check(item[field], item);
    if (complaint !== undefined) problems.push(`${key} (${kind}) ${field}: ${complaint}`);
  }
  for (const field of Object.keys(item)) {
    if (!(field in shape)) problems.push(`${key} (${kind}): unknown attribute ${field}`);
  }
  return problems;
}

/** Every item of a table, through every page of a consistent Scan. */
export async function scanAll(dynamo: DynamoDBClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** Items per kind, for the printed summary. */
export function kindCounts(table: 'connections' | 'messages', items: Item[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const kind = shapeOf(table, item)?.[0] ?? 'unknown';
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
