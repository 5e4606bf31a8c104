//! What the commands print on stdout: plain text for people, or the API's answer as JSON
//! (`--json`) for scripts. Writers are passed in so the formats can be tested.

use std::io::{self, Write};

use dg_core::models::{CreatedKey, KeyWithMember, ListenResponse, Project};
use serde::Serialize;

use crate::exit::CliError;

/// Runs `print` on a locked stdout and flushes it.
pub fn to_stdout(print: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    print(&mut out)
        .and_then(|()| out.flush())
        .map_err(CliError::Stdout)
}

/// `value` as indented JSON and a newline.
pub fn json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// The best transcript of each channel on its own line, then the summary when there is one.
/// A request with a `callback` gets only a request id: that is printed instead.
pub fn transcript(out: &mut dyn Write, response: &ListenResponse) -> io::Result<()> {
    let results = &response.results;
    if results.channels.is_empty() {
        let id = response.request_id().unwrap_or("unknown");
        return writeln!(
            out,
            "The result will be sent to the callback (request id {id})."
        );
    }
    for channel in &results.channels {
        let text = channel
            .alternatives
            .first()
            .map_or("", |a| a.transcript.as_str());
        writeln!(out, "{text}")?;
    }
    if let Some(summary) = results.summary.as_ref().and_then(|s| s.short.as_deref()) {
        writeln!(out, "\nSummary: {summary}")?;
    }
    Ok(())
}

/// The warnings Deepgram attached to a response (an ignored option, ...), one per line.
pub fn warnings(out: &mut dyn Write, response: &ListenResponse) -> io::Result<()> {
    for warning in &response.metadata.warnings {
        let message = warning.message.as_deref().unwrap_or("(no message)");
        match &warning.parameter {
            Some(parameter) => writeln!(out, "warning: {parameter}: {message}")?,
            None => writeln!(out, "warning: {message}")?,
        }
    }
    Ok(())
}

/// One project per line: its id, then its name.
pub fn projects(out: &mut dyn Write, projects: &[Project]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = projects
        .iter()
        .map(|p| vec![p.project_id.clone(), p.name.clone()])
        .collect();
    table(out, &["PROJECT ID", "NAME"], &rows)
}

