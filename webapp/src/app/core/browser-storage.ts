// localStorage behind a token: tests get an in-memory Storage, and a browser that refuses storage
// (private mode quotas, disabled cookies) degrades to "not remembered" instead of crashing.
import { DOCUMENT, InjectionToken, inject } from '@angular/core';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

export const BROWSER_STORAGE = new InjectionToken<KeyValueStorage>('BrowserStorage', {
  providedIn: 'root',
  factory: () => {
    try {
      return inject(DOCUMENT).defaultView?.localStorage ?? memoryStorage();
    } catch {
      return memoryStorage();
    }
  },
});
