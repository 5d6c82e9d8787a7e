import { FrameInspector, isDataFrame, type FrameHeader } from '../../../src/gateway/frameInspector';

/** A client frame (masked) with `length` payload bytes. */
function frame(opcode: number, length: number, fin = true): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, 0x80 | length]);
  else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, Buffer.from([1, 2, 3, 4]), Buffer.alloc(length, 0x61)]);
}

function inspect(chunks: Buffer[]): FrameHeader[] {
  const seen: FrameHeader[] = [];
  const inspector = new FrameInspector((header) => seen.push(header));
  chunks.forEach((chunk) => inspector.push(chunk));
  return seen;
}

describe('FrameInspector', () => {
  const stream = Buffer.concat([
    frame(0x1, 10, false),
    frame(0x9, 0),
    frame(0x0, 200, false),
    frame(0x0, 70_000),
  ]);
  const expected = [
    { fin: false, opcode: 0x1, payloadLength: 10 },
    { fin: true, opcode: 0x9, payloadLength: 0 },
    { fin: false, opcode: 0x0, payloadLength: 200 },
    { fin: true, opcode: 0x0, payloadLength: 70_000 },
  ];

  it('reads 7-bit, 16-bit and 64-bit payload lengths from one chunk', () => {
    expect(inspect([stream])).toEqual(expected);
  });

  it('reads the same headers however the stream is split', () => {
    for (const size of [1, 2, 3, 7, 13, 4096]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
      expect(inspect(chunks)).toEqual(expected);
    }
  });

  it('stops reporting after stop()', () => {
    const seen: FrameHeader[] = [];
    const inspector = new FrameInspector((header) => {
      seen.push(header);
      inspector.stop();
    });
    inspector.push(Buffer.concat([frame(0x1, 1), frame(0x1, 1)]));
    expect(seen).toHaveLength(1);
  });

  it('counts text, binary and continuation frames as data, control frames not', () => {
    expect(
      [0x0, 0x1, 0x2, 0x8, 0x9, 0xa].map((opcode) => isDataFrame({ opcode, fin: true, payloadLength: 0 })),
    ).toEqual([true, true, true, false, false, false]);
  });
});
