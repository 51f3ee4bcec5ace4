/**
 * Getting charts and figures out of the page: PNG and SVG of a chart (its title and source line
 * are part of the drawing, so they travel with the image) and CSV of any table or series.
 */
import type { View } from 'vega';

/**
 * vega-embed's export links ("Download chart as SVG/PNG") fill in their href on mousedown, which
 * a keyboard never fires; fill it in when the link gets focus too, so Enter downloads the image.
 */
export function prepareExportLinks(host: HTMLElement, view: View): void {
  const actions = host.querySelector('.vega-actions');
  if (!actions) return;
  actions.setAttribute('role', 'group');
  actions.setAttribute('aria-label', 'Download this chart');
  for (const link of actions.querySelectorAll<HTMLAnchorElement>('a[download]')) {
    link.classList.add('chart-download');
    link.removeAttribute('target');
    const ext = link.download.endsWith('.png') ? 'png' : 'svg';
    const prepare = async () => {
      link.href = await view.toImageURL(ext, ext === 'png' ? 2 : 1);
    };
    const notReady = () => (link.getAttribute('href') ?? '#').startsWith('#');
    link.addEventListener('focus', () => void prepare());
    link.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || !notReady()) return;
      e.preventDefault();
      void prepare().then(() => link.click());
    });
    // A click that wins the race with the image being made waits for it, then downloads.
    link.addEventListener('click', (e) => {
      if (!notReady()) return;
      e.preventDefault();
      void prepare().then(() => link.click());
    });
  }
}

/** Saves text as a file through a temporary object URL. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
