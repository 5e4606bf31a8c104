//! `/v1/projects/{id}/balances[/{balance_id}]`: the project's credit, drawn down by its
//! usage (see [`state::usage`](crate::state::usage) for the price).

use http::StatusCode;
use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::handlers::{Call, not_found, path_uuid};
use crate::http::reply::{self, Reply};

/// Every balance of the caller's project with what is left of it.
fn balances(call: &Call<'_>) -> Vec<Value> {
    let project_id = call.project_id();
    let shared = call.cx.shared;
    let bought: Vec<_> = shared.store.read(|state| {
        state
            .project(project_id)
            .map(|p| p.balances.clone())
            .unwrap_or_default()
    });
    let left = shared.ledger.remaining(project_id, &bought);
    bought
        .iter()
        .zip(left)
        .map(|(balance, amount)| {
            json!({
                "balance_id": balance.balance_id,
                "amount": amount,
                "units": balance.units,
                "purchase_order_id": balance.purchase_order_id,
            })
        })
        .collect()
}

pub(crate) async fn list(call: Call<'_>) -> Result<Reply, ApiError> {
    Ok(reply::json(
        StatusCode::OK,
        &json!({"balances": balances(&call)}),
    ))
}

pub(crate) async fn get(call: Call<'_>) -> Result<Reply, ApiError> {
    let balance_id = path_uuid(call.id())?;
    let balance = balances(&call)
        .into_iter()
        .find(|b| b["balance_id"] == json!(balance_id))
        .ok_or_else(|| not_found("Balance not found."))?;
    Ok(reply::json(StatusCode::OK, &balance))
}
