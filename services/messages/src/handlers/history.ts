// Route `history`: one page of a room's messages before / after an id, or the latest page.
import { containerDeps } from '../container';
import { createRouteHandler, type RouteHandler, type RouteHandlerDeps } from '../routeHandler';
import { MessagesMetric } from '../telemetry';

export function createHandler(deps: RouteHandlerDeps): RouteHandler {
  return createRouteHandler(
    {
      action: 'history',
      rejectedMetric: MessagesMetric.HistoryRejected,
      run: (api, connectionId, frame) => api.history(connectionId, frame),
    },
    deps,
  );
}

export const handler = createHandler(containerDeps());
