export {
  CONNECTION_PREFIX,
  ROOM_PREFIX,
  CONNECTION_META_SK,
  CONNECTION_TTL_SECONDS,
  connectionKey,
  membershipKey,
  roomShardPk,
  roomMemberKey,
  roomShardPks,
  connectionTtl,
  connectionIdFromSk,
  roomIdFromSk,
} from './connections';
export type { ConnectionKey, ConnectionItem, MembershipItem, RoomMemberItem } from './connections';
export { fnv1a, fmix32, roomShard, roomShardsFromEnv } from './shard';
export {
  DEDUP_PREFIX,
  DEDUP_SK,
  MESSAGE_KIND,
  DEDUP_KIND,
  DEDUP_TTL_SECONDS,
  roomMessagesPk,
  messageKey,
  dedupKey,
  NEW_MESSAGE_FILTER_PATTERN,
  RATE_PREFIX,
  SEND_BUCKET_SK,
  SEND_BUCKET_KIND,
  sendBucketKey,
} from './messages';
export type { MessageItem, DedupItem, SendBucketItem } from './messages';
