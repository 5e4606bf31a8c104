//! Any call of the call table by its method name, with its path arguments as text and its
//! named arguments as JSON, answering JSON: how the `dg` command and the conformance runners
//! reach every call without code of their own per call. The arguments are read by the core
//! (`read_spelled`: unknown names refused with a suggestion, wrong types naming the field), so
//! this front end says what every binding says.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::calls::{CALLS, CallSpec};
use crate::error::{Error, Result};
use crate::options::Spelling;
use crate::options::schema::{Fields, read_spelled};
use crate::{Client, key_request as kr, manage_request as mr};

/// The call whose [`CallSpec::method`] is `method`.
pub fn find(method: &str) -> Option<&'static CallSpec> {
    CALLS.iter().find(|c| c.method == method)
}

/// Runs `call` with `path` (its path arguments, in order) and `args` (a JSON object of its
/// named arguments, spelled as `spelling` says; `null` for none). The answer is the JSON of
/// the call's model (a list for a list call), secrets included: a created key's secret is
/// the caller's to keep.
pub async fn invoke(
    client: &Client,
    call: &CallSpec,
    path: &[&str],
    args: Value,
    spelling: Spelling,
) -> Result<Value> {
    if path.len() != call.path.len() {
        return Err(Error::invalid(format!(
            "{}.{} takes {} path argument(s) ({}), not {}",
            call.group,
            call.name,
            call.path.len(),
            call.path.join(", "),
            path.len()
        )));
    }
    let args = named(call, args)?;
    macro_rules! req {
        ($t:ty) => {
            read_request::<$t>(call, args.clone(), spelling)?
        };
    }
    let p = |i: usize| path[i];
    match call.method {
        "create_key" => json(client.create_key(p(0), &req!(kr::CreateKeyRequest)).await),
        "list_keys" => {
            let options = req!(kr::ListKeysOptions);
            json(client.list_keys(p(0), options.status).await)
        }
        "get_key" => json(client.get_key(p(0), p(1)).await),
        "delete_key" => json(client.delete_key(p(0), p(1)).await),
        "list_projects" => json(client.list_projects().await),
        "grant_token" => {
            let options = req!(kr::GrantOptions);
            json(client.grant_token(options.ttl_seconds).await)
        }
        "get_project" => json(client.get_project(p(0)).await),
        "update_project" => json(
            client
                .update_project(p(0), &req!(mr::UpdateProjectRequest))
                .await,
        ),
        "delete_project" => json(client.delete_project(p(0)).await),
        "leave_project" => json(client.leave_project(p(0)).await),
        "list_members" => json(client.list_members(p(0)).await),
        "remove_member" => json(client.remove_member(p(0), p(1)).await),
        "get_member_scopes" => json(client.get_member_scopes(p(0), p(1)).await),
        "update_member_scopes" => json(
            client
                .update_member_scopes(p(0), p(1), &req!(mr::UpdateScopesRequest))
                .await,
        ),
        "list_invites" => json(client.list_invites(p(0)).await),
        "send_invite" => json(client.send_invite(p(0), &req!(mr::InviteRequest)).await),
        "delete_invite" => json(client.delete_invite(p(0), p(1)).await),
        "list_requests" => json(client.list_requests(p(0), &req!(mr::RequestsOptions)).await),
        "get_request" => json(client.get_request(p(0), p(1)).await),
        "get_usage" => json(client.get_usage(p(0), &req!(mr::UsageOptions)).await),
        "get_usage_fields" => json(
            client
                .get_usage_fields(p(0), &req!(mr::UsageFieldsOptions))
                .await,
        ),
        "get_usage_breakdown" => json(
            client
                .get_usage_breakdown(p(0), &req!(mr::UsageOptions))
                .await,
        ),
        "list_balances" => json(client.list_balances(p(0)).await),
        "get_balance" => json(client.get_balance(p(0), p(1)).await),
        "list_models" => json(client.list_models(&req!(mr::ModelsOptions)).await),
        "get_model" => json(client.get_model(p(0)).await),
        "list_project_models" => json(
            client
                .list_project_models(p(0), &req!(mr::ModelsOptions))
                .await,
        ),
        "get_project_model" => json(client.get_project_model(p(0), p(1)).await),
        other => Err(Error::invalid(format!("no call is named {other:?}"))),
    }
}

