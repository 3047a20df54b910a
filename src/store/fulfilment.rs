//! Pick, pack and ship in the console: the queues a warehouse works from (orders by status,
//! pick lists and shipments by status, the packing checklists) and the commands that need
//! a fresh id (a pick list, a package), made here like an order's.

use super::Store;
use super::error::StoreError;
use super::ids;
use super::schema::{CARRIER_RATES, CHECKLISTS, ORDERS, PICK_LISTS, SHIPMENTS};
use chrono::Utc;
use orderly_core::carrier::CarrierRate;
use orderly_core::checklist::SopChecklist;
use orderly_core::fulfilment::{CreatePickList, PackOrder};
use orderly_core::pick_list::{PickList, PickListStatus};
use orderly_core::shipment::{Shipment, ShipmentStatus};
use orderly_core::{Command, Order, OrderId, OrderStatus};
use uuid::Uuid;

impl Store {
    /// Every order with `status` (through the `status` index).
    pub async fn orders_with_status(&self, status: OrderStatus) -> Result<Vec<Order>, StoreError> {
        self.by_index(ORDERS, "status", &status, "listing orders by status")
            .await
    }

    /// How many orders have `status` (counted through the index, none read).
    pub async fn count_with_status(&self, status: OrderStatus) -> Result<u32, StoreError> {
        self.count_by_index(ORDERS, "status", &status, "counting orders by status")
            .await
    }

    pub async fn pick_lists_with_status(
        &self,
        status: PickListStatus,
    ) -> Result<Vec<PickList>, StoreError> {
        self.by_index(PICK_LISTS, "status", &status, "listing pick lists")
            .await
    }

    pub async fn shipments_with_status(
        &self,
        status: ShipmentStatus,
    ) -> Result<Vec<Shipment>, StoreError> {
        self.by_index(SHIPMENTS, "status", &status, "listing shipments")
            .await
    }

    /// Every packing checklist, one per product category.
    pub async fn checklists(&self) -> Result<Vec<SopChecklist>, StoreError> {
        self.everything(CHECKLISTS, "reading the packing checklists")
            .await
    }

    /// A pick list for what is allocated to `orders` at `location` (one order, or a wave).
    pub async fn create_pick_list(
        &self,
        location: String,
        orders: Vec<OrderId>,
        actor: &str,
    ) -> Result<Uuid, StoreError> {
        let now = Utc::now();
        let id = ids::uuid_v7(now);
        let command = Command::CreatePickList(CreatePickList {
            id,
            location,
            order_ids: orders,
        });
        self.execute(now, actor, move |_| command).await?;
        Ok(id)
    }

    /// Packs what `pick_list` picked for `order` into a new package, with the checklist
    /// items the packer ticked.
    pub async fn pack(
        &self,
        order: OrderId,
        pick_list: Uuid,
        checked: Vec<String>,
        actor: &str,
    ) -> Result<Uuid, StoreError> {
        let now = Utc::now();
        let shipment_id = ids::uuid_v7(now);
        let command = Command::PackOrder(PackOrder {
            order_id: order,
            pick_list_id: pick_list,
            shipment_id,
            checked,
        });
        self.execute(now, actor, move |_| command).await?;
        Ok(shipment_id)
    }

    /// Every carrier service with its rate table.
    pub async fn carrier_rates(&self) -> Result<Vec<CarrierRate>, StoreError> {
        self.everything(CARRIER_RATES, "reading carrier rates")
            .await
    }
}
