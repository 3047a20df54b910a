// Stock and allocation: the warehouse sees every product's stock with its alerts, records
// a receipt, a correction and a count, and each is a movement in the ledger that syncs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, VIEWPORTS, withPage } from "./harness.mjs";

function rowOf(page, sku) {
  return page.getByTestId("stock").getByRole("row").filter({ hasText: sku });
}

async function record(page, { kind, sku, amount, note, bin }) {
  const form = page.getByTestId("movement-form");
  await form.getByLabel("Movement").selectOption({ label: kind });
  await form.getByLabel("Product").selectOption({ value: sku });
  if (bin) await form.getByLabel("Bin").selectOption({ value: bin });
  await form.getByLabel(/^(Quantity|Change \(\+\/−\)|Counted)$/).fill(String(amount));
  await form.getByLabel(/^(Reason|Reference \(PO, delivery note\))$/).fill(note);
  await form.getByRole("button", { name: "Record" }).click();
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
    const movement = page.getByTestId("movement-form");
    await movement.getByLabel("Movement").selectOption({ label: "Correction" });
    await movement.getByLabel("Change (+/−)").fill("-1");
    await movement.getByLabel("Reason").fill("");
    await movement.getByRole("button", { name: "Record" }).click();
    await movement.getByText("Required.").waitFor();
    assert.match(await puer.textContent(), /SH-01: 4/);

    // Everything so far went to Pu'er's slot, A-03; two more go on the shelf in A-01, and
    // the table says where they are.
    assert.match(await puer.textContent(), /SH-01: 4 \(bins A-03 4\)/);
    await record(page, { kind: "Receipt", sku: "TEA-PE-357", amount: 2, note: "PO-43", bin: "A-01" });
    await puer.getByText("SH-01: 6 (bins A-01 2, A-03 4)").waitFor();

    // The ledger explains it, newest first: each movement with its bin, who and why.
    await puer.getByRole("button", { name: "Ledger" }).click();
    const ledger = page.getByTestId("ledger").getByRole("row");
    await ledger.nth(4).waitFor();
    const lines = await ledger.allTextContents();
    assert.match(lines[1], /Receipt\s*\+2\s*SH-01\s*A-01.*PO-43/);
    assert.match(lines[2], /Count\s*4 \(-5\)\s*SH-01\s*A-03.*cycle count/);
    assert.match(lines[3], /Correction\s*-3\s*SH-01\s*A-03.*water damage/);
    assert.match(lines[4], /Receipt\s*\+12\s*SH-01\s*A-03.*PO-42/);

    await page.reload();
    await rowOf(page, "TEA-PE-357").getByText("SH-01: 6 (bins A-01 2, A-03 4)").waitFor();
  }, { viewport: VIEWPORTS.tablet }));

test("a backordered order is allocated when its stock arrives", () =>
  withPage("backorder", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    await page.getByRole("link", { name: "New order" }).click();
    const customer = `Pu'er lover ${Date.now()}`;
    await page.getByLabel("Customer name").fill(customer);
    await page.getByLabel("Phone").fill("13812345678");
    await page.getByLabel("Province").fill("上海市");
    await page.getByLabel("City").fill("上海市");
    await page.getByLabel("District").fill("徐汇区");
    await page.getByLabel("Street address").fill("漕溪北路 1 号");
    await page.getByLabel("SKU").fill("TEA-PE-357");
    await page.getByLabel("Product name").fill("普洱茶饼 357g");
    await page.getByLabel("Quantity").fill("3");
    await page.getByLabel("Unit price").fill("299");
    await page.getByRole("button", { name: "Create order" }).click();
    await page.getByRole("row").filter({ hasText: customer }).getByRole("link").click();
    const status = page.getByTestId("order-status");
    for (const [action, reached] of [["Validate", "Validated"], ["Confirm", "Confirmed"]]) {
      await page.getByRole("button", { name: action }).click();
      await status.getByText(reached).waitFor();
    }
    // Nothing in stock: the order waits.
    await page.getByRole("button", { name: "Allocate stock" }).click();
    await status.getByText("Backordered").waitFor();
    const url = page.url();

    await page.getByRole("navigation").getByRole("link", { name: "Inventory" }).click();
    await page.getByTestId("waiting-orders").getByText("1 order(s) wait for stock.").waitFor();
    await record(page, { kind: "Receipt", sku: "TEA-PE-357", amount: 5, note: "PO-77" });
    await rowOf(page, "TEA-PE-357").getByText("SH-01: 5").waitFor();
    await page.getByRole("button", { name: "Allocate waiting orders" }).click();
    await page.getByRole("status").getByText("Allocated: 1 in full, 0 in part, 0 backordered.").waitFor();
    await rowOf(page, "TEA-PE-357").getByText("SH-01: 2").waitFor();
    assert.equal(await page.getByTestId("waiting-orders").count(), 0);

    await page.goto(url);
    await status.getByText("Allocated").waitFor();
    const history = page.getByTestId("history").getByRole("listitem");
    assert.match(await history.last().textContent(), /whole order from SH-01 \(distance 0\)/);
  }, { viewport: VIEWPORTS.tablet }));

