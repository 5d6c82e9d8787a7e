// The runtime's log output: lines gathered for a short interval leave in one write, in order.
import { createBufferedLineWriter } from '../../../src/runtime/lineWriter';

describe('createBufferedLineWriter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes the lines of one interval in a single write, in order, newline-terminated', () => {
    const writes: string[] = [];
    const log = createBufferedLineWriter({ write: (chunk) => writes.push(chunk) }, { intervalMs: 25 });
    log('START RequestId: 1');
    log('END RequestId: 1');
    jest.advanceTimersByTime(10);
    log('REPORT RequestId: 1');
    expect(writes).toEqual([]);
    jest.advanceTimersByTime(15);
    expect(writes).toEqual(['START RequestId: 1\nEND RequestId: 1\nREPORT RequestId: 1\n']);
    log('later');
    jest.advanceTimersByTime(25);
    expect(writes).toEqual([writes[0], 'later\n']);
  });

  it('writes at once when the pending chunk grows big, keeping the order', () => {
    const writes: string[] = [];
    const log = createBufferedLineWriter(
      { write: (chunk) => writes.push(chunk) },
      { intervalMs: 1_000, maxChunkChars: 10 },
    );
    log('12345');
    expect(writes).toEqual([]);
    log('67890');
    expect(writes).toEqual(['12345\n67890\n']);
    log('tail');
    jest.advanceTimersByTime(1_000);
    expect(writes).toEqual(['12345\n67890\n', 'tail\n']);
  });

  it('flush writes what is pending now and leaves nothing for the timer', () => {
    const writes: string[] = [];
    const log = createBufferedLineWriter({ write: (chunk) => writes.push(chunk) });
    log('last words');
    log.flush();
    expect(writes).toEqual(['last words\n']);
    jest.advanceTimersByTime(1_000);
    log.flush();
    expect(writes).toEqual(['last words\n']);
  });
});
