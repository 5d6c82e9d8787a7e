import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { PowertoolsFanoutMetrics, recordKnobs } from '../../src/telemetry';

function fakeMetrics() {
  const addMetric = jest.fn();
  return { metrics: { addMetric } as unknown as Metrics, addMetric };
}

describe('PowertoolsFanoutMetrics', () => {
  it('publishes counters as Count metrics', () => {
    const { metrics, addMetric } = fakeMetrics();
    new PowertoolsFanoutMetrics(metrics).count('DeliveryRequeued', 7);
    expect(addMetric).toHaveBeenCalledWith('DeliveryRequeued', MetricUnit.Count, 7);
  });

  it('defaults a counter increment to one and skips zero', () => {
    const { metrics, addMetric } = fakeMetrics();
    const fanout = new PowertoolsFanoutMetrics(metrics);
    fanout.count('Deliveries');
    fanout.count('JobsEnqueued', 0);
    expect(addMetric.mock.calls).toEqual([['Deliveries', MetricUnit.Count, 1]]);
  });

  it('publishes the per-call latency in milliseconds', () => {
    const { metrics, addMetric } = fakeMetrics();
    new PowertoolsFanoutMetrics(metrics).deliveryLatency(42);
    expect(addMetric).toHaveBeenCalledWith('DeliveryLatency', MetricUnit.Milliseconds, 42);
  });
});

describe('recordKnobs', () => {
  it('publishes every knob the container runs with and logs them', () => {
    const { metrics, addMetric } = fakeMetrics();
    const info = jest.fn();
    const knobs = {
      deliveryBatchSize: 100,
      deliveryInFlight: 32,
      deliveryMaxAttempts: 5,
      roomShards: 4,
      dispatchExpandAfter: 20000,
      dispatchInlineMax: 50,
    };
    recordKnobs(metrics, { info }, knobs);
    expect(addMetric.mock.calls).toEqual([
      ['KnobDeliveryBatchSize', MetricUnit.Count, 100],
      ['KnobDeliveryInFlight', MetricUnit.Count, 32],
      ['KnobDeliveryMaxAttempts', MetricUnit.Count, 5],
      ['KnobRoomShards', MetricUnit.Count, 4],
      ['KnobDispatchExpandAfter', MetricUnit.Count, 20000],
      ['KnobDispatchInlineMax', MetricUnit.Count, 50],
    ]);
    expect(info).toHaveBeenCalledWith('Fan-out knobs', knobs);
  });
});
