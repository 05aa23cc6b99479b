/**
 * jsdom has no layout: CodeMirror's measuring asks DOM ranges for client rects, which jsdom
 * does not implement. Imported by component tests only.
 */
if (typeof Range !== 'undefined' && !Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}