/// One key per line (never a secret: listed keys have none).
pub fn key_list(out: &mut dyn Write, keys: &[KeyWithMember]) -> io::Result<()> {
    let rows: Vec<Vec<String>> = keys
        .iter()
        .map(|k| {
            let key = &k.api_key;
            vec![
                key.api_key_id.clone(),
                key.comment.clone().unwrap_or_default(),
                key.scopes.join(","),
                key.created.clone().unwrap_or_default(),
                expiry(key.expiration_date.as_deref()),
                k.member.email.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(
        out,
        &[
            "KEY ID", "COMMENT", "SCOPES", "CREATED", "EXPIRES", "MEMBER",
        ],
        &rows,
    )
}

/// One key as `field  value` lines.
pub fn key(out: &mut dyn Write, key: &KeyWithMember) -> io::Result<()> {
    let k = &key.api_key;
    let member = &key.member;
    fields(
        out,
        &[
            ("api_key_id", k.api_key_id.clone()),
            ("comment", k.comment.clone().unwrap_or_default()),
            ("scopes", k.scopes.join(", ")),
            ("tags", k.tags.join(", ")),
            ("created", k.created.clone().unwrap_or_default()),
            ("expires", expiry(k.expiration_date.as_deref())),
            (
                "member",
                format!(
                    "{} ({})",
                    member.email.as_deref().unwrap_or("-"),
                    member.member_id
                ),
            ),
        ],
    )
}

/// A new key as `field  value` lines, its secret last: the one place dg prints a key.
pub fn created_key(out: &mut dyn Write, key: &CreatedKey) -> io::Result<()> {
    fields(
        out,
        &[
            ("api_key_id", key.api_key_id.clone()),
            ("comment", key.comment.clone().unwrap_or_default()),
            ("scopes", key.scopes.join(", ")),
            ("tags", key.tags.join(", ")),
            ("expires", expiry(key.expiration_date.as_deref())),
            ("key", key.key.expose().to_owned()),
        ],
    )
}

fn expiry(date: Option<&str>) -> String {
    date.unwrap_or("never").to_owned()
}

/// `label  value` lines with the values aligned; empty values are left out.
fn fields(out: &mut dyn Write, fields: &[(&str, String)]) -> io::Result<()> {
    let width = fields
        .iter()
        .map(|(label, _)| label.len())
        .max()
        .unwrap_or(0);
    for (label, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        writeln!(out, "{label:width$}  {value}")?;
    }
    Ok(())
}

/// Rows under a header, columns padded to their widest cell; nothing for no rows.
fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let last = row.len() - 1;
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if i == last {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:w$}  "));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(print: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
        let mut buf = Vec::new();
        print(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    fn response(json: &str) -> ListenResponse {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn one_line_per_channel_then_the_summary() {
        let r = response(
            r#"{"metadata": {"warnings": [{"parameter": "keyterm", "type": "unsupported", "message": "ignored"}]},
                "results": {"channels": [
                    {"alternatives": [{"transcript": "left", "confidence": 1, "words": []},
                                      {"transcript": "other", "confidence": 0.5, "words": []}]},
                    {"alternatives": [{"transcript": "right", "confidence": 1, "words": []}]}],
                "summary": {"result": "success", "short": "Two sides."}}}"#,
        );
        assert_eq!(
            render(|o| transcript(o, &r)),
            "left\nright\n\nSummary: Two sides.\n"
        );
        assert_eq!(render(|o| warnings(o, &r)), "warning: keyterm: ignored\n");
    }

    #[test]
    fn a_callback_answer_prints_its_request_id() {
        let r = response(r#"{"request_id": "abc-123"}"#);
        assert!(render(|o| transcript(o, &r)).contains("abc-123"));
    }

    #[test]
    fn key_lists_align_and_never_hold_secrets() {
        let keys: Vec<KeyWithMember> = serde_json::from_str(
            r#"[{"member": {"member_id": "m1", "email": "a@b.c"},
                 "api_key": {"api_key_id": "k1", "comment": "ci", "scopes": ["member"], "created": "2026-01-01T00:00:00Z"}},
                {"member": {"member_id": "m2", "email": "d@e.f"},
                 "api_key": {"api_key_id": "key-2", "comment": "long comment", "scopes": ["usage:write", "keys:read"],
                             "created": "2026-01-02T00:00:00Z", "expiration_date": "2027-01-01T00:00:00Z"}}]"#,
        )
        .unwrap();
        let text = render(|o| key_list(o, &keys));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("KEY ID  COMMENT"), "{text}");
        assert!(
            lines[1].starts_with("k1      ci            member"),
            "{text}"
        );
        assert!(
            lines[2].contains("usage:write,keys:read") && lines[2].ends_with("d@e.f"),
            "{text}"
        );
        assert!(lines[1].contains("never"));
        assert_eq!(render(|o| key_list(o, &[])), "");
    }

    #[test]
    fn a_created_key_shows_its_secret_last() {
        let key: CreatedKey = serde_json::from_str(
            r#"{"api_key_id": "k1", "key": "s3cr3t", "comment": "ci", "scopes": ["member"], "created": "2026-01-01T00:00:00Z"}"#,
        )
        .unwrap();
        let text = render(|o| created_key(o, &key));
        assert_eq!(text.lines().next(), Some("api_key_id  k1"));
        assert_eq!(text.lines().last(), Some("key         s3cr3t"));
        assert!(text.contains("expires     never"));
        assert!(!text.contains("tags"), "empty fields are left out: {text}");
    }
}
