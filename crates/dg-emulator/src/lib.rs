//! A Deepgram-compatible HTTP server (work in progress).
