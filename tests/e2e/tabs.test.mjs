// Two tabs on one console: a change in one shows in the other without a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, withPage } from "./harness.mjs";

test("an order created in one tab appears in the other", () =>
  withPage("two-tabs", async (page, context) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
    const other = await context.newPage();
    await other.goto(`${baseUrl}/orders/new`);
    const customer = `Other tab ${Date.now()}`;
    await other.getByLabel("Customer name").fill(customer);
    await other.getByLabel("SKU").fill("MUG-CER-01");
    await other.getByLabel("Product name").fill("Tea");
    await other.getByLabel("Unit price").fill("9.90");
    await other.getByRole("button", { name: "Create order" }).click();
    await other.getByRole("row").filter({ hasText: customer }).waitFor();
    // The first tab never reloaded.
    await page.getByRole("row").filter({ hasText: customer }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/orders");
    await other.close();
  }));
