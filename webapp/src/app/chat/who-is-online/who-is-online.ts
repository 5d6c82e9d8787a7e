import { ChangeDetectionStrategy, Component, input } from '@angular/core';

@Component({
  selector: 'app-who-is-online',
  templateUrl: './who-is-online.html',
  styleUrl: './who-is-online.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WhoIsOnline {
  readonly users = input.required<readonly string[]>();
  /** The server listed only the first names of a bigger room: the count reads "500+". */
  readonly truncated = input(false);
}
