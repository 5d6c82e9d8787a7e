// Reads WebSocket frame headers (RFC 6455 §5.2) off the raw TCP stream, beside `ws`, because `ws`
// checks only one `maxPayload` for frames and whole messages alike while API Gateway has two
// limits (32 KB per frame, 128 KB per message). It also tells data frames from control frames so
// pings do not count as activity for the idle timeout.

export const OPCODE_CONTINUATION = 0x0;
export const OPCODE_TEXT = 0x1;
export const OPCODE_BINARY = 0x2;

export interface FrameHeader {
  fin: boolean;
  opcode: number;
  payloadLength: number;
}

export function isDataFrame(header: FrameHeader): boolean {
  return header.opcode <= OPCODE_BINARY;
}

/** Feed it every chunk the client sends after the handshake; it calls `onFrame` per frame header. */
export class FrameInspector {
  private pending: Buffer = Buffer.alloc(0);
  private payloadLeft = 0;
  private stopped = false;

  constructor(private readonly onFrame: (header: FrameHeader) => void) {}

  /** Stop looking at traffic (after the connection is being closed). */
  stop(): void {
    this.stopped = true;
    this.pending = Buffer.alloc(0);
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (!this.stopped && offset < chunk.length) {
      if (this.payloadLeft > 0) {
        const skipped = Math.min(this.payloadLeft, chunk.length - offset);
        this.payloadLeft -= skipped;
        offset += skipped;
        continue;
      }
      const needed = this.headerLength();
      const take = Math.min(needed - this.pending.length, chunk.length - offset);
      this.pending = Buffer.concat([this.pending, chunk.subarray(offset, offset + take)]);
      offset += take;
      if (this.pending.length < this.headerLength()) continue;
      const header = this.parseHeader();
      this.pending = Buffer.alloc(0);
      this.payloadLeft = header.payloadLength;
      this.onFrame(header);
    }
  }

  /** Header bytes needed, as far as the bytes seen so far tell. */
  private headerLength(): number {
    if (this.pending.length < 2) return 2;
    const second = this.pending[1]!;
    const lengthCode = second & 0x7f;
    const extended = lengthCode === 126 ? 2 : lengthCode === 127 ? 8 : 0;
    const mask = second & 0x80 ? 4 : 0;
    return 2 + extended + mask;
  }

  private parseHeader(): FrameHeader {
    const first = this.pending[0]!;
    const lengthCode = this.pending[1]! & 0x7f;
    let payloadLength = lengthCode;
    if (lengthCode === 126) payloadLength = this.pending.readUInt16BE(2);
    else if (lengthCode === 127) payloadLength = Number(this.pending.readBigUInt64BE(2));
    return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payloadLength };
  }
}