test("a product is added to the catalogue, stocked and changed", () =>
  withPage("catalogue", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "Inventory" }).click();
    const form = page.getByTestId("product-form");
    await form.getByLabel("SKU").fill("OOLONG-50");
    await form.getByLabel("Product name").fill("冻顶乌龙 50g");
    await form.getByLabel("List price (CNY)").fill("88");
    await form.getByLabel("Weight of one unit (g)").fill("60");
    await form.getByLabel("Category (names its packing checklist)").fill("tea");
    await form.getByLabel("Barcode (EAN-13, UPC-A)").fill("6901234567890");
    await form.getByRole("button", { name: "Save product" }).click();
    await form.getByText(/Not a valid barcode/).waitFor();
    assert.equal(await rowOf(page, "OOLONG-50").count(), 0, "nothing saved");

    await form.getByLabel("Barcode (EAN-13, UPC-A)").fill("6901234567892");
    await form.getByRole("button", { name: "Save product" }).click();
    const oolong = rowOf(page, "OOLONG-50");
    await oolong.getByText("Out of stock").waitFor();

    // The new product can be received right away, and ordered.
    await record(page, { kind: "Receipt", sku: "OOLONG-50", amount: 10, note: "PO-88" });
    await oolong.getByText("SH-01: 10").waitFor();
    assert.equal(await oolong.locator(".status").count(), 0);

    await oolong.getByRole("button", { name: "Change" }).click();
    await form.getByRole("heading", { name: "Change a product" }).waitFor();
    assert.equal(await form.getByLabel("SKU").inputValue(), "OOLONG-50");
    await form.getByLabel("Reorder point").fill("20");
    await form.getByRole("button", { name: "Save product" }).click();
    await oolong.getByText("Reorder: at or below 20").waitFor();
    await form.getByRole("heading", { name: "Add a product" }).waitFor();
  }, { viewport: VIEWPORTS.tablet }));

test("a second warehouse with its bins is added and receives stock", () =>
  withPage("warehouse", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "Inventory" }).click();
    const form = page.getByTestId("warehouse-form");
    await form.getByLabel("Code", { exact: true }).fill("HZ-01");
    await form.getByLabel("Name", { exact: true }).fill("杭州仓");
    await form.getByLabel("Region (province, as in addresses)").fill("浙江省");
    await form.getByLabel(/^Bins in walking order/).fill("B-01 TEA-LJ-250\nB-01 MUG-CER-01");
    await form.getByRole("button", { name: "Save warehouse" }).click();
    await form.getByText(/bins\[1\]\.code/).waitFor();

    await form.getByLabel(/^Bins in walking order/).fill("B-01 TEA-LJ-250\nB-02 MUG-CER-01");
    await form.getByRole("button", { name: "Save warehouse" }).click();
    const movement = page.getByTestId("movement-form");
    await movement.getByLabel("Warehouse").locator("option", { hasText: "HZ-01 — 杭州仓" }).waitFor({ state: "attached" });
    await movement.getByLabel("Product").selectOption({ value: "TEA-LJ-250" });
    await movement.getByLabel("Warehouse").selectOption({ value: "HZ-01" });
    await movement.getByLabel("Quantity").fill("5");
    await movement.getByRole("button", { name: "Record" }).click();
    // Without a bin chosen, the tea goes to its slot in HZ-01.
    await rowOf(page, "TEA-LJ-250").getByText("HZ-01: 5 (bins B-01 5) · SH-01: 40 (bins A-01 40)").waitFor();

    // Picking the warehouse again shows its bins as saved.
    await form.getByLabel("Warehouse", { exact: true }).selectOption({ value: "HZ-01" });
    assert.equal(await form.getByLabel(/^Bins in walking order/).inputValue(), "B-01 TEA-LJ-250\nB-02 MUG-CER-01");
  }, { viewport: VIEWPORTS.tablet }));
