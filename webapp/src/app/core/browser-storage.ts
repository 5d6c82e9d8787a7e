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

/**
 * Storage whose writes and reads never throw: setItem fails with QuotaExceededError when storage
 * is full or (Safari private mode) has no quota, and that must not break signing in or joining.
 */
export function forgivingStorage(storage: KeyValueStorage): KeyValueStorage {
  return {
    getItem: (key) => {
      try {
        return storage.getItem(key);
      } catch {
        return null;
      }
    },
    setItem: (key, value) => {
      try {
        storage.setItem(key, value);
      } catch {
        // Not remembered across reloads; the session goes on.
      }
    },
    removeItem: (key) => {
      try {
        storage.removeItem(key);
      } catch {
        // As above.
      }
    },
  };
}

export const BROWSER_STORAGE = new InjectionToken<KeyValueStorage>('BrowserStorage', {
  providedIn: 'root',
  factory: () => {
    try {
      const storage = inject(DOCUMENT).defaultView?.localStorage;
      return storage === undefined ? memoryStorage() : forgivingStorage(storage);
    } catch {
      return memoryStorage();
    }
  },
});
