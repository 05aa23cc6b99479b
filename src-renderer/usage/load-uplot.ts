/**
 * uPlot, loaded on first use (its code and stylesheet are a chunk of their own), and whether
 * this page can draw on a canvas at all (a browser with canvas disabled shows the figures as
 * text only).
 */
import type uPlot from 'uplot';

let loading: Promise<typeof uPlot> | undefined;

export function loadUPlot(): Promise<typeof uPlot> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return loading;
}

let canvas: boolean | undefined;

export function canDrawCharts(): boolean {
  if (canvas === undefined) {
    try {
      canvas = document.createElement('canvas').getContext('2d') !== null;
    } catch {
      canvas = false;
    }
  }
  return canvas;
}
