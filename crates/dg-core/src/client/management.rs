//! The management calls beyond keys: projects, members and their scopes, invitations, usage,
//! balances and the model catalog. Each checks its input, then sends one request; only
//! sending an invitation (which emails someone) is not repeated once it may have arrived.

use bytes::Bytes;
use http::Method;
use serde::de::DeserializeOwned;

use super::Client;
use crate::error::{Error, Result};
use crate::manage_request::{
    InviteRequest, ModelsOptions, RequestsOptions, UpdateProjectRequest, UpdateScopesRequest,
    UsageFieldsOptions, UsageOptions, query_pairs,
};
use crate::models::{
    ApiMessage, Balance, BalanceList, CatalogModel, Invite, InviteList, MemberList, MemberScopes,
    ModelCatalog, ProjectDetails, ProjectMember, RequestAnswer, RequestPage, UsageBreakdown,
    UsageFields, UsageSummary,
};
use crate::request::{Part, api_url};
use crate::transport::{Payload, RetryClass};

use Part::{Fixed, Id};

const V1: Part<'static> = Fixed("v1");
const PROJECTS: Part<'static> = Fixed("projects");

/// `/v1/projects/{project_id}` followed by `rest`.
fn project<'a>(project_id: &'a str, rest: &[Part<'a>]) -> Vec<Part<'a>> {
    let mut path = vec![V1, PROJECTS, Id("project id", project_id)];
    path.extend_from_slice(rest);
    path
}

impl Client {
    /// Sends one management request and reads its answer as `T`.
    async fn manage<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &[Part<'_>],
        query: &[(String, String)],
        body: Option<&impl serde::Serialize>,
        class: RetryClass,
    ) -> Result<T> {
        let url = api_url(&self.inner.config.base_url, path, query)?;
        let payload = match body {
            Some(body) => Payload::Json(Bytes::from(
                serde_json::to_vec(body).map_err(|e| Error::invalid(e.to_string()))?,
            )),
            None => Payload::Empty,
        };
        let answer = self.send(method, url, payload, class).await?;
        self.decode(&answer)
    }

    async fn fetch<T: DeserializeOwned>(
        &self,
        path: &[Part<'_>],
        query: &[(String, String)],
    ) -> Result<T> {
        self.manage(
            Method::GET,
            path,
            query,
            None::<&()>,
            RetryClass::Replayable,
        )
        .await
    }

    async fn change(
        &self,
        method: Method,
        path: &[Part<'_>],
        body: Option<&impl serde::Serialize>,
    ) -> Result<ApiMessage> {
        // PATCH, PUT and DELETE set a state: sending one twice leaves the same state.
        self.manage(method, path, &[], body, RetryClass::Replayable)
            .await
    }

    /// One project: its id, name and Model Improvement Program choice.
    pub async fn get_project(&self, project_id: &str) -> Result<ProjectDetails> {
        self.fetch(&project(project_id, &[]), &[]).await
    }

    /// Renames a project.
    pub async fn update_project(
        &self,
        project_id: &str,
        update: &UpdateProjectRequest,
    ) -> Result<ApiMessage> {
        update.validate()?;
        let path = project(project_id, &[]);
        self.change(Method::PATCH, &path, Some(update)).await
    }

    /// Deletes a project (its owner only).
    pub async fn delete_project(&self, project_id: &str) -> Result<ApiMessage> {
        let path = project(project_id, &[]);
        self.change(Method::DELETE, &path, None::<&()>).await
    }

    /// Removes the caller from a project (an owner cannot leave).
    pub async fn leave_project(&self, project_id: &str) -> Result<ApiMessage> {
        let path = project(project_id, &[Fixed("leave")]);
        self.change(Method::DELETE, &path, None::<&()>).await
    }

    /// The members of a project and their scopes.
    pub async fn list_members(&self, project_id: &str) -> Result<Vec<ProjectMember>> {
        let path = project(project_id, &[Fixed("members")]);
        let list: MemberList = self.fetch(&path, &[]).await?;
        Ok(list.members)
    }

    /// Removes a member from a project.
    pub async fn remove_member(&self, project_id: &str, member_id: &str) -> Result<ApiMessage> {
        let path = project(project_id, &[Fixed("members"), Id("member id", member_id)]);
        self.change(Method::DELETE, &path, None::<&()>).await
    }

    /// A member's scopes.
    pub async fn get_member_scopes(
        &self,
        project_id: &str,
        member_id: &str,
    ) -> Result<MemberScopes> {
        let path = project(
            project_id,
            &[
                Fixed("members"),
                Id("member id", member_id),
                Fixed("scopes"),
            ],
        );
        self.fetch(&path, &[]).await
    }

    /// Changes a member's scope.
    pub async fn update_member_scopes(
        &self,
        project_id: &str,
        member_id: &str,
        update: &UpdateScopesRequest,
    ) -> Result<ApiMessage> {
        update.validate()?;
        let path = project(
            project_id,
            &[
                Fixed("members"),
                Id("member id", member_id),
                Fixed("scopes"),
            ],
        );
        self.change(Method::PUT, &path, Some(update)).await
    }

    /// The invitations a project has sent and that are still open.
    pub async fn list_invites(&self, project_id: &str) -> Result<Vec<Invite>> {
        let path = project(project_id, &[Fixed("invites")]);
        let list: InviteList = self.fetch(&path, &[]).await?;
        Ok(list.invites)
    }

    /// Invites someone to a project by email. Never repeated once it may have arrived, so
    /// nobody gets two emails.
    pub async fn send_invite(
        &self,
        project_id: &str,
        invite: &InviteRequest,
    ) -> Result<ApiMessage> {
        invite.validate()?;
        let path = project(project_id, &[Fixed("invites")]);
        self.manage(
            Method::POST,
            &path,
            &[],
            Some(invite),
            RetryClass::NotIdempotent,
        )
        .await
    }

    /// Withdraws the invitation sent to `email`.
    pub async fn delete_invite(&self, project_id: &str, email: &str) -> Result<ApiMessage> {
        let path = project(project_id, &[Fixed("invites"), Id("email", email)]);
        self.change(Method::DELETE, &path, None::<&()>).await
    }

    /// A page of the requests a project made, newest first, filtered by `options`.
    pub async fn list_requests(
        &self,
        project_id: &str,
        options: &RequestsOptions,
    ) -> Result<RequestPage> {
        options.validate()?;
        let path = project(project_id, &[Fixed("requests")]);
        self.fetch(&path, &query_pairs(options)?).await
    }

    /// One request a project made.
    pub async fn get_request(&self, project_id: &str, request_id: &str) -> Result<RequestAnswer> {
        let path = project(
            project_id,
            &[Fixed("requests"), Id("request id", request_id)],
        );
        self.fetch(&path, &[]).await
    }

    /// A project's usage over a date range, filtered by `options` (not `grouping`, which is
    /// the breakdown's).
    pub async fn get_usage(
        &self,
        project_id: &str,
        options: &UsageOptions,
    ) -> Result<UsageSummary> {
        options.validate_summary()?;
        let path = project(project_id, &[Fixed("usage")]);
        self.fetch(&path, &query_pairs(options)?).await
    }

    /// What a project's usage can be filtered by: its tags, models, methods and features.
    pub async fn get_usage_fields(
        &self,
        project_id: &str,
        options: &UsageFieldsOptions,
    ) -> Result<UsageFields> {
        options.validate()?;
        let path = project(project_id, &[Fixed("usage"), Fixed("fields")]);
        self.fetch(&path, &query_pairs(options)?).await
    }

    /// A project's usage broken down by `options.grouping`.
    pub async fn get_usage_breakdown(
        &self,
        project_id: &str,
        options: &UsageOptions,
    ) -> Result<UsageBreakdown> {
        options.validate()?;
        let path = project(project_id, &[Fixed("usage"), Fixed("breakdown")]);
        self.fetch(&path, &query_pairs(options)?).await
    }

    /// A project's balances.
    pub async fn list_balances(&self, project_id: &str) -> Result<Vec<Balance>> {
        let path = project(project_id, &[Fixed("balances")]);
        let list: BalanceList = self.fetch(&path, &[]).await?;
        Ok(list.balances)
    }

    /// One balance of a project.
    pub async fn get_balance(&self, project_id: &str, balance_id: &str) -> Result<Balance> {
        let path = project(
            project_id,
            &[Fixed("balances"), Id("balance id", balance_id)],
        );
        self.fetch(&path, &[]).await
    }

    /// The models Deepgram offers.
    pub async fn list_models(&self, options: &ModelsOptions) -> Result<ModelCatalog> {
        self.fetch(&[V1, Fixed("models")], &query_pairs(options)?)
            .await
    }

    /// One model Deepgram offers.
    pub async fn get_model(&self, model_id: &str) -> Result<CatalogModel> {
        self.fetch(&[V1, Fixed("models"), Id("model id", model_id)], &[])
            .await
    }

    /// The models a project can use.
    pub async fn list_project_models(
        &self,
        project_id: &str,
        options: &ModelsOptions,
    ) -> Result<ModelCatalog> {
        let path = project(project_id, &[Fixed("models")]);
        self.fetch(&path, &query_pairs(options)?).await
    }

    /// One model a project can use.
    pub async fn get_project_model(
        &self,
        project_id: &str,
        model_id: &str,
    ) -> Result<CatalogModel> {
        let path = project(project_id, &[Fixed("models"), Id("model id", model_id)]);
        self.fetch(&path, &[]).await
    }
}
