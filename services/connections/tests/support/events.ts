// The WebSocket event factories live with the route wrapper's tests in the kit; one definition
// of "what API Gateway sends" for every service's tests.
export {
  authorizerEvent,
  connectEvent,
  disconnectEvent,
  frameEvent,
  gatewayId,
  messageEvent,
  signedIn,
} from '../../../../packages/lambda-kit/tests/support/webSocketEvents';
