// Confirmation: a clerk opens an order, validates it, puts it on hold with a reason,
// releases and confirms it; refusals are explained and the history tells the story.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, withPage } from "./harness.mjs";

test("an order is validated, held, released and confirmed, each step in its history", () =>
  withPage("order-lifecycle", async (page) => {
    await page.goto(`${baseUrl}/orders/new`);
    const customer = `Lifecycle ${Date.now()}`;
    await page.getByLabel("Customer name").fill(customer);
    await page.getByLabel("Phone").fill("13812345678");
    await page.getByLabel("Province").fill("浙江省");
    await page.getByLabel("City").fill("杭州市");
    await page.getByLabel("District").fill("西湖区");
    await page.getByLabel("Street address").fill("龙井路 1 号");
    await page.getByLabel("SKU").fill("TEA-LJ-250");
    await page.getByLabel("Product name").fill("Tea");
    await page.getByLabel("Unit price").fill("88");
    await page.getByRole("button", { name: "Create order" }).click();
    await page.getByRole("row").filter({ hasText: customer }).getByRole("link").click();

    const status = page.getByTestId("order-status");
    await status.getByText("New", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Validate" }).click();
    await status.getByText("Validated").waitFor();

    await page.getByRole("button", { name: "Put on hold" }).click();
    await page.getByRole("alert").getByText(/reason — Required\./).waitFor();
    await page.getByLabel("Reason (for hold and cancel)").fill("customer asked to wait");
    await page.getByRole("button", { name: "Put on hold" }).click();
    await status.getByText("On hold").waitFor();
    await page.getByRole("button", { name: "Release" }).click();
    await status.getByText("Validated").waitFor();
    await page.getByRole("button", { name: "Confirm" }).click();
    await status.getByText("Confirmed").waitFor();

    const history = page.getByTestId("history").getByRole("listitem");
    assert.equal(await history.count(), 5);
    assert.match(await history.nth(2).textContent(), /On hold · by staff — customer asked to wait/);
    // Validation is gone from the choices once confirmed: the state machine decides.
    assert.equal(await page.getByRole("button", { name: "Validate" }).count(), 0);

    await page.reload();
    await status.getByText("Confirmed").waitFor();
  }));

test("an order without an address and with an unknown SKU cannot be validated, and says why", () =>
  withPage("validation-refused", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    // Demo orders have addresses; make one without.
    await page.getByRole("link", { name: "New order" }).click();
    const customer = `No address ${Date.now()}`;
    await page.getByLabel("Customer name").fill(customer);
    await page.getByLabel("Phone").fill("13812345678");
    await page.getByLabel("SKU").fill("X");
    await page.getByLabel("Product name").fill("X");
    await page.getByLabel("Unit price").fill("1");
    await page.getByRole("button", { name: "Create order" }).click();
    await page.getByRole("row").filter({ hasText: customer }).getByRole("link").click();
    await page.getByRole("button", { name: "Validate" }).click();
    await page.getByRole("alert").getByText(/ship_to — Required\./).waitFor();
    await page.getByRole("alert").getByText(/lines\[0\]\.sku — No product has this SKU\./).waitFor();
    await page.getByTestId("order-status").getByText("New", { exact: true }).waitFor();
  }));
