// Pick, pack, ship: an allocated order gets a pick list in walking order; a wrong item and
// an over-pick are refused; the fragile checklist gates packing; the package is handed to
// a carrier with a tracking number and its delivery confirmed — on a tablet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, VIEWPORTS, withPage } from "./harness.mjs";

async function allocatedOrder(page, customer) {
  await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
  await page.getByRole("link", { name: "New order" }).click();
  await page.getByLabel("Customer name").fill(customer);
  await page.getByLabel("Phone").fill("13812345678");
  await page.getByLabel("Province").fill("上海市");
  await page.getByLabel("City").fill("上海市");
  await page.getByLabel("District").fill("静安区");
  await page.getByLabel("Street address").fill("南京西路 1 号");
  await page.getByLabel("SKU").fill("MUG-CER-01");
  await page.getByLabel("Product name").fill("Ceramic mug");
  await page.getByLabel("Quantity").fill("2");
  await page.getByLabel("Unit price").fill("45");
  await page.getByRole("button", { name: "Create order" }).click();
  await page.getByRole("row").filter({ hasText: customer }).getByRole("link").click();
  const status = page.getByTestId("order-status");
  for (const [action, reached] of [["Validate", "Validated"], ["Confirm", "Confirmed"], ["Allocate stock", "Allocated"]]) {
    await page.getByRole("button", { name: action }).click();
    await status.getByText(reached, { exact: true }).waitFor();
  }
  return page.url();
}

