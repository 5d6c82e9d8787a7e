import { ConfigError } from '../../src/errors';
import { deliverContainerDeps, dispatchContainerDeps } from '../../src/container';
import { DeliveryWorker } from '../../src/deliveryWorker';

const env = {
  AWS_REGION: 'us-east-1',
  STAGE: 'test',
  CONNECTIONS_TABLE: 'chorus-connections-test',
  DELIVERY_QUEUE_URL: 'http://127.0.0.1:9324/000000000000/chorus-delivery-test',
  DELIVERY_DLQ_URL: 'http://127.0.0.1:9324/000000000000/chorus-delivery-dlq-test',
  DISPATCH_FAILURES_QUEUE_URL: 'http://127.0.0.1:9324/000000000000/chorus-dispatch-failures-test',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'http://127.0.0.1:3001/local',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

describe('container', () => {
  it('builds the dispatcher and the worker from a valid environment', () => {
    const dispatch = dispatchContainerDeps(env);
    expect(dispatch.dispatcher.dispatch).toEqual(expect.any(Function));
    expect(dispatch.failures.setAside).toEqual(expect.any(Function));
    expect(deliverContainerDeps(env).worker.deliver).toEqual(expect.any(Function));
  });

  it('gives the dispatcher a delivery worker for small rooms unless DISPATCH_INLINE_MAX is 0', () => {
    const inline = (deps: ReturnType<typeof dispatchContainerDeps>) =>
      (deps.dispatcher as unknown as { deps: { inline?: { maxConnections: number } } }).deps.inline;
    expect(inline(dispatchContainerDeps(env))).toEqual(
      expect.objectContaining({ maxConnections: 50, worker: expect.any(DeliveryWorker) }),
    );
    expect(inline(dispatchContainerDeps({ ...env, DISPATCH_INLINE_MAX: '0' }))).toBeUndefined();
  });

  it('fails at cold start on a bad environment', () => {
    expect(() => deliverContainerDeps({ ...env, DELIVERY_IN_FLIGHT: 'many' })).toThrow(ConfigError);
  });
});
