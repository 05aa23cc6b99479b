/** A file name that sorts by time and says whose screen it is, e.g. `dev-console-2026-11-24T19-30-05.png`. */
export function screenshotFileName(instanceName: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, '').replaceAll(':', '-');
  return `${instanceName}-console-${stamp}.png`;
}

/** Saves a data: URL through the browser's download mechanism (works in Electron and in a browser). */
export function downloadDataUrl(doc: Document, dataUrl: string, fileName: string): void {
  const link = doc.createElement('a');
  link.href = dataUrl;
  link.download = fileName;
  link.style.display = 'none';
  doc.body.append(link);
  link.click();
  link.remove();
}
