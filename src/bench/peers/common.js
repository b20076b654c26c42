'use strict';
// What both peers share with ordercast's benchmark set-up: the same development JWTs (RS256, issuer, audience and
// expiry checked with Node's own crypto), and the same REST publish body, {channel, event, data}.
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const publicKey = crypto.createPublicKey(fs.readFileSync(
  process.env.BENCH_PUBLIC_KEY || path.join(__dirname, '..', '..', '..', 'server-config', 'dev', 'public-key.pem')));
const issuer = process.env.BENCH_ISSUER || 'https://dev.ordercast.local';
const audience = process.env.BENCH_AUDIENCE || 'ordercast';

/** The token's claims when it is valid, otherwise null. */
function verify(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  let header;
  let claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url'));
  } catch {
    return null;
  }
  if (header.alg !== 'RS256') return null;
  const signed = crypto.verify('RSA-SHA256', Buffer.from(parts[0] + '.' + parts[1]), publicKey,
    Buffer.from(parts[2], 'base64url'));
  const now = Date.now() / 1000;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!signed || claims.iss !== issuer || !audiences.includes(audience) || !(claims.exp > now)) return null;
  return claims;
}

/**
 * The HTTP side: POST /publish (a publisher's token), GET /ready, GET /memory (heap after a full collection, for
 * the generator; needs --expose-gc).
 */
function httpServer(publish) {
  return http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/ready') {
      res.writeHead(200).end('ready');
    } else if (req.method === 'GET' && req.url === '/memory') {
      global.gc();
      const memory = process.memoryUsage();
      res.writeHead(200, {'Content-Type': 'application/json'})
        .end(JSON.stringify({heapUsed: memory.heapUsed, rss: memory.rss}));
    } else if (req.method === 'POST' && req.url === '/publish') {
      const claims = verify((req.headers.authorization || '').replace(/^Bearer /, ''));
      if (!claims || !(claims.groups || []).includes('publisher')) {
        res.writeHead(401).end();
        return;
      }
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        let body;
        try {
          body = JSON.parse(Buffer.concat(chunks));
        } catch {
          res.writeHead(400).end();
          return;
        }
        publish(body);
        res.writeHead(200, {'Content-Type': 'application/json'}).end('{}');
      });
    } else {
      res.writeHead(404).end();
    }
  });
}

/** The installed version of a package, for the log. */
function version(name) {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'))).version;
}

function port() {
  return Number(process.argv[2] || process.env.PORT || 8090);
}

module.exports = {verify, httpServer, port, version};
