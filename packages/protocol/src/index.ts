export {
  FRAME_MAX_BYTES,
  MESSAGE_MAX_BYTES,
  TEXT_MAX_CHARS,
  HISTORY_MAX_LIMIT,
  HISTORY_DEFAULT_LIMIT,
  PRESENCE_MAX_USERS,
  ROOM_ID_PATTERN,
  USER_NAME_PATTERN,
  USER_ID_PATTERN,
  ROOM_MEMBERS_PER_FRAME_MAX,
  CLIENT_MSG_ID_PATTERN,
  MESSAGE_ID_PATTERN,
  IDLE_TIMEOUT_MS,
  MAX_CONNECTION_MS,
  utf8Length,
} from './limits';
export { ErrorCode, ProtocolError, forbiddenMessage } from './errors';
export {
  roomIdSchema,
  messageIdSchema,
  clientMsgIdSchema,
  userIdSchema,
  sendMessageFrame,
  joinRoomFrame,
  leaveRoomFrame,
  historyFrame,
  pingFrame,
  whoIsOnlineFrame,
  createRoomFrame,
  addMemberFrame,
  removeMemberFrame,
  clientFrameSchemas,
  CLIENT_ACTIONS,
} from './clientFrames';
export type {
  ClientAction,
  ClientFrame,
  ClientFrameOf,
  ClientFrameInput,
  SendMessageFrame,
  JoinRoomFrame,
  LeaveRoomFrame,
  HistoryFrame,
  HistoryRequest,
  PingFrame,
  WhoIsOnlineFrame,
  CreateRoomFrame,
  AddMemberFrame,
  RemoveMemberFrame,
} from './clientFrames';
export {
  chatMessageSchema,
  messageFrame,
  ackFrame,
  historyPageFrame,
  presenceFrame,
  roomFrame,
  memberFrame,
  removedFrame,
  pongFrame,
  errorFrame,
  serverFrameSchema,
} from './serverFrames';
export type {
  ChatMessage,
  MessageFrame,
  AckFrame,
  HistoryPageFrame,
  PresenceFrame,
  RoomFrame,
  MemberFrame,
  RemovedFrame,
  PongFrame,
  ErrorFrame,
  ServerFrame,
  ServerFrameType,
  ServerFrameOf,
} from './serverFrames';
export {
  parseJsonObject,
  peekAction,
  peekRoomId,
  parseClientFrame,
  parseClientFrameOf,
  parseServerFrame,
  encodeServerFrame,
} from './parse';
export { isValidUserName } from './names';
export { findForbiddenCharacter, describeTextProblem, formatCodePoint } from './text';
export type { TextProblem, TextProblemKind } from './text';
export { backoffCeilingMs, fullJitterDelayMs, realSleep } from './backoff';
export type { BackoffPolicy, Random, Sleep } from './backoff';
