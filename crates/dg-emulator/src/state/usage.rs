//! The requests each project made (every `/v1/listen` request, pre-recorded or live), kept
//! for the usage endpoints, and the credit that usage drew from each project's balances.
//!
//! - **Bounded**: at most [`DEFAULT_MAX_RECORDED_REQUESTS`] requests are kept (all projects
//!   together; [`EmulatorConfig::max_recorded_requests`](crate::EmulatorConfig) sets
//!   another cap); when a new one would pass the cap the oldest is dropped. What was spent
//!   stays spent: balances are a running total, not recomputed from the kept requests.
//! - **Priced** at [`USD_PER_AUDIO_HOUR`] for every model, live or pre-recorded, on the
//!   audio's duration (not multiplied by its channels): a simple, documented rate, not
//!   Deepgram's price list.
//! - **Persisted** like the keys: with a data directory, in `usage.json` beside
//!   `state.json` (mode 0600), rewritten atomically on every recorded request, so a
//!   restart keeps the requests and the balances. A request whose record cannot be saved
//!   is left out (its answer is unaffected), so what is listed is what a restart keeps.

use std::collections::{BTreeMap, VecDeque};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::state::clock::Timestamp;
use crate::state::store::{Balance, StoreError, create_private_dir, write_atomically};

/// The name of the usage file inside the data directory.
pub(crate) const USAGE_FILE: &str = "usage.json";
const USAGE_VERSION: u32 = 1;

/// How many requests are kept by default, all projects together: plenty for a test suite's
/// listings, and few enough that a process running thousands of requests through an
/// emulator (dg-core's load test measures its heap per request) reaches its steady size
/// within the first thousand.
pub const DEFAULT_MAX_RECORDED_REQUESTS: usize = 1_000;

/// What an hour of audio costs, in US dollars ($0.0043 a minute).
pub(crate) const USD_PER_AUDIO_HOUR: f64 = 0.258;

/// A model a request used, as its answer's `metadata.model_info` named it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ModelUse {
    pub(crate) uuid: String,
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) arch: String,
}

/// How a request was made: the `method` of the usage endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Method {
    /// Pre-recorded, answered in the response.
    Sync,
    /// Pre-recorded with a callback.
    Async,
    /// Live (`/v1/listen` or `/v2/listen` upgraded).
    Streaming,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Sync => "sync",
            Method::Async => "async",
            Method::Streaming => "streaming",
        }
    }
}

/// One request, as the usage endpoints list it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct RequestRecord {
    pub(crate) request_id: Uuid,
    pub(crate) project_id: Uuid,
    /// The key that made it (for a temporary token, the key that minted the token).
    pub(crate) api_key_id: Uuid,
    pub(crate) created: Timestamp,
    /// `/v1/listen` or `/v2/listen`.
    pub(crate) path: String,
    pub(crate) method: Method,
    /// The HTTP status answered (101 for a live stream).
    pub(crate) code: u16,
    /// Seconds of audio.
    pub(crate) duration: f64,
    pub(crate) channels: u32,
    pub(crate) models: Vec<ModelUse>,
    /// The key's tags, then the request's own `tag` values.
    pub(crate) tags: Vec<String>,
    /// The options the request used that the usage endpoints filter on (`diarize`, …).
    pub(crate) features: Vec<String>,
    pub(crate) callback: Option<String>,
    /// What it cost, in US dollars.
    pub(crate) usd: f64,
}

impl RequestRecord {
    /// Whether it succeeded, as the `status` filter counts: a code below 300.
    pub(crate) fn succeeded(&self) -> bool {
        self.code < 300
    }

    /// The price of `duration` seconds of audio.
    pub(crate) fn price(duration: f64) -> f64 {
        duration / 3600.0 * USD_PER_AUDIO_HOUR
    }
}

#[derive(Default, Serialize, Deserialize)]
struct Book {
    version: u32,
    /// Oldest first.
    requests: VecDeque<RequestRecord>,
    /// US dollars spent by each project since it was made.
    spent: BTreeMap<Uuid, f64>,
}

/// Every project's recorded requests and spending.
pub(crate) struct Ledger {
    book: Mutex<Book>,
    file: Option<PathBuf>,
    cap: usize,
}

impl Ledger {
    /// The ledger in `data_dir` (empty when it has none yet), or an in-memory one.
    pub(crate) fn open(data_dir: Option<&Path>, cap: usize) -> Result<Ledger, StoreError> {
        let mut book = Book {
            version: USAGE_VERSION,
            ..Book::default()
        };
        let file = data_dir.map(|dir| dir.join(USAGE_FILE));
        if let (Some(dir), Some(file)) = (data_dir, &file) {
            create_private_dir(dir).map_err(|source| StoreError::Write {
                path: dir.to_owned(),
                source,
            })?;
            match fs::read(file) {
                Ok(bytes) => {
                    book =
                        serde_json::from_slice(&bytes).map_err(|source| StoreError::Corrupt {
                            path: file.clone(),
                            source,
                        })?;
                    if book.version != USAGE_VERSION {
                        return Err(StoreError::Version {
                            path: file.clone(),
                            found: book.version,
                        });
                    }
                }
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(source) => {
                    return Err(StoreError::Read {
                        path: file.clone(),
                        source,
                    });
                }
            }
        }
        let cap = cap.max(1);
        while book.requests.len() > cap {
            book.requests.pop_front();
        }
        Ok(Ledger {
            book: Mutex::new(book),
            file,
            cap,
        })
    }

