// The runtime's log output: lines of one event-loop turn leave in one write, in order.
import { createBufferedLineWriter } from '../../../src/runtime/lineWriter';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createBufferedLineWriter', () => {
  it('writes the lines of one turn in a single write, in order, newline-terminated', async () => {
    const writes: string[] = [];
    const log = createBufferedLineWriter({ write: (chunk) => writes.push(chunk) });
    log('START RequestId: 1');
    log('END RequestId: 1');
    log('REPORT RequestId: 1');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['START RequestId: 1\nEND RequestId: 1\nREPORT RequestId: 1\n']);
    log('later');
    await nextTurn();
    expect(writes).toEqual([writes[0], 'later\n']);
  });
});
