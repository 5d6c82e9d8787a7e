// Server → client frames, discriminated by `type`. The webapp parses every incoming frame with
// `parseServerFrame` so a server bug shows up as a logged, ignored frame instead of a broken view.
import * as z from 'zod/mini';
import { ErrorCode } from './errors';
import { clientMsgIdSchema, messageIdSchema, roomIdSchema, userIdSchema } from './clientFrames';

/** A chat message as stored and as delivered. */
export const chatMessageSchema = z.object({
  roomId: roomIdSchema,
  messageId: messageIdSchema,
  clientMsgId: clientMsgIdSchema,
  /** Display name taken from the sender's connection row, never from the frame. */
  sender: z.string(),
  /** The sender's user id (their token's `sub`): tells apart two people of the same name. */
  senderId: z.string(),
  text: z.string(),
  /** ISO-8601 time the server accepted the message. */
  sentAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const messageFrame = z.extend(chatMessageSchema, { type: z.literal('message') });

export const ackFrame = z.object({
  type: z.literal('ack'),
  roomId: roomIdSchema,
  clientMsgId: clientMsgIdSchema,
  messageId: messageIdSchema,
  sentAt: z.string(),
});

export const historyPageFrame = z.object({
  type: z.literal('history'),
  roomId: roomIdSchema,
  /** Always in ascending id (time) order, whichever direction was asked for. */
  messages: z.array(chatMessageSchema),
  /** True when more messages exist beyond this page in the direction asked for. */
  hasMore: z.boolean(),
  before: z.optional(messageIdSchema),
  after: z.optional(messageIdSchema),
});

export const presenceFrame = z.object({
  type: z.literal('presence'),
  roomId: roomIdSchema,
  /**
   * Distinct display names with at least one connection in the room, sorted; at most
   * PRESENCE_MAX_USERS of them (the first ones in that order).
   */
  users: z.array(z.string()),
  /** True when the room has more names than `users` lists; absent or false: the list is complete. */
  truncated: z.optional(z.boolean()),
});

/** The answer to createRoom. */
export const roomFrame = z.object({
  type: z.literal('room'),
  roomId: roomIdSchema,
  private: z.boolean(),
  /** The creator's user id: the only one who may add and remove members. */
  ownerId: z.string(),
});

/** The answer to addMember / removeMember: whether `userId` may now enter the room. */
export const memberFrame = z.object({
  type: z.literal('member'),
  roomId: roomIdSchema,
  userId: userIdSchema,
  member: z.boolean(),
});

/**
 * Pushed to every connection of a user the owner removed from a private room: they are out of it
 * and receive nothing more from it.
 */
export const removedFrame = z.object({ type: z.literal('removed'), roomId: roomIdSchema });

export const pongFrame = z.object({ type: z.literal('pong'), ts: z.optional(z.number()) });

export const errorFrame = z.object({
  type: z.literal('error'),
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  /** API Gateway's request id of the frame that failed, for support and logs. */
  requestId: z.string(),
  /** The action of the failed frame when it could be read. */
  action: z.optional(z.string()),
  /** Set when a sendMessage failed, so the client can mark that message failed. */
  clientMsgId: z.optional(z.string()),
  /**
   * The room the failed frame named, when it named a valid one: a client in several rooms then
   * knows whose join or history request was refused.
   */
  roomId: z.optional(roomIdSchema),
  /** With RATE_LIMITED: milliseconds to wait before sending the same frame again. */
  retryAfterMs: z.optional(z.int().check(z.minimum(0))),
});

export const serverFrameSchema = z.discriminatedUnion('type', [
  messageFrame,
  ackFrame,
  historyPageFrame,
  presenceFrame,
  roomFrame,
  memberFrame,
  removedFrame,
  pongFrame,
  errorFrame,
]);

export type MessageFrame = z.infer<typeof messageFrame>;
export type AckFrame = z.infer<typeof ackFrame>;
export type HistoryPageFrame = z.infer<typeof historyPageFrame>;
export type PresenceFrame = z.infer<typeof presenceFrame>;
export type RoomFrame = z.infer<typeof roomFrame>;
export type MemberFrame = z.infer<typeof memberFrame>;
export type RemovedFrame = z.infer<typeof removedFrame>;
export type PongFrame = z.infer<typeof pongFrame>;
export type ErrorFrame = z.infer<typeof errorFrame>;
export type ServerFrame = z.infer<typeof serverFrameSchema>;
export type ServerFrameType = ServerFrame['type'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
