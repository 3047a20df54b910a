// Nothing is lost when storage runs out: creating an order on a full disk is refused with a
// clear message and writes nothing — neither the order nor its outbox operation; with room
// again, the same form goes through once.
//
// Chromium does not enforce a quota shrunk through DevTools (Storage.overrideQuotaForOrigin
// lets a 100 kB write through at a 1-byte quota), so the full disk is made where the
// browser reports it: IDBObjectStore.add throws QuotaExceededError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, withPage } from "./harness.mjs";

async function pendingChanges(page) {
  await page.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
  return Number(await page.getByTestId("pending-ops").textContent());
}

async function fillOrder(page, customer) {
  await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
  await page.getByRole("link", { name: "New order" }).click();
  await page.getByLabel("Customer name").fill(customer);
  await page.getByLabel("Phone").fill("13812345678");
  await page.getByLabel("SKU").fill("TEA-LJ-250");
  await page.getByLabel("Product name").fill("Longjing tea 250 g");
  await page.getByLabel("Unit price").fill("168");
}

test("a full disk refuses the order with a clear message and writes nothing", () =>
  withPage("quota-exceeded", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    // The demo data is in (the last demo order is listed) before the disk fills up.
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    const before = await pendingChanges(page);

    await page.evaluate(() => {
      window.__add = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    });

    const customer = `Disk full ${Date.now()}`;
    await fillOrder(page, customer);
    await page.getByRole("button", { name: "Create order" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "no storage space left for Orderly" });
    await alert.waitFor();
    assert.match(await alert.textContent(), /QuotaExceededError/);
    assert.equal(await pendingChanges(page), before, "no operation was written");
    await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    assert.equal(await page.getByRole("row").filter({ hasText: customer }).count(), 0);

    // Room again: the same order saves, once.
    await page.evaluate(() => {
      IDBObjectStore.prototype.add = window.__add;
    });
    await fillOrder(page, customer);
    await page.getByRole("button", { name: "Create order" }).click();
    await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
    await page.getByRole("row").filter({ hasText: customer }).waitFor();
    assert.equal(await page.getByRole("row").filter({ hasText: customer }).count(), 1);
    assert.equal(await pendingChanges(page), before + 1);
  }));
