import { TestBed } from '@angular/core/testing';
import { ChatSocket } from '../../../src/app/connection/chat-socket';
import { TOKEN_SOURCE } from '../../../src/app/session/token-source';
import { RENEW_BEFORE_EXPIRY_MS, UserSession } from '../../../src/app/session/user-session';
import { fakeAppProviders, fakeIdToken, signedIn } from '../../support/app-providers';
import { FakeWebSocket } from '../../support/fake-web-socket';

describe('UserSession', () => {
  const calls: Array<[string, string | undefined]> = [];
  const lifetimeSeconds = 600;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask'], now: Date.UTC(2026, 0, 1) });
    calls.length = 0;
    TestBed.configureTestingModule({
      providers: [
        ...fakeAppProviders(),
        {
          provide: TOKEN_SOURCE,
          useValue: {
            signIn: (name: string, userId?: string) => {
              calls.push([name, userId]);
              const exp = Math.floor(Date.now() / 1000) + lifetimeSeconds;
              return Promise.resolve(fakeIdToken(userId ?? 'sub-ada', exp));
            },
          },
        },
      ],
    });
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('signs in, takes the user id from the token and connects with it', async () => {
    const session = TestBed.inject(UserSession);
    expect(session.signIn('ada')).toBe(true);
    await signedIn();
    expect(session.userId()).toBe('sub-ada');
    expect(new URL(FakeWebSocket.latest().url).searchParams.get('token')).toMatch(/^ey/);
  });

  it('renews the token before it expires, as the same user, and reconnects with the new one', async () => {
    const session = TestBed.inject(UserSession);
    const socket = TestBed.inject(ChatSocket);
    const useToken = jest.spyOn(socket, 'useToken');
    session.signIn('ada');
    await signedIn();

    jest.advanceTimersByTime(lifetimeSeconds * 1000 - RENEW_BEFORE_EXPIRY_MS - 1);
    expect(calls).toEqual([['ada', undefined]]);
    jest.advanceTimersByTime(1);
    await signedIn();
    expect(calls).toEqual([
      ['ada', undefined],
      ['ada', 'sub-ada'],
    ]);
    expect(useToken).toHaveBeenCalledTimes(1);
  });

  it('refuses an invalid name without signing in', () => {
    expect(TestBed.inject(UserSession).signIn(' ada')).toBe(false);
    expect(calls).toEqual([]);
  });
});
