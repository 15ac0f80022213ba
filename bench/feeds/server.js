// A loopback feed server for the polling benchmark: GET /feed/N answers an RSS 2.0 feed of 3 items with full
// text, with an ETag (If-None-Match → 304). No dependencies. Prints "READY <port>" when listening.
// Usage: node server.js [--port 0] [--items 3]
'use strict';
const http = require('http');
const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const items = Number(arg('--items', '3'));
const paragraph = (n, k) => `<p>Officials in district ${n} said on Monday that the harbour works of phase ${k} would take ${3 + (k % 5)} weeks, and that the ferry would run every ${10 + k} minutes meanwhile, the council spokesperson told reporters.</p>`;
const feed = (n) => {
  let body = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench Feed ${n}</title><link>https://feed${n}.bench/</link>`;
  for (let k = 0; k < items; k++) {
    const text = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => paragraph(n, k * 10 + j)).join('');
    body += `<item><title>Story ${k} of feed ${n}</title><link>https://feed${n}.bench/story/${k}</link><guid>feed${n}-${k}</guid><pubDate>Mon, 14 Jul 2020 0${k % 10}:00:00 GMT</pubDate><content:encoded><![CDATA[${text}]]></content:encoded></item>`;
  }
  return body + '</channel></rss>';
};
const server = http.createServer((req, res) => {
  const m = /^\/feed\/(\d+)$/.exec(req.url);
  if (!m) { res.writeHead(404); res.end(); return; }
  const etag = `"f${m[1]}-v1"`;
  if (req.headers['if-none-match'] === etag) { res.writeHead(304, { ETag: etag }); res.end(); return; }
  const body = feed(Number(m[1]));
  res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: etag, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 30000;
server.listen(Number(arg('--port', '0')), '127.0.0.1', () => process.stdout.write(`READY ${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
