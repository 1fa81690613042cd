/**
 * A tiny HTTP server for data-loading tests, on a second port (so it is cross-origin to the app):
 * `/cors/<file>` answers with CORS headers, `/nocors/<file>` without (the browser must refuse it),
 * `/slow/<file>` with CORS but 64 KiB every 100 ms (to test progress and cancel), anything
 * missing is a 404. Files come from the test fixture folder. Hostile answers (CORS allowed):
 * `/loop/<x>` redirects to itself, `/huge/<x>` declares 2 GiB and never finishes, `/drip/<x>`
 * sends one byte a second. It counts the requests per
 * path; `GET /__count` returns them as JSON, so a test can prove a reload made none.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function startFixtureServer(dir: string): Promise<{ server: Server; url: string }> {
  const counts: Record<string, number> = {};
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (path === '/__count') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(counts));
      return;
    }
    counts[path] = (counts[path] ?? 0) + 1;
    if (hostile(path, res)) return;
    const m = /^\/(cors|nocors|slow)\/([\w.-]+)$/.exec(path);
    const headers: Record<string, string> = m && m[1] !== 'nocors' ? { 'access-control-allow-origin': '*' } : {};
    const file = m ? join(dir, m[2]) : '';
    if (!m || !existsSync(file)) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    if (m[1] !== 'slow') {
      res.end(body);
      return;
    }
    let at = 0;
    const timer = setInterval(() => {
      if (at >= body.length || res.destroyed) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(body.subarray(at, at + 65536));
      at += 65536;
    }, 100);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fixture server has no port');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

/** The hostile endpoints; true when `path` was one of them. */
function hostile(path: string, res: import('node:http').ServerResponse): boolean {
  const cors = { 'access-control-allow-origin': '*' };
  if (path.startsWith('/loop/')) {
    res.writeHead(302, { ...cors, location: path });
    res.end();
    return true;
  }
  if (path.startsWith('/huge/') || path.startsWith('/drip/')) {
    // The drip declares no length (chunked), so only its pace can stop it.
    res.writeHead(200, { ...cors, 'content-type': 'application/octet-stream', ...(path.startsWith('/huge/') ? { 'content-length': String(2 ** 31) } : {}) });
    const timer = setInterval(() => res.write(new Uint8Array(path.startsWith('/huge/') ? 1024 : 1)), 1000);
    res.on('close', () => clearInterval(timer));
    return true;
  }
  return false;
}
