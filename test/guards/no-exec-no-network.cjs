// Preloaded (node --require) into PQC Lens processes by test/cli/workspace-trust.test.ts: every
// attempt to start a process, open a network connection or resolve a host name is written to
// stderr as "PQC-LENS-GUARD: ..." and refused. The test then asserts that no such line appeared.
'use strict';
const { syncBuiltinESMExports } = require('node:module');

function refuse(what) {
  process.stderr.write(`PQC-LENS-GUARD: ${what}\n`);
  throw new Error(`PQC Lens test guard: ${what} is not allowed`);
}

const childProcess = require('node:child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[name] = (command) => refuse(`child_process.${name}(${String(command)})`);
}
const net = require('node:net');
net.connect = net.createConnection = (options) => refuse(`net.connect(${JSON.stringify(options)})`);
net.Socket.prototype.connect = function connect(options) { return refuse(`socket.connect(${JSON.stringify(options)})`); };
for (const name of ['http', 'https']) {
  const mod = require(`node:${name}`);
  mod.request = mod.get = (target) => refuse(`${name}.request(${String(target && target.href ? target.href : JSON.stringify(target))})`);
}
require('node:http2').connect = (target) => refuse(`http2.connect(${String(target)})`);
require('node:tls').connect = (options) => refuse(`tls.connect(${JSON.stringify(options)})`);
require('node:dgram').createSocket = () => refuse('dgram.createSocket');
const dns = require('node:dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[name] = (host) => refuse(`dns.${name}(${host})`);
globalThis.fetch = (input) => refuse(`fetch(${String(input)})`);
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = function WebSocket(url) { refuse(`WebSocket(${url})`); };
syncBuiltinESMExports();
process.stderr.write('PQC-LENS-GUARD-LOADED\n');
