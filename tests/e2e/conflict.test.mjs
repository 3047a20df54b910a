// Two people change the same product: the office on the backend, a tablet offline. The
// backend keeps the first change; the tablet's is never silently lost nor silently
// applied — it waits in after-sales for review, and can be made again on top.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BACKEND_TOKEN, backendEntities, backendUrl, baseUrl, VIEWPORTS, withPage } from "./harness.mjs";

/** Another console saves `product` through the protocol, as client `client_id`. */
async function saveElsewhere(product) {
  const op = {
    id: crypto.randomUUID(),
    client_id: "6f0c2a52-3d55-4c0a-9d7e-0a7c1f1e0b01",
    seq: 1,
    at: new Date().toISOString(),
    actor: "office",
    type: "product.save",
    data: product,
  };
  const reply = await fetch(`${backendUrl}/v1/push`, {
    method: "POST",
    headers: { authorization: `Bearer ${BACKEND_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ protocol: 1, client_id: op.client_id, ops: [op] }),
  });
  assert.equal(reply.status, 200);
  const { results } = await reply.json();
  assert.equal(results[0].status, "applied", JSON.stringify(results));
}

async function tea() {
  return (await backendEntities()).find((c) => c.entity === "product" && c.id === "TEA-LJ-250");
}

test("an offline edit of a product someone else changed is kept for review, not lost", () =>
  withPage("conflict", async (page, context) => {
    await page.goto(`${baseUrl}/settings`);
    await page.getByLabel("Backend URL").fill(backendUrl);
    await page.getByLabel("Access token").fill(BACKEND_TOKEN);
    await page.getByRole("button", { name: "Save and sync" }).click();
    const badge = page.getByTestId("sync-badge");
    await badge.getByText("0 waiting to sync").waitFor();
    const before = await tea();
    assert.equal(before.data.price.amount, 16800);

    // The tablet goes offline; meanwhile the office raises the price to ¥178.
    await context.setOffline(true);
    await badge.getByText(/Offline/).waitFor();
    await saveElsewhere({ ...before.data, price: { amount: 17800, currency: "CNY" } });

    // On the tablet, the clerk lowers it to ¥158 from the version it knows.
    await page.getByRole("navigation").getByRole("link", { name: "Inventory" }).click();
    const row = page.getByTestId("stock").getByRole("row").filter({ hasText: "TEA-LJ-250" });
    await row.getByRole("button", { name: "Change" }).click();
    const form = page.getByTestId("product-form");
    await form.getByLabel("List price (CNY)").fill("158");
    await form.getByRole("button", { name: "Save product" }).click();
    await badge.getByText("1 waiting to sync").waitFor();
    const shownPrice = async () => {
      await row.getByRole("button", { name: "Change" }).click();
      return form.getByLabel("List price (CNY)").inputValue();
    };
    assert.equal(await shownPrice(), "158.00");

    // Back online: the backend refuses the stale edit and keeps the office's price.
    await context.setOffline(false);
    await badge.getByText("0 waiting to sync").waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "After-sales" }).click();
    await page.getByTestId("rejected-edit").waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "Inventory" }).click();
    // The pull that brings the office's version follows the push that was refused.
    for (let tries = 0; (await shownPrice()) !== "178.00"; tries++) {
      assert.ok(tries < 50, "the office's price never arrived");
      await page.waitForTimeout(200);
    }
    assert.equal((await tea()).data.price.amount, 17800);

    // The refused edit is an exception that says what it was, and offers to make it again.
    await page.getByRole("navigation").getByRole("link", { name: "After-sales" }).click();
    const edit = page.getByTestId("rejected-edit");
    await edit.getByText("TEA-LJ-250 · 西湖龙井 250g · CN¥158.00").waitFor();
    assert.match(
      await page.getByTestId("exception").first().textContent(),
      /Rejected by the backend — Someone else changed this record first.*conflict: product TEA-LJ-250/,
    );
    await edit.getByRole("button", { name: "Make my change again on top of theirs" }).click();
    await page.getByText("No open exceptions.").waitFor();
    await badge.getByText("0 waiting to sync").waitFor();
    const after = await tea();
    assert.equal(after.data.price.amount, 15800, "the reviewed change reached the backend");
    assert.equal(after.version, 3);
  }, { viewport: VIEWPORTS.tablet, expectNetworkErrors: true }));
