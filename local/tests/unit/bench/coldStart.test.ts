import { parseReadySeconds } from '../../../bench/coldStart';

describe('parseReadySeconds', () => {
  it('reads the seconds from the line main.ts prints', () => {
    const output =
      'Chorus local cloud: starting\n  ✔ DynamoDB Local   6.10 s\n\nChorus is ready in 9.84 s\n  WebSocket ws://…';
    expect(parseReadySeconds(output)).toBe(9.84);
  });

  it('is undefined when the cloud never said it was ready', () => {
    expect(parseReadySeconds('Chorus local cloud: starting\n✖ Java 17 or newer is required')).toBeUndefined();
  });
});
