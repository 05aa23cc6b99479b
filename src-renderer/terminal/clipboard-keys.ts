/** The keys a Linux terminal uses for copy and paste; plain Ctrl+C and Ctrl+V go to the guest. */
export function clipboardAction(ev: Pick<KeyboardEvent, 'type' | 'ctrlKey' | 'shiftKey' | 'metaKey' | 'altKey' | 'code'>): 'copy' | 'paste' | null {
  if (ev.type !== 'keydown' || ev.altKey) return null;
  const chord = (ev.ctrlKey && ev.shiftKey) || (ev.metaKey && !ev.ctrlKey);
  if (!chord) return null;
  if (ev.code === 'KeyC') return 'copy';
  if (ev.code === 'KeyV') return 'paste';
  return null;
}
