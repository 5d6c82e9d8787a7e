import { TestBed } from '@angular/core/testing';
import { asyncScheduler, type Subscription } from 'rxjs';
import type { ServerFrame } from '@chorus/protocol';
import { ChatSocket } from '../../../src/app/connection/chat-socket';
import { CHAT_SOCKET_OPTIONS, type ChatSocketOptions } from '../../../src/app/connection/chat-socket-options';
import {
  CHAT_SCHEDULER,
  NETWORK_STATUS,
  RANDOM_SOURCE,
  WEB_SOCKET_FACTORY,
} from '../../../src/app/connection/socket-environment';
import { RUNTIME_CONFIG } from '../../../src/app/core/runtime-config';
import { FakeNetwork } from '../../support/fake-network';
import { FakeWebSocket, fakeWebSocketFactory } from '../../support/fake-web-socket';

const OPTIONS: ChatSocketOptions = {
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  stableAfterMs: 10_000,
  heartbeatIntervalMs: 30_000,
  pongTimeoutMs: 5_000,
  plannedReconnectMs: 115 * 60 * 1000,
};

interface Harness {
  socket: ChatSocket;
  network: FakeNetwork;
  setRandom(value: number): void;
}

function createHarness(options: Partial<ChatSocketOptions> = {}): Harness {
  let random = 0.5;
  const network = new FakeNetwork();
  TestBed.configureTestingModule({
    providers: [
      { provide: RUNTIME_CONFIG, useValue: { websocketUrl: 'ws://chorus.test/local' } },
      { provide: WEB_SOCKET_FACTORY, useValue: fakeWebSocketFactory },
      { provide: RANDOM_SOURCE, useValue: () => random },
      { provide: CHAT_SCHEDULER, useValue: asyncScheduler },
      { provide: NETWORK_STATUS, useValue: network },
      { provide: CHAT_SOCKET_OPTIONS, useValue: { ...OPTIONS, ...options } },
    ],
  });
  return { socket: TestBed.inject(ChatSocket), network, setRandom: (value) => (random = value) };
}

/** Fails the current attempt before it opens, as a refused or unreachable endpoint does. */
function failAttempt(): void {
  FakeWebSocket.latest().drop();
}