    /// Records a request and draws its price from its project's credit; returns whether it
    /// was kept (with a data directory: saved).
    pub(crate) fn record(&self, record: RequestRecord) -> bool {
        let mut book = self.book.lock().unwrap_or_else(PoisonError::into_inner);
        let (project, usd) = (record.project_id, record.usd);
        book.requests.push_back(record);
        let dropped = if book.requests.len() > self.cap {
            book.requests.pop_front()
        } else {
            None
        };
        *book.spent.entry(project).or_default() += usd;
        let Some(file) = &self.file else {
            return true;
        };
        let bytes = serde_json::to_vec(&*book).expect("the usage always serializes");
        if write_atomically(file, &bytes).is_ok() {
            return true;
        }
        // Undone, so that nothing is listed that a restart would lose.
        book.requests.pop_back();
        if let Some(oldest) = dropped {
            book.requests.push_front(oldest);
        }
        *book.spent.entry(project).or_default() -= usd;
        false
    }

    /// `f` of the recorded requests, oldest first.
    pub(crate) fn read<R>(&self, f: impl FnOnce(&VecDeque<RequestRecord>) -> R) -> R {
        f(&self
            .book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .requests)
    }

    /// What is left of each balance (in order) once `project_id`'s spending is drawn from
    /// them, first balance first; the last one goes negative when all are used up.
    pub(crate) fn remaining(&self, project_id: Uuid, balances: &[Balance]) -> Vec<f64> {
        let mut spent = self
            .book
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .spent
            .get(&project_id)
            .copied()
            .unwrap_or(0.0);
        let last = balances.len().saturating_sub(1);
        balances
            .iter()
            .enumerate()
            .map(|(index, balance)| {
                let drawn = if index == last {
                    spent
                } else {
                    spent.min(balance.amount.max(0.0))
                };
                spent -= drawn;
                // To a hundredth of a cent: float sums would otherwise show noise.
                ((balance.amount - drawn) * 10_000.0).round() / 10_000.0
            })
            .collect()
    }

    /// Drops a deleted project's requests and spending (saved with the next request).
    pub(crate) fn forget_project(&self, project_id: Uuid) {
        let mut book = self.book.lock().unwrap_or_else(PoisonError::into_inner);
        book.requests.retain(|r| r.project_id != project_id);
        book.spent.remove(&project_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(project_id: Uuid, duration: f64) -> RequestRecord {
        RequestRecord {
            request_id: Uuid::new_v4(),
            project_id,
            api_key_id: Uuid::new_v4(),
            created: Timestamp::now(),
            path: "/v1/listen".into(),
            method: Method::Sync,
            code: 200,
            duration,
            channels: 1,
            models: Vec::new(),
            tags: Vec::new(),
            features: Vec::new(),
            callback: None,
            usd: RequestRecord::price(duration),
        }
    }

    #[test]
    fn the_oldest_requests_go_past_the_cap_but_their_cost_stays_spent() {
        let ledger = Ledger::open(None, 3).unwrap();
        let project = Uuid::new_v4();
        let records: Vec<_> = (0..5).map(|_| record(project, 3600.0)).collect();
        for r in &records {
            assert!(ledger.record(r.clone()));
        }
        let kept = ledger.read(|rs| rs.iter().map(|r| r.request_id).collect::<Vec<_>>());
        let newest: Vec<_> = records[2..].iter().map(|r| r.request_id).collect();
        assert_eq!(kept, newest);
        let left = ledger.remaining(project, &[Balance::new(1.0), Balance::new(10.0)]);
        // 5 hours spent: the first balance is used up, the rest comes off the last.
        assert_eq!(left, [0.0, 9.71]);
    }

    #[test]
    fn requests_and_spending_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let project = Uuid::new_v4();
        let ledger = Ledger::open(Some(dir.path()), 10).unwrap();
        let r = record(project, 60.0);
        assert!(ledger.record(r.clone()));
        let reopened = Ledger::open(Some(dir.path()), 10).unwrap();
        assert_eq!(
            reopened.read(|rs| rs.iter().map(|r| r.request_id).collect::<Vec<_>>()),
            [r.request_id]
        );
        assert_eq!(
            reopened.remaining(project, &[Balance::new(1.0)]),
            ledger.remaining(project, &[Balance::new(1.0)])
        );
    }

    #[test]
    fn a_request_that_cannot_be_saved_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::open(Some(dir.path()), 10).unwrap();
        // A directory where the file should be makes the rename fail.
        fs::create_dir(dir.path().join(USAGE_FILE)).unwrap();
        let project = Uuid::new_v4();
        assert!(!ledger.record(record(project, 60.0)));
        assert_eq!(ledger.read(VecDeque::len), 0);
        assert_eq!(ledger.remaining(project, &[Balance::new(1.0)]), [1.0]);
    }
}
