import WebSocket from 'ws';
import { startBroadcastServer, type BroadcastServer } from '../../../../bench/baseline/broadcastServer';

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString('utf8'))));
}

describe('the baseline broadcast server (real sockets, port 0)', () => {
  let server: BroadcastServer;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    server = await startBroadcastServer(0);
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await server.close();
  });

  it('hands each control frame, verbatim, to every member and not to the control socket', async () => {
    const url = `ws://127.0.0.1:${server.port}`;
    const members = await Promise.all([open(url), open(url), open(url)]);
    const control = await open(`${url}/control`);
    sockets.push(...members, control);
    expect(server.members()).toBe(3);
    const frame = JSON.stringify({ type: 'message', clientMsgId: 'b1', text: 'héllo 👋 "quoted"' });
    const copies = Promise.all(members.map(nextMessage));
    let controlGotOne = false;
    control.on('message', () => (controlGotOne = true));
    control.send(frame);
    expect(await copies).toEqual([frame, frame, frame]);
    expect(controlGotOne).toBe(false);
  });
});
