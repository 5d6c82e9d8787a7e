import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ChatSocket } from './connection/chat-socket';
import { ConnectionBanner } from './connection/connection-banner/connection-banner';
import { RoomList } from './rooms/room-list/room-list';
import { NamePicker } from './session/name-picker/name-picker';
import { UserSession } from './session/user-session';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, ConnectionBanner, NamePicker, RoomList],
  templateUrl: './app.html',
  styleUrl: './app.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly session = inject(UserSession);
  protected readonly socket = inject(ChatSocket);
}
