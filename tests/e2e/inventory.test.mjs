// Stock and allocation: the warehouse sees every product's stock with its alerts, records
// a receipt, a correction and a count, and each is a movement in the ledger that syncs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, VIEWPORTS, withPage } from "./harness.mjs";

function rowOf(page, sku) {
  return page.getByTestId("stock").getByRole("row").filter({ hasText: sku });
}

async function record(page, { kind, sku, amount, note }) {
  await page.getByLabel("Movement").selectOption({ label: kind });
  await page.getByLabel("Product").selectOption({ value: sku });
  await page.getByLabel(/^(Quantity|Change \(\+\/−\)|Counted)$/).fill(String(amount));
  await page.getByLabel(/^(Reason|Reference \(PO, delivery note\))$/).fill(note);
  await page.getByRole("button", { name: "Record" }).click();
}

test("stock is received, corrected and counted, and the alerts follow", () =>
  withPage("inventory", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "Inventory" }).click();

    // The demo has no Pu'er in stock: out of stock, below safety stock (5), reorder (10).
    const puer = rowOf(page, "TEA-PE-357");
    await puer.getByText("Out of stock").waitFor();
    assert.match(await puer.textContent(), /Below safety stock \(5\)/);

    await record(page, { kind: "Receipt", sku: "TEA-PE-357", amount: 12, note: "PO-42" });
    await puer.getByText("SH-01: 12").waitFor();
    assert.equal(await puer.locator(".status").count(), 0, "no alert at 12 available");

    await record(page, { kind: "Correction", sku: "TEA-PE-357", amount: -3, note: "water damage" });
    await puer.getByText("Reorder: at or below 10").waitFor();
    assert.match(await puer.textContent(), /SH-01: 9/);

    await record(page, { kind: "Count", sku: "TEA-PE-357", amount: 4, note: "cycle count" });
    await puer.getByText("Below safety stock (5)").waitFor();
    assert.match(await puer.textContent(), /SH-01: 4/);

    // A correction needs its reason; nothing is recorded without it.
    await page.getByLabel("Movement").selectOption({ label: "Correction" });
    await page.getByLabel("Change (+/−)").fill("-1");
    await page.getByLabel("Reason").fill("");
    await page.getByRole("button", { name: "Record" }).click();
    await page.getByText("Required.").waitFor();
    assert.match(await puer.textContent(), /SH-01: 4/);

    await page.reload();
    await rowOf(page, "TEA-PE-357").getByText("SH-01: 4").waitFor();
  }, { viewport: VIEWPORTS.tablet }));
