//! Allocation in the console: the core plans (`orderly_core::allocation`: priority, promise,
//! age; whole order from the nearest warehouse, else the fewest splits; backorders) over
//! what this store holds — the warehouses and the available stock of the SKUs wanted — and
//! each decision runs as `order.reserve`, which checks availability again inside its own
//! transaction, so a plan made on stale numbers is refused rather than overselling.

use super::Store;
use super::error::StoreError;
use orderly_core::allocation::{
    Availability, Decision, DistanceTable, Warehouse, allocate, open_order, reserve_command,
};
use orderly_core::{Order, OrderId, OrderStatus};
use std::collections::BTreeSet;

/// The statuses of orders that wait for stock.
const WAITING: [OrderStatus; 3] = [
    OrderStatus::Confirmed,
    OrderStatus::Backordered,
    OrderStatus::PartiallyAllocated,
];

impl Store {
    /// Plans stock for `orders` (most urgent first) and reserves it, one command per
    /// order. Orders that do not wait for stock are left out. Returns the decisions made;
    /// the first refusal stops and is returned (the decisions before it stand).
    pub async fn allocate(
        &self,
        orders: &[Order],
        actor: &str,
    ) -> Result<Vec<Decision<OrderId>>, StoreError> {
        let open: Vec<_> = orders
            .iter()
            .filter(|o| WAITING.contains(&o.status))
            .map(open_order)
            .filter(|o| !o.lines.is_empty())
            .collect();
        if open.is_empty() {
            return Ok(Vec::new());
        }
        let skus: BTreeSet<&str> = open
            .iter()
            .flat_map(|o| o.lines.iter().map(|(sku, _)| sku.as_str()))
            .collect();
        let mut available = Availability::new();
        let mut warehouses: Vec<Warehouse> = self
            .locations()
            .await?
            .into_iter()
            .map(|l| Warehouse {
                code: l.code,
                region: l.region,
            })
            .collect();
        for sku in skus {
            for level in self.stock_levels(sku).await? {
                if !warehouses.iter().any(|w| w.code == level.location) {
                    // Stock at a location the catalogue does not describe: no region.
                    warehouses.push(Warehouse {
                        code: level.location.clone(),
                        region: String::new(),
                    });
                }
                available.insert((level.sku, level.location), level.level.available());
            }
        }
        // The console knows regions, not distances: the same region is near, others far.
        let distances = DistanceTable {
            far: 1,
            ..DistanceTable::default()
        };
        let decisions = allocate(&open, &warehouses, &distances, &mut available);
        for decision in &decisions {
            self.run(reserve_command(decision), actor).await?;
        }
        Ok(decisions)
    }

    /// Every order waiting for stock (confirmed, backordered, partially allocated).
    pub async fn waiting_orders(&self) -> Result<Vec<Order>, StoreError> {
        let mut orders = Vec::new();
        for status in WAITING {
            orders.extend(self.orders_with_status(status).await?);
        }
        Ok(orders)
    }

    /// How many orders wait for stock, counted through the status index.
    pub async fn count_waiting(&self) -> Result<u32, StoreError> {
        let mut count = 0;
        for status in WAITING {
            count += self.count_with_status(status).await?;
        }
        Ok(count)
    }
}
