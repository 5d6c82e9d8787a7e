// Reports the rendered height of its element whenever it changes (text wraps anew after a resize,
// a failed row gains its retry button), so the windowed list places rows by their real heights.
import { DestroyRef, Directive, ElementRef, inject, output } from '@angular/core';

@Directive({ selector: '[appMeasuredHeight]' })
export class MeasuredHeight {
  readonly heightChange = output<number>();

  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    // Absent in jsdom (unit tests): rows then keep their estimated height.
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(([entry]) => {
      const box = entry?.borderBoxSize?.[0];
      this.heightChange.emit(box === undefined ? element.getBoundingClientRect().height : box.blockSize);
    });
    observer.observe(element, { box: 'border-box' });
    inject(DestroyRef).onDestroy(() => observer.disconnect());
  }
}
