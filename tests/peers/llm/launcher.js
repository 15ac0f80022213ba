// Starts @dwmkerr/mock-llm (an independent OpenAI-compatible server) on a free 127.0.0.1 port for the tests and
// prints "READY http://127.0.0.1:PORT" once /health answers. Rules are set by the tests through POST /config.
// Usage: node launcher.js --port 0 [--exit-on-stdin-eof]
'use strict';
const net = require('net');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');

const args = process.argv.slice(2);
const wanted = Number(args[args.indexOf('--port') + 1] || 0);

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(wanted, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const healthy = (port) => new Promise((resolve) => {
  http.get({ host: '127.0.0.1', port, path: '/health', timeout: 500 }, (res) => { res.resume(); resolve(res.statusCode === 200); })
    .on('error', () => resolve(false));
});

(async () => {
  const port = await freePort();
  const main = path.join(__dirname, 'node_modules', '@dwmkerr', 'mock-llm', 'dist', 'main.js');
  // An empty working folder: no mock-llm.yaml is picked up; the tests post their rules.
  const child = spawn(process.execPath, [main], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'], cwd: __dirname });
  child.on('exit', (code) => process.exit(code ?? 1));
  for (let i = 0; i < 100; i++) {
    if (await healthy(port)) {
      process.stdout.write(`READY http://127.0.0.1:${port}\n`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (args.includes('--exit-on-stdin-eof')) {
    process.stdin.on('end', () => { child.kill(); process.exit(0); });
    process.stdin.resume();
  }
  const stop = () => { child.kill(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})();
