// Serves a built dist/ folder on 127.0.0.1 with an SPA fallback (unknown paths get
// index.html, so deep links such as /orders/new work) and the right MIME types.
// Usage: node scripts/serve.mjs [dir] [port]   (port 0 picks a free one)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export function serve(dir, port = 0, host = "127.0.0.1") {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) file = join(root, "index.html");
    } catch {
      file = extname(path) ? null : join(root, "index.html");
    }
    if (!file) {
      res.writeHead(404).end("not found");
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    res.end(body);
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir = "dist", port = "8080"] = process.argv.slice(2);
  const server = await serve(dir, Number(port));
  console.log(`Orderly console: http://127.0.0.1:${server.address().port}/  (serving ${dir}, Ctrl-C stops)`);
}
