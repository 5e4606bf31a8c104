//! Whisper's timed pieces made into Deepgram's words: punctuation and word endings (`,`,
//! `'t`, `-known`) joined to the word before them, non-speech annotations (`[MUSIC]`,
//! `(laughs)`) dropped.

/// A stretch of text Whisper timed: usually a word, sometimes only punctuation or the end of
/// a word. Times are in seconds.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Piece {
    pub(crate) text: String,
    pub(crate) start: f64,
    pub(crate) end: f64,
    pub(crate) probability: f64,
}

/// A word of the answer. Times are in seconds from the start of the audio.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    /// As written, with case and punctuation: Deepgram's `punctuated_word`.
    pub(crate) punctuated: String,
    pub(crate) start: f64,
    pub(crate) end: f64,
    pub(crate) confidence: f64,
}

impl Word {
    /// Deepgram's `word`: lower case, without the punctuation around it.
    pub(crate) fn plain(&self) -> String {
        self.punctuated
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    }

    /// Whether the word ends a sentence (`.`, `?` or `!`, maybe inside quotes).
    pub(crate) fn ends_sentence(&self) -> bool {
        self.punctuated
            .trim_end_matches(['"', '\'', ')', ']', '”', '’'])
            .ends_with(['.', '?', '!'])
    }
}

/// Characters that open what follows them rather than close what precedes them.
const OPENING: &[char] = &['(', '[', '{', '$', '#', '£', '€', '¿', '¡', '“', '‘'];

/// Whether a piece continues the word before it rather than starting one.
fn continues(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return true;
    };
    match first {
        c if c.is_alphanumeric() => false,
        // Contractions and possessives: `'t`, `'s`, `'re`.
        '\'' => true,
        // A closing quote has nothing after it; an opening one starts a word.
        '"' => !text[1..].chars().any(char::is_alphanumeric),
        c => !OPENING.contains(&c),
    }
}

/// Joins `pieces` into words, in order.
pub(crate) fn words(pieces: impl IntoIterator<Item = Piece>) -> Vec<Word> {
    let mut joined: Vec<(Word, usize)> = Vec::new();
    for piece in pieces {
        match joined.last_mut() {
            Some((word, count)) if continues(&piece.text) => {
                word.punctuated.push_str(&piece.text);
                word.end = word.end.max(piece.end);
                word.confidence += piece.probability;
                *count += 1;
            }
            _ => joined.push((
                Word {
                    punctuated: piece.text,
                    start: piece.start,
                    end: piece.end.max(piece.start),
                    confidence: piece.probability,
                },
                1,
            )),
        }
    }
    let mut in_annotation = false;
    joined
        .into_iter()
        .filter_map(|(mut word, count)| {
            let text = word.punctuated.as_str();
            if in_annotation || text.starts_with(['[', '(']) {
                in_annotation = !text.contains([']', ')']);
                return None;
            }
            if !text.chars().any(char::is_alphanumeric) {
                return None;
            }
            word.confidence /= count as f64;
            Some(word)
        })
        .collect()
}

/// Pulls in words that last over twice as long as the median word (itself counted as at most
/// 0.7 s): the alignment tends to stretch a word over the pause next to it. A word that ends
/// a sentence loses its tail; a word after punctuation or at the start loses its head.
pub(crate) fn tighten(words: &mut [Word]) {
    let mut durations: Vec<f64> = words
        .iter()
        .map(|w| w.end - w.start)
        .filter(|&d| d > 0.0)
        .collect();
    if durations.is_empty() {
        return;
    }
    durations.sort_by(f64::total_cmp);
    let longest = 2.0 * durations[durations.len() / 2].min(MEDIAN_CAP);
    for i in 0..words.len() {
        if words[i].end - words[i].start <= longest {
            continue;
        }
        if words[i].ends_sentence() {
            words[i].end = words[i].start + longest;
        } else if i == 0
            || words[i - 1]
                .punctuated
                .ends_with(|c: char| c.is_ascii_punctuation())
        {
            words[i].start = words[i].end - longest;
        }
    }
}

/// The median word duration (seconds) [`tighten`] assumes at most.
const MEDIAN_CAP: f64 = 0.7;

/// A word shorter than this (one encoder frame, in seconds) got no audio of its own.
const UNTIMED: f64 = 0.02;

/// This many untimed words in a row are text the audio does not hold.
const UNTIMED_RUN: usize = 4;

/// Drops runs of words the alignment found no audio for. Whisper sometimes goes on with text
/// it has memorized (a famous speech it recognizes, a phrase it just heard): the alignment
/// then squeezes all of it into one instant. One or two untimed words are ordinary (a short
/// word said fast); a run of them is not.
pub(crate) fn drop_untimed_runs(words: &mut Vec<Word>) {
    let untimed = |w: &Word| w.end - w.start < UNTIMED;
    let dropped: Vec<bool> = words
        .chunk_by(|a, b| untimed(a) == untimed(b))
        .flat_map(|run| {
            let drop = untimed(&run[0]) && run.len() >= UNTIMED_RUN;
            std::iter::repeat_n(drop, run.len())
        })
        .collect();
    let mut dropped = dropped.into_iter();
    words.retain(|_| !dropped.next().unwrap_or(false));
}

