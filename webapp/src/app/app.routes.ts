import type { Routes } from '@angular/router';

export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    loadComponent: () => import('./chat/no-room-selected').then((m) => m.NoRoomSelected),
  },
  {
    path: 'rooms/:roomId',
    loadComponent: () => import('./chat/room-view/room-view').then((m) => m.RoomView),
  },
  { path: '**', redirectTo: '' },
];
