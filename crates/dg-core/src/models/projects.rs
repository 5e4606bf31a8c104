//! The answers of the project calls: a project's details, its members and their scopes, its
//! invitations, balances and the model catalog, and the message most changes answer with.

use super::lossless::lossless_struct;

lossless_struct! {
    /// One project (`GET /v1/projects/{project_id}`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ProjectDetails {
        /// The project's id.
        pub project_id: String [sent],
        /// Its name.
        pub name: Option<String>,
        /// Whether it opted out of the Model Improvement Program.
        pub mip_opt_out: Option<bool>,
    }
}

lossless_struct! {
    /// What a change answers with (`{"message": …}`): updating or deleting a project, leaving
    /// it, removing a member, changing scopes, sending or deleting an invitation.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ApiMessage {
        /// The API's message.
        pub message: String [sent],
    }
}

lossless_struct! {
    /// A member of a project (`GET /v1/projects/{project_id}/members`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ProjectMember {
        /// The member's id.
        pub member_id: String [sent],
        /// Their scopes in the project (`owner`, `admin`, `member`, ...).
        pub scopes: Vec<String>,
        /// Their email address.
        pub email: Option<String>,
        /// First name.
        pub first_name: Option<String>,
        /// Last name.
        pub last_name: Option<String>,
    }
}

lossless_struct! {
    /// `GET /v1/projects/{project_id}/members`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct MemberList {
        /// The members.
        pub members: Vec<ProjectMember> [always],
    }
}

lossless_struct! {
    /// A member's scopes (`GET /v1/projects/{project_id}/members/{member_id}/scopes`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct MemberScopes {
        /// The scopes.
        pub scopes: Vec<String> [always],
    }
}

lossless_struct! {
    /// A pending invitation (`GET /v1/projects/{project_id}/invites`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Invite {
        /// Who is invited.
        pub email: String [sent],
        /// The scope they are invited with.
        pub scope: Option<String>,
    }
}

lossless_struct! {
    /// `GET /v1/projects/{project_id}/invites`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct InviteList {
        /// The invitations.
        pub invites: Vec<Invite> [always],
    }
}

lossless_struct! {
    /// A balance of a project (`GET /v1/projects/{project_id}/balances[/{balance_id}]`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Balance {
        /// The balance's id.
        pub balance_id: String [sent],
        /// What is left.
        pub amount: Option<f64>,
        /// Its units (`USD`, `hour`).
        pub units: Option<String>,
        /// The purchase it comes from.
        pub purchase_order_id: Option<String>,
    }
}

lossless_struct! {
    /// `GET /v1/projects/{project_id}/balances`.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct BalanceList {
        /// The balances.
        pub balances: Vec<Balance> [always],
    }
}

lossless_struct! {
    /// A model of the catalog (`GET /v1/models[/{model_id}]`, also per project). Speech
    /// models say whether they transcribe in batch or streaming; voices (text to speech)
    /// carry a `metadata` object instead, kept with the other fields dg does not model.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct CatalogModel {
        /// The model's name (`nova-3`).
        pub name: Option<String>,
        /// Its canonical name (`nova-3-general`).
        pub canonical_name: Option<String>,
        /// Its architecture (`base`, `nova-3`).
        pub architecture: Option<String>,
        /// The languages it knows.
        pub languages: Vec<String>,
        /// Its version.
        pub version: Option<String>,
        /// Its id (what usage filters by as `model`).
        pub uuid: Option<String>,
        /// Whether it transcribes recorded audio.
        pub batch: Option<bool>,
        /// Whether it transcribes live streams.
        pub streaming: Option<bool>,
        /// Whether it can format its output.
        pub formatted_output: Option<bool>,
    }
}

lossless_struct! {
    /// `GET /v1/models` (also per project): speech-to-text and text-to-speech models.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ModelCatalog {
        /// Speech-to-text models.
        pub stt: Vec<CatalogModel> [always],
        /// Text-to-speech voices.
        pub tts: Vec<CatalogModel> [always],
    }
}
