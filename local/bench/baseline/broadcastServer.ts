// The physical baseline: a plain `ws` server that hands one already-serialised frame to every
// member socket, the least any WebSocket fan-out on this machine can cost. Sockets on `/control`
// are not members; each frame one of them sends is the frame broadcast, verbatim.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface BroadcastServer {
  port: number;
  members(): number;
  close(): Promise<void>;
}

export function startBroadcastServer(port = 0, host = '127.0.0.1'): Promise<BroadcastServer> {
  const members = new Set<WebSocket>();
  // Chorus's gateway does not compress either; the baseline must put the same bytes on the wire.
  const server = new WebSocketServer({ port, host, perMessageDeflate: false, clientTracking: false });
  server.on('connection', (socket, request) => {
    if (request.url?.startsWith('/control') === true) {
      socket.on('message', (frame: Buffer, isBinary: boolean) => {
        for (const member of members) member.send(frame, { binary: isBinary });
      });
      return;
    }
    members.add(socket);
    socket.on('close', () => members.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        members: () => members.size,
        close: () =>
          new Promise<void>((done) => {
            for (const member of members) member.terminate();
            server.close(() => done());
          }),
      }),
    );
  });
}
