import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };

// The renderer is built once and served both by Electron (app:// protocol) and by
// `limadesk serve`; relative asset paths keep it independent of where it is mounted.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'src-renderer'),
  base: './',
  plugins: [react()],
  // The sidebar shows the app's version; the renderer has no other way to know it.
  define: { __LIMADESK_VERSION__: JSON.stringify(version) },
  build: {
    outDir: path.resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // The YAML editor (CodeMirror with the schema) is one lazily loaded chunk of ~520 kB.
    chunkSizeWarningLimit: 600,
  },
});
