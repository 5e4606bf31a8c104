//! Word error rate, the usual measure of a transcript against a reference.

/// The words of `text`, lower case, without punctuation (apostrophes inside words stay).
pub fn normalize(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '\'')
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// (substitutions + deletions + insertions) / reference words, after [`normalize`].
pub fn wer(reference: &str, hypothesis: &str) -> f64 {
    let reference = normalize(reference);
    let hypothesis = normalize(hypothesis);
    // Edit distance over words, one row at a time.
    let mut previous: Vec<usize> = (0..=hypothesis.len()).collect();
    for (i, expected) in reference.iter().enumerate() {
        let mut row = vec![i + 1; hypothesis.len() + 1];
        for (j, heard) in hypothesis.iter().enumerate() {
            let substitution = previous[j] + usize::from(expected != heard);
            row[j + 1] = substitution.min(previous[j + 1] + 1).min(row[j] + 1);
        }
        previous = row;
    }
    previous[hypothesis.len()] as f64 / reference.len().max(1) as f64
}

#[test]
fn wer_counts_substitutions_deletions_and_insertions() {
    assert_eq!(wer("We, the People.", "we the people"), 0.0);
    assert_eq!(wer("a b c d", "a x c d"), 0.25);
    assert_eq!(wer("a b c d", "a c d"), 0.25);
    assert_eq!(wer("a b c d", "a b c d e f"), 0.5);
    assert_eq!(wer("I'll go", "ill go"), 0.5);
}
