import { TestBed } from '@angular/core/testing';
import type { ConnectionState } from '../../../src/app/connection/connection-state';
import { ConnectionBanner } from '../../../src/app/connection/connection-banner/connection-banner';

describe('ConnectionBanner', () => {
  const cases: [ConnectionState, string][] = [
    [{ kind: 'idle' }, 'Not connected'],
    [{ kind: 'connecting', attempt: 0 }, 'Connecting…'],
    [{ kind: 'open' }, 'Connected'],
    [{ kind: 'reconnecting', attempt: 3, nextDelayMs: 1_200 }, 'Reconnecting in 2 s (attempt 3)'],
    [{ kind: 'reconnecting', attempt: 1, nextDelayMs: 0 }, 'Reconnecting in 0 s (attempt 1)'],
    [{ kind: 'offline' }, 'Offline'],
  ];

  it.each(cases)('shows %o as "%s"', async (state, text) => {
    const fixture = TestBed.createComponent(ConnectionBanner);
    fixture.componentRef.setInput('state', state);
    await fixture.whenStable();

    const banner = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="connection-banner"]');
    expect(banner?.textContent?.trim()).toBe(text);
    expect(banner?.getAttribute('data-state')).toBe(state.kind);
  });

  it('follows state changes', async () => {
    const fixture = TestBed.createComponent(ConnectionBanner);
    fixture.componentRef.setInput('state', { kind: 'open' });
    await fixture.whenStable();
    fixture.componentRef.setInput('state', { kind: 'offline' });
    await fixture.whenStable();

    expect((fixture.nativeElement as HTMLElement).textContent?.trim()).toBe('Offline');
  });

  it('counts the reconnect delay down', async () => {
    jest.useFakeTimers();
    try {
      const fixture = TestBed.createComponent(ConnectionBanner);
      const text = (): string | undefined => (fixture.nativeElement as HTMLElement).textContent?.trim();
      fixture.componentRef.setInput('state', { kind: 'reconnecting', attempt: 4, nextDelayMs: 3_500 });
      fixture.detectChanges();
      expect(text()).toBe('Reconnecting in 4 s (attempt 4)');

      jest.advanceTimersByTime(1_000);
      fixture.detectChanges();
      expect(text()).toBe('Reconnecting in 3 s (attempt 4)');
      jest.advanceTimersByTime(3_000);
      fixture.detectChanges();
      expect(text()).toBe('Reconnecting in 0 s (attempt 4)');
    } finally {
      jest.useRealTimers();
    }
  });
});
