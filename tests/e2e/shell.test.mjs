// The app shell: the SOP stages in the navigation, both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, withPage } from "./harness.mjs";

const STAGES_EN = ["Dashboard", "Orders", "Inventory", "Fulfilment", "After-sales", "Reports", "Settings"];
const STAGES_ZH = ["概览", "订单", "库存", "拣货发货", "售后", "报表", "设置"];

test("the shell shows every SOP stage and navigates between them", () =>
  withPage("shell-navigation", async (page) => {
    await page.goto(baseUrl);
    const nav = page.getByRole("navigation");
    for (const stage of STAGES_EN) {
      await nav.getByRole("link", { name: stage, exact: true }).waitFor();
    }
    await nav.getByRole("link", { name: "Inventory" }).click();
    await page.getByRole("heading", { level: 1, name: "Inventory" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/inventory");
    await nav.getByRole("link", { name: "Settings" }).click();
    const clientId = await page.getByTestId("client-id").textContent();
    assert.match(clientId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }));

test("the language switch turns the console into Simplified Chinese", () =>
  withPage("language-switch", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
    await page.getByRole("combobox", { name: "Language" }).selectOption("zh-CN");
    await page.getByRole("heading", { level: 1, name: "订单" }).waitFor();
    const nav = page.getByRole("navigation");
    for (const stage of STAGES_ZH) {
      await nav.getByRole("link", { name: stage, exact: true }).waitFor();
    }
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");
    // Statuses and money follow the locale too.
    await page.getByRole("cell", { name: "新建" }).first().waitFor();
  }));

test("a deep link opens its page directly", () =>
  withPage("deep-link", async (page) => {
    await page.goto(`${baseUrl}/orders/new`);
    await page.getByRole("heading", { level: 1, name: "New order" }).waitFor();
  }));

test("the page runs under a Content Security Policy without unsafe-inline", () =>
  withPage("csp", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute("content");
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    assert.doesNotMatch(policy, /unsafe-inline/);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  }));
