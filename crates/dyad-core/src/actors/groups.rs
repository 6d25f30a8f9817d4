//! Coordinated actors as one group ("Japan and South Korea", "Cyprus, Greece
//! and Israel") and compound dyads ("U.S.-Russian relations").

use super::Context;
use crate::document::{ActorMention, MentionKind, Token};

impl Context<'_> {
    /// Marks coordinated mentions ("Japan and South Korea", "Cyprus, Greece and Israel") as one group.
    pub(super) fn groups(&mut self, toks: &[Token], out: &mut [ActorMention]) {
        let mut k = 0;
        while k < out.len() {
            if out[k].group.is_some() || out[k].attached {
                k += 1;
                continue;
            }
            let mut j = k;
            while j + 1 < out.len() {
                let gap: Vec<&str> = (out[j].end..out[j + 1].start)
                    .map(|t| toks[t].lower.as_str())
                    .collect();
                let ok = matches!(
                    gap.as_slice(),
                    ["and"]
                        | [","]
                        | [",", "and"]
                        | ["&"]
                        | ["and", "the"]
                        | [",", "the"]
                        | [",", "and", "the"]
                        // Compound dyads: "U.S.-Russian relations", "the Japan-China summit".
                        | ["-"]
                        | ["–"]
                );
                if !ok || out[j + 1].attached {
                    break;
                }
                j += 1;
            }
            if j > k {
                let g = self.next_group;
                self.next_group += 1;
                // "Indian and Chinese troops": bare demonyms share the last member's role.
                let (last_role, last_head) = (out[j].role.clone(), out[j].head.clone());
                for m in &mut out[k..=j] {
                    m.group = Some(g);
                    if m.kind == MentionKind::Demonym && m.role.is_empty() && !last_role.is_empty()
                    {
                        m.role = last_role.clone();
                        m.code = format!("{}{}", m.country, last_role);
                        m.head = last_head.clone();
                    }
                }
            }
            k = j + 1;
        }
    }
}
