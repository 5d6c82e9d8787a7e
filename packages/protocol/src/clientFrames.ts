// Client → server frames. API Gateway routes on `$request.body.action`, so `action` is the
// discriminator here too; every other field is validated strictly (unknown keys are refused so a
// typo never silently changes meaning). Written with zod/mini, whose functions tree-shake, because
// the webapp ships these schemas to every browser (classic zod's chained methods cannot be shaken).
import * as z from 'zod/mini';
import './schemaLocale';
import {
  CLIENT_MSG_ID_PATTERN,
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  MESSAGE_ID_PATTERN,
  ROOM_ID_PATTERN,
  ROOM_MEMBERS_PER_FRAME_MAX,
  TEXT_MAX_CHARS,
  USER_ID_PATTERN,
} from './limits';
import { describeTextProblem, findForbiddenCharacter } from './text';

export const roomIdSchema = z
  .string()
  .check(z.regex(ROOM_ID_PATTERN, 'roomId must be 1-64 of A-Z a-z 0-9 _ -'));
export const messageIdSchema = z.string().check(z.regex(MESSAGE_ID_PATTERN, 'must be a message id (ULID)'));
export const userIdSchema = z
  .string()
  .check(z.regex(USER_ID_PATTERN, 'userId must be 1-128 printable ASCII characters without spaces'));
export const clientMsgIdSchema = z
  .string()
  .check(z.regex(CLIENT_MSG_ID_PATTERN, 'clientMsgId must be 1-64 of A-Z a-z 0-9 _ -'));

export const sendMessageFrame = z.strictObject({
  action: z.literal('sendMessage'),
  roomId: roomIdSchema,
  text: z.string().check(
    // Counted in UTF-16 code units, as the browser counts them (docs/protocol.md). Not
    // z.maxLength: zod counts code points, which let up to twice as many units of astral text in.
    z.refine((text) => text.length <= TEXT_MAX_CHARS, `text must be at most ${TEXT_MAX_CHARS} characters`),
    z.refine((text) => text.trim().length > 0, 'text must not be empty'),
    // What cannot reach every member byte-exact is refused here, before the ack (see text.ts).
    z.superRefine((text, ctx) => {
      const problem = findForbiddenCharacter(text);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: describeTextProblem(problem) });
    }),
  ),
  clientMsgId: clientMsgIdSchema,
});

export const joinRoomFrame = z.strictObject({ action: z.literal('joinRoom'), roomId: roomIdSchema });
export const leaveRoomFrame = z.strictObject({ action: z.literal('leaveRoom'), roomId: roomIdSchema });

export const historyFrame = z
  .strictObject({
    action: z.literal('history'),
    roomId: roomIdSchema,
    before: z.optional(messageIdSchema),
    after: z.optional(messageIdSchema),
    limit: z._default(z.int().check(z.minimum(1), z.maximum(HISTORY_MAX_LIMIT)), HISTORY_DEFAULT_LIMIT),
  })
  .check(
    z.refine((frame) => frame.before === undefined || frame.after === undefined, {
      message: 'history takes before or after, not both',
      path: ['after'],
    }),
  );

export const pingFrame = z.strictObject({
  action: z.literal('ping'),
  /** Echoed in the pong so the client can measure round-trip time. */
  ts: z.optional(z.number()),
});

export const whoIsOnlineFrame = z.strictObject({ action: z.literal('whoIsOnline'), roomId: roomIdSchema });

/**
 * Creates a room owned by the sender. A private room admits only its owner and `members` (user
 * ids); a public one (the default) anyone signed in, like a room nobody created.
 */
export const createRoomFrame = z.strictObject({
  action: z.literal('createRoom'),
  roomId: roomIdSchema,
  private: z._default(z.boolean(), false),
  members: z._default(
    z
      .array(userIdSchema)
      .check(
        z.maxLength(
          ROOM_MEMBERS_PER_FRAME_MAX,
          `members may list at most ${ROOM_MEMBERS_PER_FRAME_MAX} user ids; add more with addMember`,
        ),
      ),
    [],
  ),
});

/** Owner only: admits a user id to a private room. */
export const addMemberFrame = z.strictObject({
  action: z.literal('addMember'),
  roomId: roomIdSchema,
  userId: userIdSchema,
});

/** Owner only: takes a user id out of a private room, live connections included. */
export const removeMemberFrame = z.strictObject({
  action: z.literal('removeMember'),
  roomId: roomIdSchema,
  userId: userIdSchema,
});

export const clientFrameSchemas = {
  sendMessage: sendMessageFrame,
  joinRoom: joinRoomFrame,
  leaveRoom: leaveRoomFrame,
  history: historyFrame,
  ping: pingFrame,
  whoIsOnline: whoIsOnlineFrame,
  createRoom: createRoomFrame,
  addMember: addMemberFrame,
  removeMember: removeMemberFrame,
} as const;

export type ClientAction = keyof typeof clientFrameSchemas;
export const CLIENT_ACTIONS = Object.keys(clientFrameSchemas) as ClientAction[];

export type SendMessageFrame = z.infer<typeof sendMessageFrame>;
export type JoinRoomFrame = z.infer<typeof joinRoomFrame>;
export type LeaveRoomFrame = z.infer<typeof leaveRoomFrame>;
export type HistoryFrame = z.infer<typeof historyFrame>;
/** What a client writes: `limit` may be left out (the server uses HISTORY_DEFAULT_LIMIT). */
export type HistoryRequest = z.input<typeof historyFrame>;
export type PingFrame = z.infer<typeof pingFrame>;
export type WhoIsOnlineFrame = z.infer<typeof whoIsOnlineFrame>;
export type CreateRoomFrame = z.infer<typeof createRoomFrame>;
export type AddMemberFrame = z.infer<typeof addMemberFrame>;
export type RemoveMemberFrame = z.infer<typeof removeMemberFrame>;

/** A validated client frame, discriminated by `action`. */
export type ClientFrame = { [A in ClientAction]: z.infer<(typeof clientFrameSchemas)[A]> }[ClientAction];
/** Frame of one action, e.g. `ClientFrameOf<'sendMessage'>`. */
export type ClientFrameOf<A extends ClientAction> = z.infer<(typeof clientFrameSchemas)[A]>;
/** What a client may send before defaults are applied. */
export type ClientFrameInput = { [A in ClientAction]: z.input<(typeof clientFrameSchemas)[A]> }[ClientAction];