/// `word`, heard in a window `length` seconds long that starts `offset` seconds into the
/// stream, timed from the start of the stream: kept inside its window, and after `floor` (the
/// end of the word before it, which it moves on), so that the words of successive windows
/// stay in order.
pub(crate) fn place(mut word: Word, offset: f64, length: f64, floor: &mut f64) -> Word {
    word.start = (word.start.min(length) + offset).max(*floor);
    word.end = (word.end.min(length) + offset).max(word.start);
    *floor = word.end;
    word
}

/// A word for tests: its text and times, with full confidence.
#[cfg(test)]
pub(crate) fn word(text: &str, start: f64, end: f64) -> Word {
    Word {
        punctuated: text.into(),
        start,
        end,
        confidence: 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(texts: &[&str]) -> Vec<Piece> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| Piece {
                text: (*text).to_owned(),
                start: i as f64,
                end: i as f64 + 0.5,
                probability: if i % 2 == 0 { 0.9 } else { 0.5 },
            })
            .collect()
    }

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.punctuated.as_str()).collect()
    }

    #[test]
    fn punctuation_and_word_endings_join_the_word_before() {
        let words = words(pieces(&[
            "Yep", ".", "You", "don", "'t", "stop", ",", "well", "-known", "1", ",000", "\"Hi",
            "\"",
        ]));
        assert_eq!(
            texts(&words),
            [
                "Yep.",
                "You",
                "don't",
                "stop,",
                "well-known",
                "1,000",
                "\"Hi\""
            ]
        );
        let dont = &words[2];
        assert_eq!((dont.start, dont.end), (3.0, 4.5));
        assert!((dont.confidence - 0.7).abs() < 1e-9);
        assert_eq!(dont.plain(), "don't");
        assert_eq!(words[0].plain(), "yep");
        assert_eq!(words[6].plain(), "hi");
    }

    #[test]
    fn annotations_and_lone_punctuation_are_not_words() {
        let words = words(pieces(&["[MUSIC]", "So", "(upbeat", "music)", "-", "yes"]));
        assert_eq!(texts(&words), ["So", "yes"]);
        let words = super::words(pieces(&["...", "(laughs)", "Okay", "?"]));
        assert_eq!(texts(&words), ["Okay?"]);
    }

    #[test]
    fn words_stretched_over_a_pause_are_pulled_in() {
        let mut words = vec![
            word("Well", 0.0, 3.0),
            word("I", 3.0, 3.2),
            word("said", 3.2, 3.5),
            word("so.", 3.5, 6.0),
            word("Then", 6.0, 9.0),
            word("again", 9.0, 9.3),
            word("slowly", 9.3, 12.0),
        ];
        tighten(&mut words);
        let times: Vec<(f64, f64)> = words.iter().map(|w| (w.start, w.end)).collect();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        // The median (2.5 s) counts as 0.7 s: nothing lasts over 1.4 s at a sentence edge.
        assert!(
            close(times[0].0, 1.6) && close(times[0].1, 3.0),
            "{times:?}"
        );
        assert!(
            close(times[3].0, 3.5) && close(times[3].1, 4.9),
            "{times:?}"
        );
        assert!(
            close(times[4].0, 7.6) && close(times[4].1, 9.0),
            "{times:?}"
        );
        // Inside a sentence a long word is left alone.
        assert_eq!(times[6], (9.3, 12.0));
    }

    #[test]
    fn a_run_of_words_squeezed_into_one_instant_is_dropped() {
        let mut words = vec![
            word("of", 1.0, 1.2),
            word("America.", 1.2, 1.6),
            word("We,", 1.6, 1.6),
            word("the", 1.6, 1.6),
            word("people", 1.6, 1.61),
            word("of", 1.61, 1.61),
            word("America.", 1.61, 2.0),
            word("We", 3.0, 3.0),
            word("the", 3.0, 3.01),
            word("people", 3.01, 3.01),
            word("said", 3.01, 3.4),
        ];
        drop_untimed_runs(&mut words);
        // Four untimed words in a row go; three (a fast "we the people") stay.
        assert_eq!(
            texts(&words),
            ["of", "America.", "America.", "We", "the", "people", "said"]
        );
        let mut untimed_to_the_end = vec![word("a", 0.0, 0.5)];
        untimed_to_the_end.extend((0..5).map(|_| word("x", 0.5, 0.5)));
        drop_untimed_runs(&mut untimed_to_the_end);
        assert_eq!(texts(&untimed_to_the_end), ["a"]);
    }

    #[test]
    fn sentence_ends_are_seen_through_closing_quotes() {
        let word = |text: &str| word(text, 0.0, 0.0);
        assert!(word("it.").ends_sentence());
        assert!(word("go?\"").ends_sentence());
        assert!(!word("U.S").ends_sentence());
        assert!(!word("well,").ends_sentence());
    }
}
