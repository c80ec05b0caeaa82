/** The progress element of a running widget: `aria-valuenow` the step reached, `aria-valuemax` the steps. */
export class Progress {
  constructor(private readonly el: HTMLElement | null) {}

  set(now: number, max: number): void {
    if (!this.el) return;
    this.el.hidden = false;
    this.el.setAttribute('aria-valuemax', String(max));
    this.el.setAttribute('aria-valuenow', String(now));
    const bar = this.el.firstElementChild as HTMLElement | null;
    if (bar) bar.style.width = `${max ? (100 * now) / max : 0}%`;
  }

  hide(): void {
    if (this.el) this.el.hidden = true;
  }
}
