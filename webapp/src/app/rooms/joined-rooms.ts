// The rooms this browser has joined, remembered across reloads (the server has no room directory).
import { Injectable, inject, signal } from '@angular/core';
import { ROOM_ID_PATTERN } from '@chorus/protocol';
import { BROWSER_STORAGE, type KeyValueStorage } from '../core/browser-storage';

const STORAGE_KEY = 'chorus.joinedRooms';

export function isValidRoomId(roomId: string): boolean {
  return ROOM_ID_PATTERN.test(roomId);
}

/** A list of room ids kept in storage under `key`; anything unreadable or invalid is dropped. */
export function readStoredRoomIds(storage: Pick<KeyValueStorage, 'getItem'>, key: string): readonly string[] {
  try {
    const stored: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    return Array.isArray(stored)
      ? stored.filter((id): id is string => typeof id === 'string' && isValidRoomId(id))
      : [];
  } catch {
    return [];
  }
}

@Injectable({ providedIn: 'root' })
export class JoinedRooms {
  private readonly storage = inject(BROWSER_STORAGE);
  private readonly roomIdsSignal = signal<readonly string[]>(readStoredRoomIds(this.storage, STORAGE_KEY));
  readonly roomIds = this.roomIdsSignal.asReadonly();

  add(roomId: string): void {
    if (!this.roomIdsSignal().includes(roomId)) {
      this.save([...this.roomIdsSignal(), roomId]);
    }
  }

  remove(roomId: string): void {
    this.save(this.roomIdsSignal().filter((id) => id !== roomId));
  }

  private save(roomIds: readonly string[]): void {
    this.roomIdsSignal.set(roomIds);
    this.storage.setItem(STORAGE_KEY, JSON.stringify(roomIds));
  }
}
