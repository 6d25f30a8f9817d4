//! Extractive summaries: TextRank over an article's sentences.
//!
//! Sentences are graph nodes; edge weights are the TextRank word-overlap
//! similarity (shared content words divided by `ln|a| + ln|b|`). PageRank
//! (damping 0.85) runs with a teleport vector that favours sentences holding
//! coded events, so a summary tends to keep the sentences the events came from.
//! The top sentences are returned in their original order.

use std::collections::HashSet;

/// Sentences in a summary.
pub const SUMMARY_SENTENCES: usize = 3;
/// Teleport weight of a sentence with a coded event, relative to 1 for others.
const EVENT_BOOST: f64 = 3.0;
const DAMPING: f64 = 0.85;
const ITERATIONS: usize = 40;
/// Sentences ranked: the first ones of an article. The similarity graph is
/// quadratic in its size, so an article of thousands of sentences (a dump, a
/// list) would cost gigabytes and minutes; news puts what matters first.
pub const MAX_RANKED: usize = 300;

const STOPWORDS: &[&str] = &[
    "the", "and", "for", "that", "with", "was", "were", "are", "has", "have", "had", "its", "his",
    "her", "their", "this", "these", "those", "from", "but", "not", "said", "says", "will",
    "would", "been", "which", "who", "whom", "they", "them", "there", "than", "then", "into",
    "about", "after", "before", "also", "over", "such", "can", "could", "may", "might", "our",
    "you", "your", "all", "any", "more", "most", "other", "some", "one", "two", "out", "what",
    "when", "where", "while", "how", "she", "him", "did", "does", "being", "both", "each", "own",
    "same", "very", "just", "should", "shall", "here", "upon", "between", "under", "again",
];

fn content_words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

/// Indexes of the summary sentences, ascending. `has_event[i]` marks sentences
/// with coded events.
pub fn textrank(sentences: &[String], has_event: &[bool], k: usize) -> Vec<usize> {
    let sentences = &sentences[..sentences.len().min(MAX_RANKED)];
    let n = sentences.len();
    if n <= k {
        return (0..n).collect();
    }
    let words: Vec<HashSet<String>> = sentences.iter().map(|s| content_words(s)).collect();
    let mut w = vec![vec![0.0f64; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (words[i].len(), words[j].len());
            if a < 2 || b < 2 {
                continue;
            }
            let shared = words[i].intersection(&words[j]).count();
            if shared > 0 {
                let sim = shared as f64 / ((a as f64).ln() + (b as f64).ln());
                w[i][j] = sim;
                w[j][i] = sim;
            }
        }
    }
    let out_sum: Vec<f64> = w.iter().map(|row| row.iter().sum()).collect();
    let teleport: Vec<f64> = {
        let raw: Vec<f64> = (0..n)
            .map(|i| {
                if has_event.get(i).copied().unwrap_or(false) {
                    EVENT_BOOST
                } else {
                    1.0
                }
            })
            .collect();
        let total: f64 = raw.iter().sum();
        raw.iter().map(|x| x / total).collect()
    };
    let mut score = teleport.clone();
    for _ in 0..ITERATIONS {
        let mut next: Vec<f64> = teleport.iter().map(|t| (1.0 - DAMPING) * t).collect();
        // Mass of sentences with no similar neighbour goes back to the teleport
        // vector, so scores stay a distribution.
        let dangling: f64 = (0..n)
            .filter(|&j| out_sum[j] == 0.0)
            .map(|j| score[j])
            .sum();
        for i in 0..n {
            let mut s = 0.0;
            for j in 0..n {
                if w[j][i] > 0.0 {
                    s += w[j][i] / out_sum[j] * score[j];
                }
            }
            next[i] += DAMPING * (s + dangling * teleport[i]);
        }
        score = next;
    }
    let mut order: Vec<usize> = (0..n).collect();
    // Ties go to the earlier sentence: lead sentences carry the news.
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let mut top: Vec<usize> = order.into_iter().take(k).collect();
    top.sort_unstable();
    top
}

/// The summary text: the top sentences joined in original order.
pub fn summarize(sentences: &[String], has_event: &[bool]) -> String {
    textrank(sentences, has_event, SUMMARY_SENTENCES)
        .into_iter()
        .map(|i| sentences[i].as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: a huge article is ranked on its first sentences only (the
    /// graph is quadratic in its size).
    #[test]
    fn only_the_first_sentences_are_ranked() {
        let s: Vec<String> = (0..5_000)
            .map(|i| format!("Russia attacked Ukraine near town number {i}."))
            .collect();
        let has = vec![false; s.len()];
        let top = textrank(&s, &has, SUMMARY_SENTENCES);
        assert_eq!(top.len(), SUMMARY_SENTENCES);
        assert!(top.iter().all(|&i| i < MAX_RANKED), "{top:?}");
    }

    #[test]
    fn picks_central_and_event_sentences_in_order() {
        let s: Vec<String> = [
            "Japan and Russia held talks on a peace treaty in Moscow.",
            "The weather in Moscow was cold.",
            "Abe said the peace treaty talks with Russia made progress.",
            "Officials from Japan and Russia will meet again on the treaty.",
            "A football match was postponed.",
            "Putin praised Japan.",
        ]
        .iter()
        .map(|x| x.to_string())
        .collect();
        let ev = [false, false, false, false, false, true];
        let top = textrank(&s, &ev, 3);
        assert_eq!(top.len(), 3);
        assert!(top.windows(2).all(|w| w[0] < w[1]));
        assert!(top.contains(&0) && !top.contains(&1) && !top.contains(&4));
        assert_eq!(textrank(&s[..2], &ev[..2], 3), vec![0, 1]);
    }
}
