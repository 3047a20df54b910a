// Confirmation: before validating, the clerk is told when an order repeats one already
// entered (same customer, same items, within a day) and when there is not enough stock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, withPage } from "./harness.mjs";

async function createAndOpen(page, { customer, quantity }) {
  await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
  await page.getByRole("link", { name: "New order" }).click();
  await page.getByLabel("Customer name").fill(customer);
  await page.getByLabel("Phone").fill("13812345678");
  await page.getByLabel("SKU").fill("TEA-LJ-250");
  await page.getByLabel("Product name").fill("西湖龙井 250g");
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByLabel("Unit price").fill("168");
  await page.getByRole("button", { name: "Create order" }).click();
  await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
  const rows = page.getByRole("row").filter({ hasText: customer });
  await rows.first().getByRole("link").click();
}

test("an order entered twice and an order short of stock are flagged before validation", () =>
  withPage("order-warnings", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    const first = await page.getByRole("row").filter({ hasText: "王芳" }).getByRole("link").textContent();

    // The demo has 王芳 ordering 2 × TEA-LJ-250 already; 40 are in stock.
    await createAndOpen(page, { customer: "王芳", quantity: 2 });
    const warnings = page.getByTestId("order-warnings");
    await warnings.getByText(`Looks like order ${first} (same customer, same items).`).waitFor();
    assert.equal(await warnings.getByText(/Not enough stock/).count(), 0);

    await createAndOpen(page, { customer: `Bulk buyer ${Date.now()}`, quantity: 50 });
    await warnings.getByText("TEA-LJ-250 — Not enough stock: 40 available.").waitFor();
    assert.equal(await warnings.getByText(/Looks like order/).count(), 0);
  }));
