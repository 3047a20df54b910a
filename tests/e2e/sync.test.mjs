// Warehouse journey: a tablet connects to the backend, goes offline, keeps working, comes
// back online, and its changes reach the backend without being lost or duplicated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BACKEND_TOKEN, backendEntities, backendUrl, baseUrl, VIEWPORTS, withPage } from "./harness.mjs";

async function createOrder(page, customer) {
  await page.getByRole("navigation").getByRole("link", { name: "Orders" }).click();
  await page.getByRole("link", { name: "New order" }).click();
  await page.getByLabel("Customer name").fill(customer);
  await page.getByLabel("Phone").fill("13812345678");
  await page.getByLabel("SKU").fill("TEA-TG-100");
  await page.getByLabel("Product name").fill("Tea");
  await page.getByLabel("Unit price").fill("12");
  await page.getByRole("button", { name: "Create order" }).click();
  await page.getByRole("heading", { level: 1, name: "Orders" }).waitFor();
}

test("orders made offline reach the backend once the tablet is online again", () =>
  withPage("offline-then-sync", async (page, context) => {
    await page.goto(`${baseUrl}/settings`);
    await page.getByLabel("Backend URL").fill(backendUrl);
    await page.getByLabel("Access token").fill(BACKEND_TOKEN);
    await page.getByLabel("Remember the token on this device").check();
    await page.getByRole("button", { name: "Save and sync" }).click();
    const badge = page.getByTestId("sync-badge");
    await badge.getByText(/Synced at/).waitFor();
    await badge.getByText("0 waiting to sync").waitFor();

    await context.setOffline(true);
    await badge.getByText(/Offline/).waitFor();
    const customer = `Offline ${Date.now()}`;
    await createOrder(page, customer);
    const row = page.getByRole("row").filter({ hasText: customer });
    await row.getByText("Pending").waitFor();
    await badge.getByText("1 waiting to sync").waitFor();
    assert.equal((await backendEntities()).filter((c) => c.entity === "order" && c.data.customer.name === customer).length, 0);

    await context.setOffline(false); // the 'online' event starts a sync
    await page.getByRole("row").filter({ hasText: customer }).getByText("Synced").waitFor();
    await badge.getByText("0 waiting to sync").waitFor();
    const onBackend = (await backendEntities()).filter((c) => c.entity === "order" && c.data.customer.name === customer);
    assert.equal(onBackend.length, 1, "exactly once on the backend");
    assert.equal(onBackend[0].version, 1);

    // After a reload the remembered backend syncs again and nothing is resent as new.
    await page.reload();
    await page.getByRole("row").filter({ hasText: customer }).getByText("Synced").waitFor();
    await page.getByTestId("sync-badge").getByText(/Synced at/).waitFor();
    assert.equal((await backendEntities()).filter((c) => c.entity === "order" && c.data.customer.name === customer).length, 1);
  }, { viewport: VIEWPORTS.tablet, expectNetworkErrors: true }));

test("a wrong token is reported, and nothing leaves the outbox", () =>
  withPage("wrong-token", async (page) => {
    await page.goto(`${baseUrl}/settings`);
    await page.getByLabel("Backend URL").fill(backendUrl);
    await page.getByLabel("Access token").fill("not-the-token");
    await page.getByRole("button", { name: "Save and sync" }).click();
    await page.getByTestId("sync-badge").getByText("The backend refused the token").waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    // The demo data still waits: a warehouse, a checklist, 3 carrier rates, 6 products,
    // 5 receipts, 6 orders.
    assert.equal(await page.getByTestId("pending-ops").textContent(), "22", "the demo data still waits");
  }, { expectNetworkErrors: true }));
