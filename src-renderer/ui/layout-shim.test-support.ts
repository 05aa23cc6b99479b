/**
 * jsdom lays nothing out and lacks a few browser APIs the UI's libraries call: ResizeObserver
 * (the divider, Radix popovers), element scrolling (the virtual list). These stand-ins do the
 * least that keeps the real code running; sizes stay 0, so the list falls back to the window.
 * Imported by component tests only.
 */
class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver as unknown as typeof ResizeObserver;

if (typeof Element.prototype.scrollTo !== 'function') {
  Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number, y?: number) {
    const top = typeof options === 'number' ? (y ?? 0) : (options?.top ?? this.scrollTop);
    Object.defineProperty(this, 'scrollTop', { value: top, configurable: true, writable: true });
    this.dispatchEvent(new Event('scroll'));
  };
}
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
// Radix's pointer-driven menus check capture on the element.
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => undefined;
// jsdom has no canvas: say so as a browser without one would (charts then show their figures only).
if (typeof HTMLCanvasElement !== 'undefined') HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
