// Shared set-up for the end-to-end specs: the built dist/ on a free 127.0.0.1 port,
// Debian's Chromium through playwright-core, a fresh browser context per test, a
// screenshot when a test fails, and failure on any page error or console error.
import { after, before } from "node:test";
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
export let baseUrl;

before(async () => {
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
});

/**
 * Runs `body(page)` in a fresh context (its own IndexedDB). Page errors and console
 * errors fail the test; on failure a full-page screenshot goes to tests/e2e/artifacts/.
 */
export async function withPage(name, body, { viewport = VIEWPORTS.desktop, locale = "en-US" } = {}) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  try {
    await body(page);
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
