// Intake: an order entered by hand is listed, persisted in IndexedDB and survives a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, VIEWPORTS, withPage } from "./harness.mjs";

async function pendingChanges(page) {
  await page.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
  return Number(await page.getByTestId("pending-ops").textContent());
}

async function fillOrder(page, { customer, sku, quantity, price }) {
  await page.getByLabel("Customer name").fill(customer);
  await page.getByLabel("Phone").fill("13812345678");
  await page.getByLabel("Province").fill("浙江省");
  await page.getByLabel("City").fill("杭州市");
  await page.getByLabel("District").fill("西湖区");
  await page.getByLabel("Street address").fill("龙井路 1 号");
  await page.getByLabel("SKU").fill(sku);
  await page.getByLabel("Product name").fill("Longjing tea 250 g");
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByLabel("Unit price").fill(price);
}

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  test(`an order created in the UI is listed and still there after a reload (${viewportName})`, () =>
    withPage(`create-order-${viewportName}`, async (page) => {
      await page.goto(baseUrl);
      const before = await pendingChanges(page);

      await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
      await page.getByRole("link", { name: "New order" }).click();
      const customer = `E2E Customer ${Date.now()}`;
      await fillOrder(page, { customer, sku: "TEA-LJ-250", quantity: 3, price: "128.50" });
      await page.getByRole("button", { name: "Create order" }).click();

      await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
      const row = page.getByRole("row").filter({ hasText: customer });
      await row.waitFor();
      assert.match(await row.textContent(), /CN¥385\.50/);
      assert.match(await row.textContent(), /New/);

      await page.reload();
      await page.getByRole("row").filter({ hasText: customer }).waitFor();

      // The order's outbox operation was stored with it.
      assert.equal(await pendingChanges(page), before + 1);
    }, { viewport }));
}

test("invalid input names each field and saves nothing", () =>
  withPage("invalid-order", async (page) => {
    await page.goto(`${baseUrl}/orders/new`);
    await fillOrder(page, { customer: "Bad Phone", sku: "X", quantity: 0, price: "abc" });
    await page.getByLabel("Phone").fill("12345");
    await page.getByRole("button", { name: "Create order" }).click();
    await page.getByText("Enter a number.").waitFor();
    await page.getByLabel("Unit price").fill("10");
    await page.getByRole("button", { name: "Create order" }).click();
    await page.getByText("Must be at least 1.").waitFor();
    await page.getByText(/Not a valid phone number/).waitFor();
    // A partly typed address names what is missing.
    await page.getByLabel("District").fill("");
    await page.getByLabel("Unit price").fill("10");
    await page.getByRole("button", { name: "Create order" }).click();
    await page.locator(".field.invalid", { has: page.getByLabel("District") }).getByText("Required.").waitFor();
    assert.equal(new URL(page.url()).pathname, "/orders/new", "stays on the form");

    await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
    assert.equal(await page.getByRole("row").filter({ hasText: "Bad Phone" }).count(), 0);
  }));

test("an order of several lines takes names and prices from the catalogue", () =>
  withPage("multi-line-order", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    await page.getByRole("link", { name: "New order" }).click();
    const customer = `Two lines ${Date.now()}`;
    await page.getByLabel("Customer name").fill(customer);
    await page.getByLabel("Phone").fill("13812345678");
    await page.locator("#lines\\[0\\]\\.sku").fill("TEA-LJ-250");
    await page.locator("#lines\\[0\\]\\.sku").blur();
    assert.equal(await page.locator("#lines\\[0\\]\\.name").inputValue(), "西湖龙井 250g");
    assert.equal(await page.locator("#lines\\[0\\]\\.unit_price").inputValue(), "168.00");
    await page.getByRole("button", { name: "Add a line" }).click();
    await page.getByRole("button", { name: "Add a line" }).click();
    await page.locator("#lines\\[1\\]\\.sku").fill("MUG-CER-01");
    await page.locator("#lines\\[1\\]\\.sku").blur();
    await page.locator("#lines\\[1\\]\\.quantity").fill("4");
    // The third line is not wanted after all.
    await page.getByRole("group", { name: "Item 3" }).getByRole("button", { name: "Remove this line" }).click();
    assert.equal(await page.getByRole("group", { name: /^Item \d$/ }).count(), 2);
    await page.getByRole("button", { name: "Create order" }).click();
    const row = page.getByRole("row").filter({ hasText: customer });
    await row.waitFor();
    // 168.00 + 4 × 45.00
    assert.match(await row.textContent(), /CN¥348\.00/);
  }));

test("orders are found by status, number or customer through the indexes", () =>
  withPage("order-filters", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    const rows = page.locator("table.orders tbody tr");
    assert.equal(await rows.count(), 6);
    const number = (await page.getByRole("row").filter({ hasText: "Li Wei" }).getByRole("link").textContent()).trim();

    const search = page.getByRole("search");
    await search.getByLabel("Order number or customer name").fill("Li Wei");
    await search.getByRole("button", { name: "Find" }).click();
    await page.waitForFunction(() => document.querySelectorAll("table.orders tbody tr").length === 1);
    assert.match(await rows.first().textContent(), /Li Wei/);

    await search.getByLabel("Order number or customer name").fill(number);
    await search.getByRole("button", { name: "Find" }).click();
    await rows.first().getByText(number).waitFor();
    assert.equal(await rows.count(), 1);

    await search.getByLabel("Order number or customer name").fill("");
    await search.getByRole("button", { name: "Find" }).click();
    await search.getByLabel("Status").selectOption({ label: "Cancelled" });
    await page.getByText("No order matches.").waitFor();
    await search.getByLabel("Status").selectOption({ label: "New" });
    await page.waitForFunction(() => document.querySelectorAll("table.orders tbody tr").length === 6);
  }));
