// Trunk post_build hook: adds a Content Security Policy to the built index.html.
// Trunk's loader is an inline module script; instead of allowing 'unsafe-inline', the
// policy names that exact script by its SHA-256 hash. WebAssembly needs only
// 'wasm-unsafe-eval'. connect-src allows any http(s) origin: the sync backend is
// configured at run time and may live anywhere (it authenticates with a bearer token).
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? "dist";
const file = join(dir, "index.html");
let html = await readFile(file, "utf8");

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`,
);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http: https:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, "");
html = html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}`);
await writeFile(file, html);
console.log(`csp: ${hashes.length} inline script(s) allowed by hash`);
