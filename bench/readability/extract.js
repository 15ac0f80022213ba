// Times Mozilla Readability.js (on jsdom) over the pages of a folder (.html.gz), as the extraction benchmark's
// reference: prints one JSON line {"pages", "seconds", "bodies": {id: text}} to stdout.
// Usage: node extract.js <folder> [rounds]  (one untimed warm-up round comes first)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const folder = process.argv[2];
const rounds = Number(process.argv[3] || 1);
const files = fs.readdirSync(folder).filter((f) => f.endsWith('.html.gz')).sort();
// Decompressing is not part of the timing, for either side.
const pages = files.map((f) => ({ id: f.replace(/\.html\.gz$/, ''), html: zlib.gunzipSync(fs.readFileSync(path.join(folder, f))).toString('utf8') }));
const quiet = new VirtualConsole();
const bodies = {};
const run = (page) => {
  const dom = new JSDOM(page.html, { virtualConsole: quiet });
  const article = new Readability(dom.window.document).parse();
  dom.window.close();
  return article ? article.textContent : '';
};
// One untimed round first, as the .NET side warms up too (JIT on both).
for (const page of pages) run(page);
const start = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
  for (const page of pages) {
    bodies[page.id] = run(page);
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({ pages: pages.length * rounds, seconds, bodies }) + '\n');
