// Data and reports: the KPIs and summaries follow what happens to the orders, in both
// languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, withPage } from "./harness.mjs";

test("the reports count the orders by status and channel, day by day", () =>
  withPage("reports", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    // The dashboard's work queues: the demo's gift sets are at their reorder point and
    // its Pu'er is out of stock; nothing waits for stock or a pick list yet.
    await page.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    await page.getByTestId("stock-alerts").getByText("2").waitFor();
    assert.equal(await page.getByTestId("waiting").textContent(), "0");
    assert.equal(await page.getByTestId("ready").textContent(), "0");
    await page.getByRole("link", { name: "Products with a stock alert" }).click();
    await page.getByRole("heading", { level: 1, name: "Inventory" }).waitFor();

    await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
    await page.getByRole("row").filter({ hasText: "王芳" }).getByRole("link").click();
    await page.getByRole("button", { name: "Validate" }).click();
    await page.getByTestId("order-status").getByText("Validated").waitFor();

    await page.getByRole("navigation").getByRole("link", { name: "Reports" }).click();
    await page.getByTestId("kpi-orders").getByText("6").waitFor();
    const byStatus = page.getByTestId("by-status");
    assert.match(await byStatus.getByRole("row").filter({ hasText: "New" }).textContent(), /5/);
    assert.match(await byStatus.getByRole("row").filter({ hasText: "Validated" }).textContent(), /1/);
    const byChannel = page.getByTestId("by-channel");
    for (const channel of ["Phone", "Email", "Manual entry"]) {
      assert.match(await byChannel.getByRole("row").filter({ hasText: channel }).textContent(), /2/);
    }
    assert.equal(await page.getByTestId("kpi-validation").textContent(), "0%");
    assert.equal(await page.getByTestId("kpi-on-time").textContent(), "—", "nothing shipped yet");
    // The demo orders were made just now: the last 14 days hold all 6 (today, or
    // yesterday and today when the test runs across midnight).
    const cells = await page.getByTestId("daily").locator("tbody tr td:nth-child(2)").allTextContents();
    assert.equal(cells.length, 14);
    assert.equal(cells.reduce((sum, c) => sum + Number(c), 0), 6);
    await page.getByTestId("week-over-week").getByText("No orders the week before").waitFor();

    await page.getByLabel("Language").selectOption({ index: 1 });
    await page.getByRole("heading", { level: 2, name: "订单数" }).waitFor();
    await page.getByTestId("by-status").getByText("已校验").waitFor();
  }));
