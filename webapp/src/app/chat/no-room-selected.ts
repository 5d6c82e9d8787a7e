import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'app-no-room-selected',
  template: '<p class="hint" data-testid="no-room-selected">Join or create a room to start chatting.</p>',
  styles: '.hint { padding: 1rem; color: #64748b; }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoRoomSelected {}
