// A tiny static web server for a built site, on 127.0.0.1 and a free port.
// Like the hosting the README describes: a folder answers with its
// index.html, an unknown address with 404.html and status 404. With a
// prefix (`/eenzaamheid/`), only addresses under it are the site.

import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Serves `root` under `prefix`. Resolves to { origin, base, url(path), requests, close }.
 * `requests` lists every request as "STATUS /path".
 */
export async function serve(root, { prefix = '/' } = {}) {
  const requests = [];
  const send = (res, status, file, method) => {
    res.writeHead(status, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    if (method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      pathname = '\0';
    }
    const notFound = () => {
      requests.push(`404 ${url.pathname}`);
      send(res, 404, join(root, '404.html'), req.method);
    };
    if (!pathname.startsWith(prefix) || pathname.includes('\0')) return notFound();
    const rel = normalize(pathname.slice(prefix.length));
    if (rel.startsWith('..') || rel.startsWith(sep)) return notFound();
    let file = join(root, rel);
    if (isDir(file)) {
      if (!pathname.endsWith('/')) {
        requests.push(`301 ${url.pathname}`);
        res.writeHead(301, { location: `${url.pathname}/${url.search}` });
        return res.end();
      }
      file = join(file, 'index.html');
    }
    if (!isFile(file)) return notFound();
    requests.push(`200 ${url.pathname}`);
    send(res, 200, file, req.method);
  });
  server.keepAliveTimeout = 500;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port: String(port),
    base: `${origin}${prefix}`,
    url: (path = '') => `${origin}${prefix}${path}`,
    requests,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
