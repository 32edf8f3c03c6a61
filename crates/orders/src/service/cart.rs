//! The cart use cases: show it with current catalog facts, add, set, remove,
//! clear, and merge a guest cart.

use super::{Orders, Result, ServiceError};
use crate::clients::catalog::ProductFacts;
use crate::domain::cart::{
    Availability, CartItem, CartItemInput, CartLine, MAX_LINES, check_quantity,
};
use crate::domain::{Line, ProductId, ShippingRule, Totals};
use kit::auth::AuthUser;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One cart line as shown: current catalog facts and whether it can be bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CartViewItem {
    pub product_id: String,
    pub quantity: i64,
    pub availability: Availability,
    /// Units the catalog has now (0 when unavailable).
    pub stock: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Current unit price in minor units (absent when the product is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_total: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub added_at: Timestamp,
}

/// The cart as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CartView {
    pub items: Vec<CartViewItem>,
    /// Totals of the lines that can be bought now; absent for an empty cart.
    pub totals: Option<Totals>,
    /// Whether every line can be bought now.
    pub checkout_ready: bool,
}

impl Orders {
    /// The user's cart with current catalog facts.
    pub async fn cart(&self, user: &AuthUser) -> Result<CartView> {
        let lines = self.carts.cart(&user.id).await?;
        let facts = self.facts(&lines).await?;
        Ok(cart_view(&lines, &facts, self.shipping))
    }

    /// Catalog facts for the products of `lines`.
    pub(super) async fn facts(&self, lines: &[CartLine]) -> Result<Vec<ProductFacts>> {
        let ids: Vec<ProductId> = lines.iter().map(|l| l.product_id.clone()).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.catalog.products(&ids).await?)
    }

    /// Adds units of a product that exists and is active.
    pub async fn add_item(&self, user: &AuthUser, input: &CartItemInput) -> Result<CartView> {
        let item = input.parse("").map_err(ServiceError::Validation)?;
        let product_id = &item.product_id;
        let facts = self
            .catalog
            .products(std::slice::from_ref(product_id))
            .await?;
        if !facts.iter().any(|f| f.active) {
            return Err(ServiceError::Validation(vec![FieldError::new(
                "product_id",
                "no such product in the catalog",
            )]));
        }
        let lines = self.carts.cart(&user.id).await?;
        if lines.len() >= MAX_LINES && !lines.iter().any(|l| &l.product_id == product_id) {
            return Err(ServiceError::Validation(vec![FieldError::new(
                "product_id",
                format!("a cart holds at most {MAX_LINES} products"),
            )]));
        }
        self.carts
            .add_item(&user.id, product_id, item.quantity, Timestamp::now())
            .await?;
        self.cart(user).await
    }

    /// Sets a line's quantity (1 to 1000).
    pub async fn set_quantity(
        &self,
        user: &AuthUser,
        product_id: &ProductId,
        quantity: i64,
    ) -> Result<CartView> {
        check_quantity(quantity, "quantity").map_err(|e| ServiceError::Validation(vec![e]))?;
        self.carts
            .set_quantity(&user.id, product_id, quantity)
            .await?;
        self.cart(user).await
    }

    /// Removes a line.
    pub async fn remove_item(&self, user: &AuthUser, product_id: &ProductId) -> Result<CartView> {
        self.carts.remove_item(&user.id, product_id).await?;
        self.cart(user).await
    }

    /// Empties the cart.
    pub async fn clear_cart(&self, user: &AuthUser) -> Result<()> {
        Ok(self.carts.clear(&user.id).await?)
    }

    /// Merges a guest cart: each product's quantity becomes the larger of the
    /// two. Bad lines are named by index; so are products the catalog does not
    /// have (checked only once every line is well formed).
    pub async fn merge(&self, user: &AuthUser, items: &[CartItemInput]) -> Result<CartView> {
        let mut errors: Vec<FieldError> = Vec::new();
        if items.len() > MAX_LINES {
            errors.push(FieldError::new(
                "items",
                format!("must hold at most {MAX_LINES} lines"),
            ));
        }
        let mut parsed: Vec<CartItem> = Vec::with_capacity(items.len());
        for (i, input) in items.iter().enumerate() {
            match input.parse(&format!("items[{i}]")) {
                Ok(item) => parsed.push(item),
                Err(found) => errors.extend(found),
            }
        }
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        let mut lines: Vec<CartItem> = Vec::new();
        for item in &parsed {
            match lines.iter_mut().find(|l| l.product_id == item.product_id) {
                Some(line) => line.quantity = line.quantity.max(item.quantity),
                None => lines.push(item.clone()),
            }
        }
        let ids: Vec<ProductId> = lines.iter().map(|l| l.product_id.clone()).collect();
        let known = self.catalog.products(&ids).await?;
        let unknown: Vec<FieldError> = parsed
            .iter()
            .enumerate()
            .filter(|(_, item)| !known.iter().any(|k| k.id == item.product_id && k.active))
            .map(|(i, _)| {
                FieldError::new(
                    format!("items[{i}].product_id"),
                    "no such product in the catalog",
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(ServiceError::Validation(unknown));
        }
        let existing = self.carts.cart(&user.id).await?;
        let new = lines
            .iter()
            .filter(|line| !existing.iter().any(|l| l.product_id == line.product_id))
            .count();
        if existing.len() + new > MAX_LINES {
            return Err(ServiceError::Validation(vec![FieldError::new(
                "items",
                format!("a cart holds at most {MAX_LINES} products"),
            )]));
        }
        self.carts.merge(&user.id, &lines, Timestamp::now()).await?;
        self.cart(user).await
    }
}

/// The cart with current facts: every line is shown, with its availability.
fn cart_view(lines: &[CartLine], facts: &[ProductFacts], shipping: ShippingRule) -> CartView {
    let mut items = Vec::with_capacity(lines.len());
    let mut priced = Vec::new();
    for line in lines {
        let fact = facts.iter().find(|f| f.id == line.product_id);
        let availability = fact.map_or(Availability::Unavailable, |f| {
            Availability::of(f.active, f.stock, line.quantity)
        });
        let visible = fact.filter(|f| f.active);
        if let (Some(f), Availability::Available) = (visible, availability) {
            priced.push(Line {
                unit_price: f.price,
                currency: f.currency.clone(),
                quantity: u32::try_from(line.quantity).unwrap_or(u32::MAX),
            });
        }
        items.push(CartViewItem {
            product_id: line.product_id.to_string(),
            quantity: line.quantity,
            availability,
            stock: visible.map_or(0, |f| f.stock.max(0)),
            name: fact.map(|f| f.name.clone()),
            sku: fact.map(|f| f.sku.clone()),
            slug: fact.map(|f| f.slug.clone()),
            image: fact.and_then(|f| f.image.clone()),
            unit_price: visible.map(|f| f.price),
            line_total: visible.map(|f| f.price.saturating_mul(line.quantity)),
            currency: visible.map(|f| f.currency.clone()),
            added_at: line.added_at,
        });
    }
    let checkout_ready = !items.is_empty()
        && items
            .iter()
            .all(|i| i.availability == Availability::Available);
    CartView {
        totals: Totals::compute(&priced, shipping).ok(),
        items,
        checkout_ready,
    }
}
