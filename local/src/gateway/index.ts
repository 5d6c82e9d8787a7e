export { WebSocketGateway } from './webSocketGateway';
export type { WebSocketGatewayOptions } from './webSocketGateway';
export type { NonSuccessMessageResponse } from './messageDispatcher';
export type { ApiFacts, ConnectionIdentity, GatewayLogger, GatewayRoute, RouteTable } from './types';
export { DEFAULT_LIMITS, resolveLimits } from './limits';
export type { CloseSpec, GatewayLimits } from './limits';
export { ADMIN_PREFIX, ADMIN_SECRET_HEADER } from './adminApi';
export type { AdminExtension } from './adminApi';
export { adminExtension, readJsonBody } from './adminExtension';
export type { AdminExtensionRoutes, AdminRefusal } from './adminExtension';
export { readBody, sendEmpty, sendJson } from './httpMessages';
export {
  FaultInjector,
  FaultSettingsError,
  FAULT_OPERATIONS,
  MAX_FIRED_KEPT,
  parseFaultSettings,
} from './faults';
export type {
  ActiveFaultRule,
  FaultOperation,
  FaultRule,
  FaultSettings,
  FaultSnapshot,
  FiredFault,
} from './faults';
export {
  AccountThrottle,
  parseThrottleSettings,
  ThrottleSettingsError,
  throttleSettingsFromEnv,
} from './throttle';
export type { ThrottleSettings, ThrottleSnapshot } from './throttle';
export { MAX_PHANTOMS, PhantomConnections, PhantomSettingsError, parsePhantomRegistration } from './phantoms';
export type { PhantomRegistration, PhantomStats } from './phantoms';
export type { ConnectionState, ConnectionSummary } from './connectionRegistry';
export { isApiId, isGatewayId, newApiId, newGatewayId } from './connectionIds';
export {
  buildConnectEvent,
  buildDisconnectEvent,
  buildMessageEvent,
  formatRequestTime,
  headerMaps,
  queryMaps,
} from './eventBuilders';
export type { WebSocketEvent, WebSocketRequestContext } from './eventBuilders';
export {
  compileRouteSelectionExpression,
  RouteSelectionExpressionError,
  selectRouteKey,
} from './routeSelection';
export type { RouteSelector } from './routeSelection';
export { consoleLogger, silentLogger } from './logger';