describe('ChatSocket', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    FakeWebSocket.instances = [];
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('connects with the ID token in ?token= and reports open', () => {
    const { socket } = createHarness();
    socket.connect('eyJ.a+b.c');

    expect(FakeWebSocket.latest().url).toBe('ws://chorus.test/local?token=eyJ.a%2Bb.c');
    expect(socket.state()).toEqual({ kind: 'connecting', attempt: 0 });
    FakeWebSocket.latest().acceptConnection();
    expect(socket.state()).toEqual({ kind: 'open' });
  });

  it('does not send (and does not buffer) while not open', () => {
    const { socket } = createHarness();
    socket.connect('ada');

    expect(socket.send({ action: 'joinRoom', roomId: 'general' })).toBe(false);
    FakeWebSocket.latest().acceptConnection();
    expect(FakeWebSocket.latest().sent).toEqual([]);
    expect(socket.send({ action: 'joinRoom', roomId: 'general' })).toBe(true);
    expect(FakeWebSocket.latest().sentFrames()).toEqual([{ action: 'joinRoom', roomId: 'general' }]);
  });

  describe('reconnect schedule (full jitter, capped)', () => {
    it('waits at most base * 2^(attempt-1) with the largest random value, up to the cap', () => {
      const { socket, setRandom } = createHarness();
      setRandom(0.999999);
      socket.connect('ada');
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 9; attempt += 1) {
        failAttempt();
        const state = socket.state();
        if (state.kind !== 'reconnecting') {
          throw new Error(`expected reconnecting, got ${state.kind}`);
        }
        expect(state.attempt).toBe(attempt);
        delays.push(state.nextDelayMs);
        const sockets = FakeWebSocket.instances.length;
        jest.advanceTimersByTime(state.nextDelayMs - 1);
        expect(FakeWebSocket.instances.length).toBe(sockets);
        jest.advanceTimersByTime(1);
        expect(FakeWebSocket.instances.length).toBe(sockets + 1);
      }
      expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999]);
    });

    it('may retry at once with the smallest random value (full jitter starts at 0)', () => {
      const { socket, setRandom } = createHarness();
      setRandom(0);
      socket.connect('ada');
      failAttempt();

      expect(socket.state()).toEqual({ kind: 'reconnecting', attempt: 1, nextDelayMs: 0 });
      jest.advanceTimersByTime(0);
      expect(FakeWebSocket.instances).toHaveLength(2);
    });

    it('keeps growing the attempt count while connections drop before they are stable', () => {
      const { socket, setRandom } = createHarness();
      setRandom(0);
      socket.connect('ada');
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        FakeWebSocket.latest().acceptConnection();
        jest.advanceTimersByTime(OPTIONS.stableAfterMs - 1);
        FakeWebSocket.latest().drop();
        expect(socket.state()).toMatchObject({ kind: 'reconnecting', attempt });
        jest.advanceTimersByTime(0);
      }
    });

    it('resets the attempt count once a connection has been stable', () => {
      const { socket, setRandom } = createHarness();
      setRandom(0);
      socket.connect('ada');
      failAttempt();
      jest.advanceTimersByTime(0);
      failAttempt();
      jest.advanceTimersByTime(0);
      expect(socket.state()).toEqual({ kind: 'connecting', attempt: 2 });

      FakeWebSocket.latest().acceptConnection();
      jest.advanceTimersByTime(OPTIONS.stableAfterMs);
      FakeWebSocket.latest().drop();
      expect(socket.state()).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    });
  });

  describe('heartbeat', () => {
    it('pings on its interval and stays open while pongs come back', () => {
      const { socket } = createHarness();
      socket.connect('ada');
      const first = FakeWebSocket.latest();
      first.acceptConnection();

      jest.advanceTimersByTime(OPTIONS.heartbeatIntervalMs);
      for (let beat = 1; beat <= 3; beat += 1) {
        expect(first.sentActions('ping')).toHaveLength(beat);
        jest.advanceTimersByTime(OPTIONS.pongTimeoutMs - 1);
        first.receive({ type: 'pong', ts: 1 });
        jest.advanceTimersByTime(OPTIONS.heartbeatIntervalMs - OPTIONS.pongTimeoutMs + 1);
      }
      expect(socket.state()).toEqual({ kind: 'open' });
      expect(first.closedByClient).toBe(false);
    });

    it('treats a missing pong as a dead socket: closes it and reconnects', () => {
      const { socket, setRandom } = createHarness();
      setRandom(0.5);
      socket.connect('ada');
      const first = FakeWebSocket.latest();
      first.acceptConnection();

      jest.advanceTimersByTime(OPTIONS.heartbeatIntervalMs);
      expect(first.sentActions('ping')).toHaveLength(1);
      jest.advanceTimersByTime(OPTIONS.pongTimeoutMs - 1);
      expect(socket.state()).toEqual({ kind: 'open' });
      jest.advanceTimersByTime(1);

      expect(first.closedByClient).toBe(true);
      expect(socket.state()).toEqual({ kind: 'reconnecting', attempt: 1, nextDelayMs: 250 });
      jest.advanceTimersByTime(250);
      expect(FakeWebSocket.instances).toHaveLength(2);
    });
  });

  describe('browser network events', () => {
    it('reconnects at once on `online` instead of waiting out the backoff', () => {
      const { socket, network, setRandom } = createHarness();
      setRandom(0.99);
      socket.connect('ada');
      for (let attempt = 0; attempt < 6; attempt += 1) {
        failAttempt();
        jest.advanceTimersByTime(30_000);
      }
      failAttempt();
      expect(socket.state()).toMatchObject({ kind: 'reconnecting', attempt: 7 });
      const sockets = FakeWebSocket.instances.length;

      network.goOnline();

      expect(FakeWebSocket.instances).toHaveLength(sockets + 1);
      expect(socket.state()).toMatchObject({ kind: 'connecting' });
    });

    it('goes offline on `offline`, closes the socket, and does not retry until `online`', () => {
      const { socket, network } = createHarness();
      socket.connect('ada');
      const first = FakeWebSocket.latest();
      first.acceptConnection();

      network.goOffline();
      expect(socket.state()).toEqual({ kind: 'offline' });
      expect(first.closedByClient).toBe(true);
      jest.advanceTimersByTime(10 * 60 * 1000);
      expect(FakeWebSocket.instances).toHaveLength(1);

      network.goOnline();
      expect(FakeWebSocket.instances).toHaveLength(2);
      FakeWebSocket.latest().acceptConnection();
      expect(socket.state()).toEqual({ kind: 'open' });
    });

    it('probes an open socket on `online` and drops it when the pong does not come', () => {
      const { socket, network } = createHarness();
      socket.connect('ada');
      const first = FakeWebSocket.latest();
      first.acceptConnection();

      network.goOnline();
      expect(first.sentActions('ping')).toHaveLength(1);
      jest.advanceTimersByTime(OPTIONS.pongTimeoutMs);
      expect(first.closedByClient).toBe(true);
      expect(socket.state()).toMatchObject({ kind: 'reconnecting' });
    });
  });

  it('reconnects on its own before the 2-hour limit, without backoff', () => {
    const { socket } = createHarness({ heartbeatIntervalMs: 3 * 60 * 60 * 1000 });
    const opened: number[] = [];
    const subscription: Subscription = socket.opened$.subscribe(() => opened.push(Date.now()));
    socket.connect('ada');
    const first = FakeWebSocket.latest();
    first.acceptConnection();

    jest.advanceTimersByTime(OPTIONS.plannedReconnectMs - 1);
    expect(FakeWebSocket.instances).toHaveLength(1);
    jest.advanceTimersByTime(1);

    expect(first.closedByClient).toBe(true);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(socket.state()).toEqual({ kind: 'connecting', attempt: 0 });
    FakeWebSocket.latest().acceptConnection();
    expect(opened).toHaveLength(2);
    subscription.unsubscribe();
  });

  it('emits valid frames by type and logs and drops invalid ones', () => {
    const { socket } = createHarness();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const frames: ServerFrame[] = [];
    const presence: ServerFrame[] = [];
    socket.frames$.subscribe((frame) => frames.push(frame));
    socket.frameOf('presence').subscribe((frame) => presence.push(frame));
    socket.connect('ada');
    const ws = FakeWebSocket.latest();
    ws.acceptConnection();

    ws.receive('not json');
    ws.receive({ type: 'message', roomId: 'general' });
    ws.receive({ message: 'Internal server error', connectionId: 'abc=', requestId: 'r1' });
    ws.receive({ type: 'presence', roomId: 'general', users: ['ada'] });
    ws.receive({ type: 'pong', ts: 3 });

    expect(frames.map((frame) => frame.type)).toEqual(['presence', 'pong']);
    expect(presence).toEqual([{ type: 'presence', roomId: 'general', users: ['ada'] }]);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(socket.state()).toEqual({ kind: 'open' });
    warn.mockRestore();
  });

  it('replaces a socket the server no longer knows (UNKNOWN_CONNECTION)', () => {
    const { socket } = createHarness();
    socket.connect('ada');
    const first = FakeWebSocket.latest();
    first.acceptConnection();

    first.receive({ type: 'error', code: 'UNKNOWN_CONNECTION', message: 'gone', requestId: 'r1' });

    expect(first.closedByClient).toBe(true);
    expect(socket.state()).toMatchObject({ kind: 'reconnecting', attempt: 1 });
  });

  it('stops reconnecting after disconnect()', () => {
    const { socket } = createHarness();
    socket.connect('ada');
    FakeWebSocket.latest().acceptConnection();
    socket.disconnect();

    expect(FakeWebSocket.latest().closedByClient).toBe(true);
    expect(socket.state()).toEqual({ kind: 'idle' });
    jest.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
