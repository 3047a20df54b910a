// Shared set-up for the end-to-end specs: the built dist/ on a free 127.0.0.1 port,
// Debian's Chromium through playwright-core, a fresh browser context per test, a
// screenshot when a test fails, and failure on any page error or console error.
import { after, before } from "node:test";
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mkdir } from "node:fs/promises";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const ARTIFACTS = new URL("./artifacts/", import.meta.url).pathname;
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  tablet: { width: 768, height: 1024 },
};

let server;
let browser;
let backend;
export let baseUrl;
/** The reference sync server (target/debug/orderly-server) on a free loopback port. */
export let backendUrl;
export const BACKEND_TOKEN = "e2e-token";

async function startBackend() {
  const dir = await mkdtemp(join(tmpdir(), "orderly-e2e-"));
  const binary = process.env.ORDERLY_SERVER_BIN ?? "target/debug/orderly-server";
  backend = spawn(binary, ["--addr", "127.0.0.1:0", "--data", join(dir, "server.sqlite")], {
    env: { ...process.env, ORDERLY_TOKEN: BACKEND_TOKEN },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((ok, fail) => {
    let log = "";
    backend.stderr.on("data", (chunk) => {
      log += chunk;
      const found = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (found) ok(found[1]);
    });
    backend.on("exit", (code) => fail(new Error(`orderly-server exited (${code}): ${log}`)));
  });
}

/** The backend's current copy of every entity, read through the protocol's pull. */
export async function backendEntities() {
  const reply = await fetch(`${backendUrl}/v1/pull?client_id=e2e-observer&limit=1000`, {
    headers: { authorization: `Bearer ${BACKEND_TOKEN}` },
  });
  if (!reply.ok) throw new Error(`pull answered ${reply.status}`);
  return (await reply.json()).changes;
}

before(async () => {
  backendUrl = await startBackend();
  server = await serve(process.env.ORDERLY_DIST ?? "dist", 0);
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  backend?.kill();
});

/**
 * Runs `body(page, context)` in a fresh context (its own IndexedDB). Page errors and
 * console errors fail the test (failed requests only unless `expectNetworkErrors`); on failure a full-page screenshot goes to tests/e2e/artifacts/.
 */
export async function withPage(
  name,
  body,
  { viewport = VIEWPORTS.desktop, locale = "en-US", expectNetworkErrors = false } = {},
) {
  const context = await browser.newContext({ viewport, locale });
  // Record Content Security Policy violations before any page script runs.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // Chromium logs every failed request; tests that go offline or use a bad token
    // expect those, and nothing else.
    if (expectNetworkErrors && m.text().startsWith("Failed to load resource")) return;
    problems.push(`console error: ${m.text()}`);
  });
  try {
    await body(page, context);
    if (problems.length) throw new Error(problems.join("\n"));
  } catch (error) {
    await mkdir(ARTIFACTS, { recursive: true });
    const file = `${ARTIFACTS}${name.replace(/[^a-z0-9-]+/gi, "_")}.png`;
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    error.message += `\n(screenshot: ${file})${problems.length ? "\n" + problems.join("\n") : ""}`;
    throw error;
  } finally {
    await context.close();
  }
}
