#!/usr/bin/env node
// Entry for `npx limadesk` from a checkout: runs the bundled CLI, or says how to build it.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'out', 'cli', 'limadesk.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('limadesk: the CLI is not built yet; run `npm install && npm run build` first\n');
  process.exit(1);
}
require(bundle);
