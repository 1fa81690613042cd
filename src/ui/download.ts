/** Saving what the lab shows: text (CSV, Markdown) and chart canvases (PNG) as downloads. */

/** Downloads `text` as a file named `name`. */
export function downloadText(name: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  clickLink(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the canvas with `data-testid=testid` as a PNG on a white background (charts are transparent). */
export function downloadCanvasPng(name: string, testid: string): void {
  const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-testid="${testid}"]`);
  if (!canvas) return;
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const g = out.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(canvas, 0, 0);
  clickLink(name, out.toDataURL('image/png'));
}

function clickLink(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}

/** Downloads binary data as a file named `name`. */
export function downloadBytes(name: string, bytes: ArrayBuffer, mime = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  clickLink(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
