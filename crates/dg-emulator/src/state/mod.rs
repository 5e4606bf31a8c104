//! What the emulator keeps between requests: the project, its members and key hashes (in
//! memory or persisted in a data directory), timestamps, the counters behind [`Stats`],
//! queued faults, the library of recorded Deepgram answers, and the requests made (usage).
//!
//! [`Stats`]: crate::Stats

pub(crate) mod clock;
pub(crate) mod faults;
pub(crate) mod recordings;
pub(crate) mod seed;
pub(crate) mod stats;
pub(crate) mod store;
pub(crate) mod usage;