/// Checks `args` for `call` as [`invoke`] would before sending (names, types, the request
/// type's rules), without sending anything: for a front end with work to do before the call
/// (the `dg` command looks the project up) that should not be done for arguments refused.
pub fn check(call: &CallSpec, args: Value, spelling: Spelling) -> Result<()> {
    let args = named(call, args)?;
    let Some(request) = call.request else {
        return Ok(());
    };
    match (call.method, request) {
        (_, "CreateKeyRequest") => {
            read_request::<kr::CreateKeyRequest>(call, args, spelling)?.validate()
        }
        (_, "GrantOptions") => {
            match read_request::<kr::GrantOptions>(call, args, spelling)?.ttl_seconds {
                Some(ttl) => kr::validate_grant_ttl(ttl),
                None => Ok(()),
            }
        }
        (_, "ListKeysOptions") => {
            read_request::<kr::ListKeysOptions>(call, args, spelling).map(drop)
        }
        (_, "UpdateProjectRequest") => {
            read_request::<mr::UpdateProjectRequest>(call, args, spelling)?.validate()
        }
        (_, "UpdateScopesRequest") => {
            read_request::<mr::UpdateScopesRequest>(call, args, spelling)?.validate()
        }
        (_, "InviteRequest") => read_request::<mr::InviteRequest>(call, args, spelling)?.validate(),
        (_, "RequestsOptions") => {
            read_request::<mr::RequestsOptions>(call, args, spelling)?.validate()
        }
        ("get_usage", "UsageOptions") => {
            read_request::<mr::UsageOptions>(call, args, spelling)?.validate_summary()
        }
        (_, "UsageOptions") => read_request::<mr::UsageOptions>(call, args, spelling)?.validate(),
        (_, "UsageFieldsOptions") => {
            read_request::<mr::UsageFieldsOptions>(call, args, spelling)?.validate()
        }
        (_, "ModelsOptions") => read_request::<mr::ModelsOptions>(call, args, spelling).map(drop),
        (_, other) => Err(Error::invalid(format!(
            "no request type is named {other:?}"
        ))),
    }
}

/// A call's named arguments as an object (`null` for none), refused when the call takes none.
fn named(call: &CallSpec, args: Value) -> Result<Value> {
    let args = match args {
        Value::Null => Value::Object(Default::default()),
        other => other,
    };
    if call.request.is_none() && args.as_object().is_some_and(|a| !a.is_empty()) {
        return Err(Error::invalid(format!(
            "{}.{} takes no named arguments",
            call.group, call.name
        )));
    }
    Ok(args)
}

/// A call's answer as JSON.
fn json<T: Serialize>(answer: Result<T>) -> Result<Value> {
    serde_json::to_value(answer?).map_err(|e| Error::invalid(e.to_string()))
}

/// Reads a request type from JSON as [`invoke`] does (for front ends that build one first).
pub fn read_request<T: DeserializeOwned>(
    call: &CallSpec,
    args: Value,
    spelling: Spelling,
) -> Result<T> {
    let names = call
        .request
        .and_then(crate::calls::request_fields)
        .unwrap_or(&[]);
    read_spelled(args, names, spelling, Fields::Request)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every request type of the table is checked, and a refused argument is refused by `check`
    /// as by the call.
    #[test]
    fn every_request_type_is_checked() {
        for call in CALLS {
            let result = check(
                call,
                serde_json::json!({"no_such_argument": 1}),
                Spelling::Snake,
            );
            let error = result.expect_err(call.method);
            assert!(
                !error.to_string().contains("no request type"),
                "{}: {error}",
                call.method
            );
        }
        let usage = find("get_usage").unwrap();
        let grouped = serde_json::json!({"grouping": ["tags"]});
        assert!(check(usage, grouped.clone(), Spelling::Snake).is_err());
        assert!(
            check(
                find("get_usage_breakdown").unwrap(),
                grouped,
                Spelling::Snake
            )
            .is_ok()
        );
        let limit = serde_json::json!({"limit": 0});
        assert!(check(find("list_requests").unwrap(), limit, Spelling::Snake).is_err());
    }

    /// Every call of the table is dispatched: a call added to `CALLS` without an arm here would
    /// be unreachable from the `dg` command.
    #[tokio::test]
    async fn every_call_has_an_arm() {
        // Nothing listens on port 9 of loopback: a dispatched call fails to connect, one without
        // an arm fails with "no call is named".
        let client = Client::with_config(
            crate::ClientConfig::builder()
                .api_key("k")
                .base_url("http://127.0.0.1:9")
                .max_retries(0)
                .build()
                .unwrap(),
        )
        .unwrap();
        for call in CALLS {
            let path: Vec<&str> = call.path.iter().map(|_| "x").collect();
            let args = if call.method == "create_key" {
                serde_json::json!({"comment": "c", "scopes": ["member"]})
            } else if call.method == "update_project" {
                serde_json::json!({"name": "n"})
            } else if call.method == "update_member_scopes" {
                serde_json::json!({"scope": "member"})
            } else if call.method == "send_invite" {
                serde_json::json!({"email": "a@b.io", "scope": "member"})
            } else {
                Value::Null
            };
            let error = invoke(&client, call, &path, args, Spelling::Snake)
                .await
                .expect_err("nothing listens");
            assert!(
                !error.to_string().contains("no call is named"),
                "{}: {error}",
                call.method
            );
        }
    }
}