test("an allocated order is picked, packed behind its checklist, shipped and delivered", () =>
  withPage("fulfilment", async (page) => {
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole("row").filter({ hasText: "Zhao Min" }).waitFor();
    const orderUrl = await allocatedOrder(page, `Mug fan ${Date.now()}`);
    const number = (await page.getByRole("heading", { level: 1 }).textContent()).trim();

    await page.getByRole("navigation").getByRole("link", { name: "Fulfilment" }).click();
    const ready = page.getByTestId("ready-to-pick");
    await ready.getByText(number).waitFor();
    await ready.getByRole("button", { name: "Create pick list (1 order(s))" }).click();

    const list = page.getByTestId("pick-list");
    await list.getByText("Pick list at SH-01 · 1 order(s)").waitFor();
    const line = list.getByRole("row").filter({ hasText: "MUG-CER-01" });
    assert.match(await line.textContent(), /A-02/, "the mug's bin");

    const alert = page.getByRole("alert").filter({ hasText: /./ });
    await list.getByLabel("Scan barcode or SKU").fill("TEA-LJ-250");
    await list.getByRole("button", { name: "Confirm" }).click();
    await alert.getByText(/Wrong item: TEA-LJ-250/).waitFor();
    await list.getByLabel("Scan barcode or SKU").fill("MUG-CER-01");
    await list.getByLabel("Quantity").fill("3");
    await list.getByRole("button", { name: "Confirm" }).click();
    await alert.getByText(/Too many MUG-CER-01: 3 scanned, only 2 left/).waitFor();
    await list.getByLabel("Quantity").fill("2");
    await list.getByRole("button", { name: "Confirm" }).click();

    const pack = page.getByTestId("to-pack");
    await pack.getByText(`Pack ${number} at SH-01`).waitFor();
    await pack.getByRole("button", { name: "Pack" }).click();
    await alert.getByText(/packing checklist for fragile is not complete/).waitFor();
    await pack.getByLabel("气泡膜包裹 Bubble wrap").check();
    await pack.getByLabel("易碎标签 FRAGILE label").check();
    await pack.getByRole("button", { name: "Pack" }).click();

    const ship = page.getByTestId("to-ship");
    await ship.getByText(`Ship ${number} from SH-01`).waitFor();
    assert.match(await ship.textContent(), /2 unit\(s\), 840 g/);
    // The rate tables suggest the cheapest service from Shanghai to Shanghai for 840 g.
    await ship.getByTestId("suggestion").getByText(/Suggested: ZTO economy, CN¥8\.00, delivers .* — the cheapest service/).waitFor();
    assert.equal(await ship.getByLabel("Carrier").inputValue(), "ZTO");
    assert.equal(await ship.getByLabel("Service").inputValue(), "economy");
    // The packer may still choose another: the customer paid for SF.
    await ship.getByLabel("Carrier").fill("SF Express");
    await ship.getByLabel("Service").fill("standard");
    await ship.getByLabel("Tracking number").fill("SF1234567890");
    await ship.getByRole("button", { name: "Ship" }).click();

    const transit = page.getByTestId("to-deliver");
    await transit.getByText("SF1234567890").waitFor();
    await page.goto(orderUrl);
    await page.getByTestId("order-status").getByText("Shipped").waitFor();

    await page.getByRole("navigation").getByRole("link", { name: "Fulfilment" }).click();
    await transit.getByRole("button", { name: "Confirm delivery" }).click();
    await page.getByText("Nothing to pick, pack or ship right now.").waitFor();
    await page.goto(orderUrl);
    await page.getByTestId("order-status").getByText("Delivered").waitFor();

    // The customer rates the order.
    const care = page.getByTestId("order-after-sales");
    await care.getByLabel("Stars").selectOption("2");
    await care.getByLabel("Comment").fill("one mug arrived broken");
    await care.getByRole("button", { name: "Record rating" }).click();
    await care.getByTestId("rating").getByText("★★ one mug arrived broken").waitFor();

    // After-sales: one mug arrived broken; it comes back, is restocked and refunded.
    const request = page.getByTestId("return-request");
    await request.getByLabel("MUG-CER-01: units to return (of 2)").fill("1");
    await request.getByLabel("Reason").selectOption({ label: "Damaged" });
    await request.getByRole("button", { name: "Request a return" }).click();
    // The new case is shown where it moves on.
    await page.getByRole("heading", { level: 1, name: "After-sales" }).waitFor();
    const ret = page.getByTestId("return").filter({ hasText: number });
    await ret.getByText("Requested").waitFor();
    assert.match(await ret.textContent(), /MUG-CER-01 × 1 — Damaged/);
    await ret.getByRole("button", { name: "Approve" }).click();
    await ret.getByText("Approved").waitFor();
    await ret.getByRole("button", { name: "Received" }).click();
    await ret.getByText("Received", { exact: true }).waitFor();
    await ret.getByLabel("MUG-CER-01: units to restock").fill("1");
    await ret.getByRole("button", { name: "Inspected" }).click();
    await ret.getByText("Inspected", { exact: true }).waitFor();
    assert.equal(await ret.getByLabel("Refund amount").inputValue(), "45.00", "what was paid");
    await ret.getByLabel("Refund amount").fill("99.00");
    await ret.getByRole("button", { name: "Refund" }).click();
    await page.getByRole("alert").filter({ hasText: /./ }).first().waitFor();
    await ret.getByLabel("Refund amount").fill("45.00");
    await ret.getByRole("button", { name: "Refund" }).click();
    await page.getByText("No returns in progress.").waitFor();

    // A delay reported on the order is an exception with its SLA, taken and resolved.
    await page.goto(orderUrl);
    await care.getByLabel("Problem").selectOption({ label: "Damage" });
    await care.getByLabel("What happened").fill("second mug chipped");
    await care.getByRole("button", { name: "Report" }).click();
    await page.getByTestId("order-status").getByText("Exception").waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "After-sales" }).click();
    const problem = page.getByTestId("exception").filter({ hasText: "second mug chipped" });
    await problem.getByText("Nobody has taken it yet").waitFor();
    await problem.getByRole("button", { name: "Take it" }).click();
    await problem.getByText("Owner: staff").waitFor();
    await problem.getByLabel("Resolution").selectOption({ label: "Reshipped" });
    await problem.getByRole("button", { name: "Resolve" }).click();
    await page.getByText("No open exceptions.").waitFor();
    await page.goto(orderUrl);
    await page.getByTestId("order-status").getByText("Delivered").waitFor();

    // Satisfaction counts the rating.
    await page.getByRole("navigation").getByRole("link", { name: "Reports" }).click();
    await page.getByTestId("kpi-satisfaction").getByText("2").waitFor();

    // The restocked mug is available again: 24 − 2 shipped + 1 back.
    await page.getByRole("navigation").getByRole("link", { name: "Inventory" }).click();
    await page.getByTestId("stock").getByRole("row").filter({ hasText: "MUG-CER-01" }).getByText("SH-01: 23").waitFor();
  }, { viewport: VIEWPORTS.tablet }));
