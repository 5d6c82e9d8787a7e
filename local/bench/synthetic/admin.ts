// The local cloud's /_chorus/ endpoints the synthetic scenario drives: the @connections throttle
// and latency, and the phantom connections the gateway counts posts to.
import type { PhantomStats, ThrottleSettings, ThrottleSnapshot } from '../../src/gateway';

export interface AdminEndpoint {
  adminUrl: string;
  adminSecret: string;
}

export class LocalAdmin {
  public constructor(private readonly endpoint: AdminEndpoint) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
    const response = await fetch(`${this.endpoint.adminUrl}/${path}`, {
      method,
      headers: {
        'x-chorus-admin-secret': this.endpoint.adminSecret,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /_chorus/${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as T);
  }

  public async setThrottle(settings: ThrottleSettings): Promise<void> {
    await this.call('POST', 'throttle', settings);
  }

  public async throttle(): Promise<ThrottleSnapshot> {
    return (await this.call<ThrottleSnapshot>('GET', 'throttle'))!;
  }

  public async clearThrottle(): Promise<void> {
    await this.call('DELETE', 'throttle');
  }

  public async registerPhantoms(prefix: string, count: number): Promise<void> {
    await this.call('POST', 'phantoms', { prefix, count });
  }

  public async resetPhantomCounts(): Promise<void> {
    await this.call('POST', 'phantoms/reset');
  }

  public async phantoms(): Promise<PhantomStats> {
    return (await this.call<PhantomStats>('GET', 'phantoms'))!;
  }

  public async clearPhantoms(): Promise<void> {
    await this.call('DELETE', 'phantoms');
  }
}
