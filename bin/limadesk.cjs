#!/usr/bin/env node
// Entry for `npx limadesk` from a checkout: runs the bundled CLI, or says how to build it.
const path = require('node:path');
const fs = require('node:fs');
const { pathToFileURL } = require('node:url');
// Node 22.1+ keeps compiled code between runs (a no-op on older Node).
require('node:module').enableCompileCache?.();
const bundle = path.join(__dirname, '..', 'out', 'cli', 'limadesk.mjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('limadesk: the CLI is not built yet; run `npm install && npm run build` first\n');
  process.exit(1);
}
import(pathToFileURL(bundle).href).catch((err) => {
  process.stderr.write(`limadesk: cannot load ${bundle}: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
