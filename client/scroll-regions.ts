/**
 * A table or chart wider than the screen scrolls sideways in its own box; such a box must be
 * reachable by keyboard (WCAG 2.1.1) and named. Marks the boxes that overflow now, unmarks the rest.
 */
const SELECTOR = '.table-scroll, .chart-host';

function nameOf(box: HTMLElement): string {
  const caption = box.querySelector('caption')?.textContent?.trim();
  if (caption) return caption;
  const figureTitle = box.closest('figure')?.querySelector('.visually-hidden')?.textContent?.trim();
  return figureTitle ? `Chart: ${figureTitle}` : 'Scrollable content';
}

export function markScrollRegions(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>(SELECTOR)) {
    const overflows = box.scrollWidth > box.clientWidth + 1;
    if (overflows && !box.hasAttribute('tabindex')) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', nameOf(box));
      box.dataset.scrollRegion = 'true';
    } else if (!overflows && box.dataset.scrollRegion) {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
      delete box.dataset.scrollRegion;
    }
  }
}

let timer: number | undefined;
export function watchScrollRegions(): void {
  window.addEventListener('resize', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => markScrollRegions(), 200);
  });
}
