//! Reading an event's sides off the dependency tree.
//!
//! The surface rules of the events stage look left for a subject and right for
//! a target; on their own they cross clause boundaries ("Seoul signed the deal
//! without notifying Tokyo" made Tokyo the deal's partner). With a tree, the
//! subject is the verb's `nsubj` (or a passive's agent), the target its object,
//! and the surface rules only choose among actors in the trigger's own clause
//! (targets) or the clauses it takes its subject from (sources).

use crate::document::{ActorMention, DepTree, MentionKind, PatternMatch, Token};

// Relative pronouns: a relative clause's subject is the noun it modifies.
use crate::grammar::RELATIVE_PRONOUNS as RELATIVE;

use crate::grammar::is_past_form;
use crate::grammar::CONCESSIVE_MARKS;

// Prepositions of a phrase that may say where rather than who.
use crate::grammar::TREE_LOCATIVE as LOCATIVE;

/// Nouns' dependents that name the actor of the event noun itself.
const OWN_ACTOR_RELS: &[&str] = &["nmod:poss", "amod", "compound", "nmod:npmod"];

/// What the tree says about one trigger.
#[derive(Debug, Clone, Default)]
pub(super) struct TreeSides {
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub passive: bool,
    /// The trigger is a verb (else a noun or other word).
    pub verbal: bool,
    /// The trigger is a noun whose actor comes from the clause that governs it
    /// ("Beijing answered *with a ban*").
    pub governed_noun: bool,
    /// The trigger is an encounter noun the clause happened in, and the
    /// clause's subject told, assured or briefed its object there ("Modi told
    /// Xi *on the sidelines of the summit*"): the two met.
    pub encounter: bool,
    /// The source is a subject borrowed from a governing clause other than
    /// through coordination (an adverbial or participle clause's
    /// controller): a weaker reading than the trigger's own subject.
    pub borrowed: bool,
    /// The clause has a subject of its own that names no actor ("*crowds*
    /// burned down its embassy"): the event's source is unknown, and no actor
    /// elsewhere in the sentence stands in for it.
    pub unknown_subject: bool,
    /// What was acted on names no actor: a passive participle's noun ("a
    /// merchant *ship attacked* by Houthi rebels") or an active verb's object
    /// of unnamed people ("detained *three men*"). No actor elsewhere in the
    /// sentence, or in the one before, stands in for it.
    pub unknown_object: bool,
    /// The arcs that chose each side, for `dyad explain` ("nsubj of 'signed'").
    pub source_arc: String,
    pub target_arc: String,
}

pub(super) struct Roles<'a> {
    tree: &'a DepTree,
    toks: &'a [Token],
    actors: &'a [ActorMention],
    usable: &'a [usize],
    /// The head token of each usable mention, by actor index.
    mhead: Vec<usize>,
}

impl<'a> Roles<'a> {
    /// `None` when the tree does not fit the tokens (a parse of other tokens).
    pub fn new(
        tree: &'a DepTree,
        toks: &'a [Token],
        actors: &'a [ActorMention],
        usable: &'a [usize],
    ) -> Option<Roles<'a>> {
        if tree.len() != toks.len() {
            return None;
        }
        let mut mhead = vec![usize::MAX; actors.len()];
        for &i in usable {
            mhead[i] = tree.head_of_span(actors[i].start, actors[i].end);
        }
        Some(Roles {
            tree,
            toks,
            actors,
            usable,
            mhead,
        })
    }

    /// The trigger's head word: the pattern's verb, else the word of the
    /// matched span that the rest hangs from.
    pub fn trigger_head(&self, m: &PatternMatch) -> usize {
        m.head
            .unwrap_or_else(|| self.tree.head_of_span(m.start, m.end.max(m.start + 1)))
    }

    fn verbal(&self, h: usize) -> bool {
        matches!(self.tree.upos[h], "VERB" | "AUX")
    }

    /// A verb of going or arriving somewhere, or a place one is at ("is *in
    /// Canberra*"), whose purpose adverbial ("for talks") its subject joins.
    fn arrival(&self, v: usize) -> bool {
        let t = self.tree;
        let going = self.verbal(v) && crate::grammar::ARRIVAL_VERBS.contains(&self.lower(v));
        going || t.children(v).any(|k| t.base_rel(k) == "cop") && self.case_of(v).is_some()
    }

    /// The usable mention covering token `t` (the longest, if several).
    fn mention_at(&self, t: usize) -> Option<usize> {
        self.usable
            .iter()
            .copied()
            .filter(|&i| self.actors[i].start <= t && t < self.actors[i].end)
            .max_by_key(|&i| self.actors[i].end - self.actors[i].start)
    }

    /// The actor a phrase headed by `t` names: its own mention, else the
    /// nearest one among its dependents, possessors and modifiers first, never
    /// inside a clause of its own ("Japan's foreign minister" → Japan's
    /// minister; "the launch by North Korea" → North Korea).
    pub fn mention_in(&self, t: usize) -> Option<usize> {
        if let Some(i) = self.mention_at(t) {
            return Some(i);
        }
        let mut frontier = vec![t];
        for _ in 0..4 {
            let mut next = Vec::new();
            for &f in &frontier {
                // "a delegation *led by* the foreign minister": whoever leads
                // or sends a group names it.
                if let Some(i) = self
                    .tree
                    .children(f)
                    .filter(|&c| self.tree.base_rel(c) == "acl" && self.leads(c))
                    .find_map(|c| {
                        let a = self.tree.children(c).find(|&k| {
                            self.tree.base_rel(k) == "obl" && self.case_of(k) == Some("by")
                        })?;
                        self.mention_in(a)
                    })
                {
                    return Some(i);
                }
                let mut kids: Vec<usize> = self
                    .tree
                    .children(f)
                    .filter(|&c| !self.tree.is_clause_head(c) && self.tree.base_rel(c) != "conj")
                    .filter(|&c| !self.is_venue(c) && !self.is_topic(c) && !self.is_site(c))
                    .collect();
                kids.sort_by_key(|&c| !OWN_ACTOR_RELS.contains(&self.tree.deprel[c]));
                for c in kids {
                    if let Some(i) = self.mention_at(c) {
                        return Some(i);
                    }
                    next.push(c);
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        None
    }

    /// The mentions coordinated with mention `i` in the tree: the first
    /// conjunct of its noun phrase and that conjunct's `conj` dependents, each
    /// read as the actor it names ("Mordor, the Shire and Bree welcomed").
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        let t = self.tree;
        let Some(&mh) = self.mhead.get(i).filter(|&&h| h != usize::MAX) else {
            return Vec::new();
        };
        let nominal = |k: usize| !matches!(t.upos[k], "VERB" | "AUX");
        let mut first = mh;
        while t.base_rel(first) == "conj" {
            match t.head[first] {
                Some(h) if nominal(h) && nominal(first) => first = h,
                _ => break,
            }
        }
        if first == mh && t.child(mh, &["conj"]).is_none() {
            return Vec::new();
        }
        // "in Singapore in November, *Abe and Putin* agreed": a place in a
        // locative phrase is where, not a member, however the parser
        // coordinated the names after it.
        let venue = first != mh
            && t.children(first)
                .any(|c| t.base_rel(c) == "case" && matches!(self.lower(c), "in" | "at"));
        std::iter::once(first)
            .filter(|_| !venue)
            .chain(
                t.children(first)
                    .filter(|&c| t.base_rel(c) == "conj" && nominal(c)),
            )
            .filter_map(|k| self.mention_in(k))
            .collect()
    }

    /// Whether `c` is what a phrase is about ("remarks *on Taiwan*", "a
    /// dispute *over the islands*"), not one of its actors.
    fn is_topic(&self, c: usize) -> bool {
        self.tree.base_rel(c) == "nmod"
            && matches!(
                self.case_of(c),
                Some("on" | "about" | "over" | "regarding" | "concerning")
            )
    }

    /// Whether `c` is a venue: a city or capital in a locative phrase ("a
    /// deal *in Minsk*", "talks *in Geneva*") names where, not a party. A
    /// country there still counts ("the closure of guest houses in Bree").
    fn is_venue(&self, c: usize) -> bool {
        // Off or near a country is where, never whose ("pirates *off
        // Somalia*").
        if matches!(self.case_of(c), Some("off" | "near")) {
            return true;
        }
        self.case_of(c).is_some_and(|p| LOCATIVE.contains(&p))
            && self.mention_at(c).is_some_and(|i| {
                matches!(
                    self.actors[i].kind,
                    MentionKind::Place | MentionKind::Metonym
                )
            })
    }

    /// Whether `c` is a participle of leading or sending ("led", "headed",
    /// "sent"), unlike one of backing ("Russian-*backed*"), whose agent is not
    /// the group's own.
    fn leads(&self, c: usize) -> bool {
        matches!(
            self.lower(c),
            "led" | "headed" | "commanded" | "sent" | "dispatched" | "chaired"
        )
    }

    /// Whether `c` says where along a territory something is ("pirates *off
    /// the coast* of Somalia", "troops *near the border*"): the country it
    /// names is a place, not whose it is.
    fn is_site(&self, c: usize) -> bool {
        crate::grammar::TERRITORY.contains(&self.lower(c))
            && matches!(
                self.case_of(c),
                Some("off" | "near" | "along" | "across" | "inside" | "outside")
            )
    }

    /// "nsubj of 'signed'": the arc from token `d` to its head.
    fn arc(&self, d: usize) -> String {
        let Some(h) = self.tree.head[d] else {
            return "root".to_string();
        };
        let (rel, word): (&str, &str) = (self.tree.deprel[d], &self.toks[h].text);
        // Printable ASCII with no quote or backslash reads the same quoted
        // by hand as `{:?}` quotes it, without the formatting machinery.
        if !word
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
        {
            return format!("{rel} of {word:?}");
        }
        let mut s = String::with_capacity(rel.len() + word.len() + 6);
        s.push_str(rel);
        s.push_str(" of \"");
        s.push_str(word);
        s.push('"');
        s
    }

    fn lower(&self, t: usize) -> &str {
        self.toks[t].lower.as_str()
    }

    fn case_of(&self, t: usize) -> Option<&str> {
        self.tree
            .children(t)
            .find(|&c| self.tree.base_rel(c) == "case")
            .map(|c| self.lower(c))
    }

    /// Source, target and voice for the trigger headed by `h`.
    pub fn sides(&self, h: usize) -> TreeSides {
        let t = self.tree;
        let mut out = TreeSides::default();
        if !self.verbal(h) {
            return self.noun_sides(h);
        }
        out.verbal = true;
        let c = t.clause_of(h);
        out.passive = t.is_passive(c);
        if out.passive {
            if let Some(a) = t.agent(c, |k| self.lower(k) == "by") {
                out.source = self.mention_in(a);
                out.source_arc = self.arc(a);
                // "attacked *by pirates*": an agent that names no actor is
                // an unknown source, not anyone named elsewhere.
                out.unknown_subject = out.source.is_none()
                    && t.upos[a] == "NOUN"
                    && !self.actors.iter().any(|m| m.start <= a && a < m.end);
            }
            if let Some(s) = t.subject(c) {
                out.target = self.mention_in(s);
                out.target_arc = self.arc(s);
            } else if matches!(t.base_rel(c), "acl" | "xcomp") {
                // (A participle hung on the verb, "rescued the passengers of
                // a ferry *attacked* by", is its object's.)
                let noun = match t.base_rel(c) {
                    "acl" => t.head[c],
                    _ => t.head[c].and_then(|v| t.children(v).find(|&o| t.deprel[o] == "obj")),
                };
                out.unknown_object = noun.is_some_and(|n| {
                    t.upos[n] == "NOUN"
                        && self.mention_in(n).is_none()
                        && !t.children(c).any(|k| {
                            t.base_rel(k) == "obl"
                                && self.mention_in(k).is_some()
                                && t.deprel[k] != "obl:agent"
                        })
                });
            }
            return out;
        }
        match t.subject(c) {
            Some(s) if RELATIVE.contains(&self.lower(s)) && t.base_rel(c) == "acl" => {
                out.source = t.head[c].and_then(|n| self.mention_in(n));
                out.source_arc = format!("{} (relative clause's noun)", self.arc(c));
            }
            // "held up by Turkey, *which accuses* Stockholm": a relative clause
            // the parser hung elsewhere still belongs to the name before its comma.
            Some(s) if self.name_before_relative(s).is_some() => {
                out.source = self.name_before_relative(s);
                out.source_arc = "the name before ', which/who'".to_string();
            }
            Some(s) => {
                out.source = self.mention_in(s);
                out.source_arc = self.arc(s);
                // A descriptive mention ("a spokesman for the PMF" after a
                // name) stands for an actor the surface rules can reach.
                // So does a "he" or "she" whom no one named stands for: a
                // person, not a country named elsewhere in the sentence.
                out.unknown_subject = out.source.is_none()
                    && (matches!(t.upos[s], "NOUN" | "PROPN")
                        || matches!(self.lower(s), "he" | "she"))
                    && !self.actors.iter().any(|a| a.start <= s && s < a.end);
            }
            // A verb hung as a conjunct with a name right before it and no "and"
            // is a misparse of a trailing attribution (", the news agency WFNA
            // *said*"): that name is its subject, not the first clause's.
            None if self.trailing_attribution(c) => {
                out.source = self.mention_in(c - 1);
                out.source_arc = format!(
                    "the name before {:?} (a conjunct without 'and')",
                    self.toks[c].text
                );
                out.unknown_subject = out.source.is_none()
                    && !self.actors.iter().any(|a| a.start < c && c - 1 < a.end);
            }
            // "he said *government proposed*": a noun the parser made the
            // reporting verb's object, right before the reported verb, is
            // that verb's subject.
            None if self.reported_subject(c).is_some() => {
                let s = self.reported_subject(c).unwrap_or(c);
                out.source = self.mention_in(s);
                out.source_arc = format!("{} (subject of the report)", self.arc(s));
                out.unknown_subject = out.source.is_none()
                    && matches!(t.upos[s], "NOUN" | "PROPN")
                    && !self.actors.iter().any(|a| a.start <= s && s < a.end);
            }
            // "... *after Russia annexed* Crimea", parsed as an open complement
            // of the main verb: the name before it is its subject.
            None if t.misparsed_subordinate(self.toks, c).is_some() => {
                let s = t.misparsed_subordinate(self.toks, c).unwrap_or(c);
                out.source = self.mention_in(s);
                out.source_arc = format!(
                    "the name before {:?} (a subordinate clause parsed as xcomp)",
                    self.toks[c].text
                );
            }
            None => {
                out.source = self.borrowed_subject(c);
                // Coordinated verbs share their subject ("condemned ... and
                // promised"); other borrowings are weaker.
                // So does a participle clause its conjunction ties to the
                // verb it modifies ("sought to engage Beijing *while
                // strengthening* ties").
                out.borrowed = t.base_rel(c) != "conj"
                    && self.purpose_of(c).is_none()
                    && self.noun_participle(c).is_none()
                    && !self.marked_participle(c);
                out.source_arc = format!("subject borrowed through {}", self.arc(c));
                // A participle on a noun that names no actor has that noun
                // for its subject ("none of the *missiles landed* in its
                // waters"), not anyone named elsewhere.
                out.unknown_subject = out.source.is_none()
                    && t.base_rel(c) == "acl"
                    // A reduced relative, not "a role *in mediating*".
                    && !t.children(c).any(|k| matches!(t.base_rel(k), "mark" | "case"))
                    && t.head[c].is_some_and(|n| {
                        t.upos[n] == "NOUN"
                            && !self.actors.iter().any(|a| a.start <= n && n < a.end)
                            // A message says what its sender does ("a letter
                            // *proposing* talks").
                            && !crate::grammar::SENT_NOUNS.contains(&self.lower(n))
                    });
            }
        }
        // The first of these that names an actor other than the source, with
        // the arc `dyad explain` shows for it.
        let source = out.source;
        let other = |f: Option<(usize, usize)>| f.filter(|&(_, i)| Some(i) != source);
        let child = |rel: &dyn Fn(usize) -> bool| {
            other(
                t.children(h)
                    .filter(|&k| rel(k))
                    .find_map(|k| self.mention_in(k).map(|i| (k, i))),
            )
        };
        let labelled = |f: Option<(usize, usize)>, why: &str| {
            f.map(|(k, i)| (i, format!("{}{why}", self.arc(k))))
        };
        let has_obj = t.children(h).any(|o| t.deprel[o] == "obj");
        // "received aid *from Japan*", "drew criticism *from Seoul*": what
        // comes to the subject from someone names its giver, not a target.
        let drawing = crate::grammar::DRAWING_VERBS
            .iter()
            .any(|w| self.lower(h).starts_with(w));
        let found = labelled(child(&|k| matches!(t.deprel[k], "obj" | "iobj")), "")
            .filter(|&(i, _)| !drawing || self.case_of(self.mhead[i]) != Some("from"))
            // "demonstrated *against* the government's overhaul": what an
            // act is against is its target.
            .or_else(|| {
                let against = |k| t.base_rel(k) == "obl" && self.case_of(k) == Some("against");
                labelled(child(&against), "")
            })
            // "rejected accusations *by Kyiv*": in an active clause a "by"
            // phrase belongs to the object noun, whose author is the target.
            // So does one after what an act is against or over ("protest
            // *against remarks by* a minister"), however it was hung.
            .or_else(|| {
                let after_against = |k: usize| {
                    t.children(h).any(|a| {
                        a + 1 < k
                            && t.base_rel(a) == "obl"
                            && matches!(self.case_of(a), Some("against" | "over"))
                            && (a + 1..k).all(|j| !matches!(t.upos[j], "PUNCT" | "VERB"))
                    })
                };
                // ("criticising remarks *by* Japan's minister": a "by" right
                // after the object, however it was hung.)
                let after_obj = |k: usize| {
                    t.children(h).any(|o| {
                        t.deprel[o] == "obj"
                            && t.children(k).any(|c| t.base_rel(c) == "case" && c == o + 1)
                    })
                };
                let agent = |k| {
                    has_obj && t.deprel[k] == "obl:agent"
                        || t.base_rel(k) == "obl"
                            && self.case_of(k) == Some("by")
                            && (after_against(k) || after_obj(k))
                };
                labelled(child(&agent), " (the object's author)")
            })
            .or_else(|| {
                labelled(
                    other(self.adverbial_partner(h)),
                    " (partner of the talks or message)",
                )
            })
            .or_else(|| labelled(other(self.aimed_at(h)), " (what the measure targets)"))
            // "arrived *in Gondor*": where one arrives is whom one visits.
            .or_else(|| {
                let arrival =
                    matches!(self.lower(h), "arrive" | "arrives" | "arrived" | "arriving");
                let destination = |k| {
                    arrival
                        && t.base_rel(k) == "obl"
                        && matches!(self.case_of(k), Some("in" | "at"))
                };
                labelled(child(&destination), " (where the subject arrives)")
            })
            // "imports of Japanese seafood, *which it banned*", "the
            // diplomats Moscow expelled": an object relative clause's act
            // falls on the noun it modifies, whose actor is the target (not
            // a place: "the islands, which Russia seized").
            .or_else(|| {
                let relative = |k: usize| RELATIVE.contains(&self.lower(k));
                let object_relative = t.deprel[c] == "acl:relcl"
                    && !t.subject(c).is_some_and(relative)
                    && t.children(h).all(|o| match t.deprel[o] {
                        "obj" => relative(o),
                        // ("talks, *during which* they met": a relative
                        // pronoun in a phrase is not the object.)
                        _ => !relative(o) || t.base_rel(o) == "nsubj",
                    });
                let n = t.head[c].filter(|_| object_relative)?;
                if let Some(i) = self
                    .mention_in(n)
                    .filter(|&i| self.actors[i].kind != MentionKind::Place)
                {
                    return labelled(
                        other(Some((n, i))),
                        " (the noun its relative clause modifies)",
                    );
                }
                // "proposing a ceasefire *that Ukraine rejected*", "demand an
                // agreement, *which Ethiopia has refused to sign*": what is
                // done to a proposal or demand that names no one is done to
                // whoever made it, the subject of the verb it is the object of.
                // ("offered talks, *an idea the US has rejected*": a noun
                // summing up the object after a comma stands for it.)
                // (Not "a decision *it* reversed": a pronoun there is the
                // object's own author taking it back.)
                let summing = |n: usize| {
                    n > 0
                        && t.subject(c).is_none_or(|s| t.upos[s] != "PRON")
                        && self.toks[n - 1].text != ","
                        && (n.saturating_sub(3)..n).any(|j| self.toks[j].text == ",")
                        && matches!(t.base_rel(n), "appos" | "obl")
                        && !t.children(n).any(|k| t.base_rel(k) == "case")
                };
                let verb_of = |n: usize| match t.head[n] {
                    Some(v) if t.deprel[n] == "obj" => Some(v),
                    Some(v) if summing(n) && t.base_rel(n) == "obl" => Some(v),
                    Some(o) if summing(n) && t.deprel[o] == "obj" => t.head[o],
                    _ => None,
                };
                let author =
                    verb_of(n).and_then(|v| t.subject(v).or_else(|| self.borrowed_subject(v)))?;
                let i = self.mention_in(author)?;
                labelled(
                    other(Some((author, i))),
                    " (who made what its relative clause modifies)",
                )
            })
            // "criticised a decision *which Argentina announced*": an object
            // that names no one is the act of whoever its relative clause says
            // did it, and what is done to the act is done to them. Not people
            // named by no actor ("the men whom Russia detained" are no
            // Russians).
            .or_else(|| {
                let relative = |k: usize| RELATIVE.contains(&self.lower(k));
                let o = t.children(h).find(|&o| t.deprel[o] == "obj")?;
                if t.upos[o] != "NOUN"
                    || self.mention_in(o).is_some()
                    || crate::grammar::UNNAMED_PEOPLE.contains(&self.lower(o))
                {
                    return None;
                }
                let r = t.children(o).find(|&k| t.deprel[k] == "acl:relcl")?;
                let s = t.subject(r).filter(|&s| !relative(s))?;
                if t.is_passive(r) || t.children(r).any(|k| t.deprel[k] == "obj" && !relative(k)) {
                    return None;
                }
                let i = self.mention_in(s)?;
                labelled(
                    other(Some((s, i))),
                    " (who did what the object's relative clause tells)",
                )
            });
        // "agreed *to refrain from criticising Japan*": an act agreed to,
        // offered or promised with no one of its own is towards whom its
        // infinitive acts on (two clauses deep at most).
        let intent = super::PLEDGE_FORMS.contains(self.lower(h));
        let found = found.or_else(|| {
            let mut clauses: Vec<usize> = t
                .children(h)
                .filter(|&k| intent && t.deprel[k] == "xcomp")
                .collect();
            for _ in 0..2 {
                for &x in &clauses {
                    let named = t
                        .children(x)
                        .filter(|&k| matches!(t.base_rel(k), "obj" | "iobj"))
                        .find_map(|k| self.mention_in(k).map(|i| (k, i)))
                        .filter(|&(_, i)| self.actors[i].kind != MentionKind::Place);
                    if let Some(f) = other(named) {
                        return labelled(Some(f), " (in the act agreed or offered)");
                    }
                }
                clauses = clauses
                    .iter()
                    .flat_map(|&x| t.children(x))
                    .filter(|&k| matches!(t.base_rel(k), "xcomp" | "advcl"))
                    .collect();
            }
            None
        });
        if let Some((i, arc)) = found {
            out.target = Some(i);
            out.target_arc = arc;
        }
        // "Moldovan police detained *three men*": the ones acted on are
        // unnamed.
        out.unknown_object = out.target.is_none()
            && t.children(h).any(|o| {
                t.deprel[o] == "obj"
                    && crate::grammar::UNNAMED_PEOPLE.contains(&self.lower(o))
                    && self.mention_in(o).is_none()
            });
        out
    }

    /// What a measure is aimed at, in a participle on it: "announced
    /// sanctions on Tuesday, *targeting* Russian banks", "curbs *aimed at*
    /// Chinese firms".
    fn aimed_at(&self, h: usize) -> Option<(usize, usize)> {
        let t = self.tree;
        let words = std::iter::once(h).chain(t.children(h).filter(|&k| t.deprel[k] == "obj"));
        words
            .flat_map(|w| t.children(w))
            // (a participle after a comma is often parsed as a conjunct)
            .filter(|&k| matches!(t.base_rel(k), "advcl" | "acl" | "xcomp" | "conj"))
            .filter(|&k| {
                matches!(
                    self.lower(k),
                    "targeting" | "targetting" | "aimed" | "directed"
                )
            })
            .find_map(|k| {
                t.children(k)
                    .filter(|&o| {
                        t.deprel[o] == "obj"
                            || t.base_rel(o) == "obl" && self.case_of(o) == Some("at")
                    })
                    .find_map(|o| self.mention_in(o).map(|i| (o, i)))
            })
    }

    /// The partner named in an adverbial of talks or a message on the
    /// trigger's clause, or on the clauses it completes: "*In a letter to the
    /// Japanese prime minister*, Putin proposed resuming talks", "agreed to
    /// resume imports *during talks with Japan*".
    fn adverbial_partner(&self, h: usize) -> Option<(usize, usize)> {
        let t = self.tree;
        let mut v = h;
        for _ in 0..3 {
            let found = t
                .children(v)
                .filter(|&k| {
                    t.base_rel(k) == "obl"
                        && matches!(
                            self.case_of(k),
                            Some(
                                "in" | "during" | "after" | "at" | "following" | "before" | "amid"
                            )
                        )
                })
                // A visit's "to" is where one went, not whom one addressed.
                .filter(|&k| {
                    let w = self.lower(k);
                    crate::grammar::ENCOUNTER_NOUNS.contains(&w)
                        && !matches!(w, "visit" | "visits" | "trip")
                })
                .flat_map(|k| t.children(k))
                .filter(|&n| {
                    t.base_rel(n) == "nmod" && matches!(self.case_of(n), Some("with" | "to"))
                })
                .find_map(|n| self.mention_in(n).map(|i| (n, i)));
            if found.is_some() {
                return found;
            }
            match t.head[v] {
                Some(g) if matches!(t.base_rel(v), "xcomp" | "conj") => v = g,
                _ => return None,
            }
        }
        None
    }

    /// The preposition of a clause the trigger heads that an actor warns,
    /// argues or holds another back from ("warned the West *against
    /// supplying* missiles", "barred Japan *from fishing*"), or that another
    /// is accused of ("firms accused *of helping* Russia"), or that is the
    /// topic of talk or a vote ("a referendum *on annexing* Essequibo"): that act is not
    /// asserted; the warning, ban or accusation is the event.
    pub fn averted_by(&self, h: usize) -> Option<&str> {
        let t = self.tree;
        // "accused Yoon of making *concessions* to Tokyo": an event noun that
        // is the object of a verb shares that verb's status.
        let h = match t.head[h] {
            Some(v) if !self.verbal(h) && t.base_rel(h) == "obj" && self.verbal(v) => v,
            _ => h,
        };
        if !self.verbal(h) {
            return None;
        }
        // "accused the US of plotting *to overthrow*": an infinitive inherits
        // the status of the clause it completes. So does one on that clause's
        // object: "accused Moscow of plotting a coup *to topple* her government",
        // and a relative clause there: "of supporting militants *who carry out*
        // attacks".
        let mut c = t.clause_of(h);
        loop {
            let on_object = t.base_rel(c) == "acl"
                && (t.deprel[c] == "acl:relcl" || t.children(c).any(|k| self.lower(k) == "to"))
                && t.head[c].is_some_and(|n| t.base_rel(n) == "obj");
            let up = match t.head[c] {
                Some(g) if t.base_rel(c) == "xcomp" => g,
                Some(n) if on_object => match t.head[n] {
                    Some(g) => g,
                    None => break,
                },
                _ => break,
            };
            c = t.clause_of(up);
        }
        if !matches!(t.base_rel(c), "advcl" | "acl") {
            return None;
        }
        // (The parser may hang "of making" on the accused: "accused *Yoon* of
        // making concessions".)
        let governor = t.head[c].map(|v| match t.head[v] {
            Some(g) if t.base_rel(v) == "obj" && !self.verbal(v) => g,
            _ => v,
        });
        let accusation = governor.is_some_and(|v| {
            let w = self.lower(v);
            ["accus", "suspect", "alleg", "charg", "blam"]
                .iter()
                .any(|p| w.starts_with(p))
        });
        // ("Stopped short of condemning" is not averted but denied: the mode
        // stage reads it as negated.)
        t.children(c)
            .filter(|&k| matches!(t.base_rel(k), "mark" | "case"))
            .map(|k| self.lower(k))
            .find(|w| {
                // ("a referendum *on annexing* the region", "talks *about
                // resuming* flights": a topic, not an act.)
                matches!(*w, "against" | "from" | "on" | "about")
                    || (*w == "of" || *w == "for") && accusation
            })
    }

    /// The object noun of a reporting verb right before `c`, a subjectless
    /// verb reported by it: the parser's misreading of the report's subject.
    fn reported_subject(&self, c: usize) -> Option<usize> {
        let t = self.tree;
        let h = t.head[c]?;
        (t.base_rel(c) == "ccomp" && c > 0 && crate::grammar::REPORTING.contains(&self.lower(h)))
            .then(|| c - 1)
            .filter(|&o| {
                o > h && t.head[o] == Some(h) && t.deprel[o] == "obj" && t.upos[o] == "NOUN"
            })
    }

    /// A subjectless clause's subject: an object-control verb's object
    /// ("allowed inspectors *to visit*"), a participle's noun ("troops
    /// *attacking* the town"), else the governing clause's subject.
    fn borrowed_subject(&self, c: usize) -> Option<usize> {
        let t = self.tree;
        let h = t.head[c]?;
        // "Japan summoned China's ambassador *to protest*": the summoner protests.
        if let Some(v) = self.purpose_of(c) {
            return self.subject_of_clause(v);
        }
        // "Pyongyang on Thursday *fired*": a verb hung on the root name before
        // it is that name's predicate; the parser took the subject for the
        // root (wire style puts the day between them).
        if t.head[h].is_none()
            && h < c
            && c - h <= 4
            && (h + 1..c).all(|k| !matches!(t.upos[k], "PUNCT" | "CCONJ" | "VERB"))
            && matches!(t.upos[h], "NOUN" | "PROPN")
            && matches!(t.base_rel(c), "xcomp" | "parataxis" | "dep")
        {
            return self.mention_in(h);
        }
        match t.base_rel(c) {
            "xcomp" => t
                .children(h)
                .filter(|&k| matches!(t.deprel[k], "obj" | "iobj"))
                .find_map(|k| self.mention_in(k))
                .or_else(|| self.subject_of_clause(h)),
            "acl" => self.mention_in(h),
            // "urged the embassy to reconsider and *spoke* with Pompeo": a
            // past-tense verb does not coordinate with an infinitive, whatever
            // the parser attached it to; it shares the governing verb's subject.
            "conj"
                if t.base_rel(h) == "xcomp"
                    && t.children(h).any(|k| self.lower(k) == "to")
                    && is_past_form(self.lower(c)) =>
            {
                // (And that verb may itself be a report's: "said the Quad *was
                // doomed to fail* and *accused* Washington".)
                let g = t.head[h]?;
                match t.head[g] {
                    Some(r) if self.reported_tense(g) && is_past_form(self.lower(r)) => {
                        self.subject_of_clause(r)
                    }
                    _ => self.subject_of_clause(g),
                }
            }
            // "Beijing said the vessel *had intruded* ... and *blamed* Manila": a
            // plain past after a reported pluperfect goes back to the reporting
            // verb's narrative, not the report's.
            // So does one after a reported progressive or future ("said Japan
            // *was militarising* and *warned*"): a plain past does not
            // coordinate with another tense.
            "conj"
                if self.reported_tense(h)
                    && !t.children(c).any(|k| t.base_rel(k) == "aux")
                    && is_past_form(self.lower(c))
                    && t.head[h].is_some_and(|g| is_past_form(self.lower(g))) =>
            {
                t.head[h].and_then(|g| self.subject_of_clause(g))
            }
            // "said the measures *were an unfriendly act* and *warned*": a
            // verb does not coordinate with a reported nominal predicate; it
            // goes on the reporting verb's narrative.
            "conj"
                if t.base_rel(h) == "ccomp"
                    && matches!(t.upos[h], "NOUN" | "ADJ" | "PROPN")
                    && t.upos[c] == "VERB"
                    && !t.children(c).any(|k| t.base_rel(k) == "aux")
                    && is_past_form(self.lower(c))
                    && t.head[h].is_some_and(|g| is_past_form(self.lower(g))) =>
            {
                t.head[h].and_then(|g| self.subject_of_clause(g))
            }
            // "abstained from a UN vote *condemning* Russia": a participle
            // right after a noun, with no comma, is that noun's, however the
            // parser hung it; the noun's actor says it.
            "advcl" if self.noun_participle(c).is_some() => self.noun_participle(c),
            "conj" | "advcl" => self.subject_of_clause(h),
            // "ordered the envoy to leave, *accusing* Mogadishu of ...": a
            // participle after a comma is an adjunct of the verb before it,
            // however the parser labelled it.
            "parataxis" if self.lower(c).ends_with("ing") => self.subject_of_clause(h),
            _ => None,
        }
    }

    /// The actor of the noun right before a participle `c` the parser hung
    /// on the verb ("abstained from a UN vote *condemning* Russia"): with no
    /// comma between them the participle is the noun's, a reduced relative.
    fn noun_participle(&self, c: usize) -> Option<usize> {
        let t = self.tree;
        let n = c.checked_sub(1)?;
        let fits = t.base_rel(c) == "advcl"
            && self.lower(c).ends_with("ing")
            && t.upos[n] == "NOUN"
            && t.head[n] == t.head[c]
            && matches!(t.base_rel(n), "obj" | "obl")
            && !t
                .children(c)
                .any(|k| matches!(t.base_rel(k), "mark" | "case"));
        fits.then(|| self.mention_in(n)).flatten()
    }

    /// An adverbial "-ing" clause opened by a conjunction or preposition
    /// ("while strengthening", "after meeting", "by cutting"), whose subject
    /// is the governing clause's.
    fn marked_participle(&self, c: usize) -> bool {
        let t = self.tree;
        t.base_rel(c) == "advcl"
            && self.lower(c).ends_with("ing")
            && t.children(c).any(|k| {
                matches!(t.base_rel(k), "mark" | "case")
                    && matches!(
                        self.lower(k),
                        "while"
                            | "after"
                            | "before"
                            | "by"
                            | "when"
                            | "since"
                            | "upon"
                            | "through"
                            | "despite"
                            | "in"
                    )
            })
    }

    /// The one a subject joins in an act ("Japan joined *the United
    /// States* in restricting exports"): a second source of that act.
    pub fn joined_partner(&self, h: usize) -> Option<usize> {
        let t = self.tree;
        let v = t.head[h]?;
        if !self.joined_in(h) {
            return None;
        }
        t.children(v)
            .filter(|&k| t.deprel[k] == "obj")
            .find_map(|k| self.mention_in(k))
    }

    /// The verb whose clause the clause of `h` is joined to when each has a
    /// subject of its own ("Nicaragua suspended relations with Israel, and
    /// *South Africa recalled* its ambassador"): the first clause's act.
    pub fn joined_clause(&self, h: usize) -> Option<usize> {
        let t = self.tree;
        let g = t.head[h].filter(|_| t.base_rel(h) == "conj")?;
        let subject = |v: usize| t.child(v, &["nsubj"]).is_some();
        (self.verbal(h) && self.verbal(g) && subject(h) && subject(g)).then_some(g)
    }

    /// Whether `c` is the act of "joined X *in condemning*".
    fn joined_in(&self, c: usize) -> bool {
        let t = self.tree;
        t.base_rel(c) == "advcl"
            && self.lower(c).ends_with("ing")
            && t.children(c).any(|k| self.lower(k) == "in")
            && t.head[c].is_some_and(|v| self.lower(v).starts_with("join"))
    }

    /// The act a "join" verb `h` joins in ("joined X *in condemning* Y"):
    /// that act is the event, not the joining.
    pub fn joined_act(&self, h: usize) -> Option<usize> {
        if !self.lower(h).starts_with("join") {
            return None;
        }
        self.tree.children(h).find(|&c| self.joined_in(c))
    }

    /// The summoning verb whose subject's purpose clause `c` is: a message
    /// verb's infinitive after its object, "Japan summoned China's ambassador
    /// *to protest*" (as `xcomp`, or as `acl` hung on the object), unlike
    /// "prompting Tokyo *to lodge* a protest".
    fn purpose_of(&self, c: usize) -> Option<usize> {
        let t = self.tree;
        let h = t.head[c]?;
        let v = match t.base_rel(c) {
            "xcomp" => Some(h),
            "advcl" if t.children(c).any(|k| self.lower(k) == "to") => Some(h),
            "acl" if t.base_rel(h) == "obj" && t.children(c).any(|k| self.lower(k) == "to") => {
                t.head[h]
            }
            _ => None,
        };
        v.filter(|&v| {
            crate::grammar::MESSAGE_VERBS.contains(&self.lower(c))
                && crate::grammar::SUMMONING_VERBS
                    .iter()
                    .any(|w| self.lower(v).starts_with(w))
        })
    }

    /// The actor a concessive clause concedes to: "*Although Cuba made a
    /// complaint* and threatened to act, the US diplomat stood firm" sets
    /// Cuba's reaction against the main clause's subject.
    pub fn conceded_to(&self, h: usize) -> Option<usize> {
        let t = self.tree;
        let mut c = t.clause_of(h);
        for _ in 0..3 {
            if t.base_rel(c) != "conj" {
                break;
            }
            c = t.clause_of(t.head[c]?);
        }
        let concessive = t.base_rel(c) == "advcl"
            && t.children(c)
                .any(|k| t.base_rel(k) == "mark" && CONCESSIVE_MARKS.contains(&self.lower(k)));
        if !concessive {
            return None;
        }
        let main = t.head[c]?;
        t.subject(t.clause_of(main))
            .and_then(|s| self.mention_in(s))
    }

    /// Whether the trigger's clause is how a response was made: "Moscow
    /// responded *by withdrawing* from talks".
    pub fn responding_by(&self, h: usize) -> bool {
        let t = self.tree;
        let c = t.clause_of(h);
        t.base_rel(c) == "advcl"
            && t.children(c)
                .any(|k| matches!(t.base_rel(k), "mark" | "case") && self.lower(k) == "by")
            && t.head[c].is_some_and(|v| {
                crate::grammar::RESPONSE_VERBS
                    .iter()
                    .any(|w| self.lower(v).starts_with(w))
            })
    }

    /// Who a reaction's reported reason is about: "criticized the plan,
    /// *saying Japan* was abandoning pacifism" → Japan.
    pub fn said_of(&self, h: usize) -> Option<usize> {
        let t = self.tree;
        let reporting = |w: &str| {
            w.strip_suffix("ing").is_some_and(|stem| {
                [stem.to_string(), format!("{stem}ed")]
                    .iter()
                    .any(|f| crate::grammar::REPORTING.contains(&f.as_str()))
            })
        };
        let c = t.clause_of(h);
        // Or what the speaker said first: "said *Japan* was militarising and
        // warned that Moscow would respond".
        let said_first = t.head[c].filter(|&v| {
            t.base_rel(c) == "conj" && crate::grammar::REPORTING.contains(&self.lower(v))
        });
        // The parser may hang the verb on the report itself ("said Japan *was
        // militarising* and warned").
        let on_report = t.head[c].filter(|&r| {
            t.base_rel(c) == "conj"
                && t.base_rel(r) == "ccomp"
                && t.head[r].is_some_and(|v| crate::grammar::REPORTING.contains(&self.lower(v)))
        });
        t.children(c)
            .filter(|&k| t.base_rel(k) == "advcl" && k > h && reporting(self.lower(k)))
            .chain(said_first)
            .flat_map(|k| t.children(k).filter(|&r| t.base_rel(r) == "ccomp"))
            .chain(on_report)
            .find_map(|r| t.subject(r).and_then(|s| self.mention_in(s)))
            // "saying *it* would..." is as often the thing criticised.
            .filter(|&i| self.actors[i].kind != crate::document::MentionKind::Pronoun)
    }

    /// The speaker of the report whose content holds `h`: "the ministry
    /// said *Japan must bear* the consequences", "\"*Japan must bear* the
    /// consequences,\" the ministry said" → the ministry.
    pub fn reporter(&self, h: usize) -> Option<usize> {
        let t = self.tree;
        let c = t.clause_of(h);
        let reporting = |v: &usize| crate::grammar::REPORTING.contains(&self.lower(*v));
        // The report governs its content, or (a quotation first, as the
        // treebank hangs it) hangs on it as parataxis, or as a conjunct
        // without "and" when the parser misreads it.
        let v = t.head[c]
            .filter(|_| matches!(t.base_rel(c), "ccomp" | "parataxis"))
            .filter(reporting)
            .or_else(|| {
                t.children(c)
                    .filter(|&k| {
                        k > c
                            && (t.base_rel(k) == "parataxis"
                                || t.base_rel(k) == "conj"
                                    && !t.children(k).any(|j| t.base_rel(j) == "cc"))
                    })
                    .find(reporting)
            })?;
        let s = self.stated_subject(v)?;
        self.mention_in(s)
            .filter(|&i| self.actors[i].kind != crate::document::MentionKind::Pronoun)
    }

    /// The one state the sentence names besides the source's (`own`), for
    /// an act headed by `h` with no target of its own ("Khan offered to
    /// cooperate with any investigation *if India shared evidence*"). `None`
    /// where the act keeps to itself ([`Self::keeps_own_target`]) or where
    /// the sentence names more than one such state. A mention is set aside
    /// when it is no state, describes another actor, is the source's own,
    /// tells of the act (a speaker's state, a cited source, the controller of
    /// an infinitive), only says where things happen, is in a clause of acts
    /// not done, or, for a verbal `reaction`, is named inside the act reacted
    /// to.
    pub fn sole_other_state(
        &self,
        h: usize,
        own: impl Fn(usize) -> bool,
        reaction: bool,
    ) -> Option<usize> {
        if self.keeps_own_target(h) {
            return None;
        }
        let mut speakers = self.speakers(h);
        speakers.extend(self.controllers(h));
        let cited = self.cited();
        let set_aside = |i: usize| {
            let a = &self.actors[i];
            !crate::actors::is_state(&a.country)
                || a.attached
                || own(i)
                || speakers
                    .iter()
                    .any(|&k| self.actors[k].country == a.country)
                || cited.contains(&i)
                || self.is_location(i)
                || self.in_act_not_done(i)
                || reaction && self.inside_reacted_act(h, i)
        };
        let others: Vec<usize> = self
            .usable
            .iter()
            .copied()
            .filter(|&i| !set_aside(i))
            .collect();
        let first = *others.first()?;
        let country = &self.actors[first].country;
        others
            .iter()
            .all(|&i| &self.actors[i].country == country)
            .then_some(first)
    }

    /// Whoever reports something in the sentence of `h`: the subjects of its
    /// reporting verbs ("Zhao said Canberra should *repair* ties", "the
    /// ministry accused Warsaw and said it was *using* the migrants", "Iran
    /// has *seized* a tanker, the US Navy said"). A speaker tells of an act;
    /// it is not whom the act is aimed at.
    fn speakers(&self, h: usize) -> Vec<usize> {
        let t = self.tree;
        let mut out: Vec<usize> = self.reporter(h).into_iter().collect();
        for v in (0..t.len()).filter(|&v| v != h) {
            if t.upos[v] != "VERB" || !crate::grammar::REPORTING.contains(&self.lower(v)) {
                continue;
            }
            // ("fired *what it said was* a new missile": a hedge on a word
            // of the act, not a report of it.)
            if (v.saturating_sub(4)..v).any(|k| self.lower(k) == "what") {
                continue;
            }
            // "accused ... *and said*": a conjunct verb shares its first
            // conjunct's subject.
            let s = self.stated_subject(v).or_else(|| {
                t.head[v]
                    .filter(|_| t.base_rel(v) == "conj")
                    .and_then(|f| t.subject(f))
            });
            // (Or the name just before it, when the parse lost the subject:
            // "a spokesman, Zhao Lijian, *said*".)
            let before = || {
                let k = v.checked_sub(1)?;
                let k = if self.lower(k) == "," {
                    k.checked_sub(1)?
                } else {
                    k
                };
                self.mention_at(k)
            };
            out.extend(s.and_then(|s| self.mention_in(s)).or_else(before));
        }
        out
    }

    /// Who is cited for the sentence: "..., *according to* South Sudanese
    /// officials". Unlike a speaker, only this mention is set aside: a
    /// state's officials tell of attacks on their own state's places.
    fn cited(&self) -> Vec<usize> {
        let t = self.tree;
        (1..t.len().saturating_sub(1))
            .filter(|&k| self.lower(k - 1) == "according" && self.lower(k) == "to")
            .filter_map(|k| self.mention_at(k + 1))
            .collect()
    }

    /// Whether an act with no target of its own must not borrow one from
    /// elsewhere in its sentence: its object is the subject's own thing
    /// ("defended *his* decision", "closed *its* airspace"); it has a clause
    /// for its content ("agreed *that neither would use force*"), which names
    /// whom it concerns; it is a relative clause or participle ("a diplomat
    /// *accused* of spying", "a move *Tokyo protested*"), whose subject the
    /// parse often gives to the noun it hangs on; or its subject is someone
    /// else's object ("accused Chinese vessels *of firing*"); or it is the
    /// condition of another act ("China will attack Taiwan *if it declares*
    /// independence").
    fn keeps_own_target(&self, h: usize) -> bool {
        let t = self.tree;
        let c = t.clause_of(h);
        let own = |o: usize| {
            t.children(o).any(|k| {
                t.deprel[k] == "nmod:poss"
                    && matches!(
                        self.lower(k),
                        "his" | "her" | "its" | "their" | "our" | "my"
                    )
            })
        };
        t.base_rel(c) == "acl"
            || t.children(c)
                .any(|k| t.base_rel(k) == "mark" && self.lower(k) == "of")
            || t.children(h).any(|k| t.base_rel(k) == "ccomp")
            || t.children(h).any(|o| t.deprel[o] == "obj" && own(o))
            || t.base_rel(c) == "advcl"
                && t.children(c)
                    .any(|k| t.base_rel(k) == "mark" && matches!(self.lower(k), "if" | "unless"))
    }

    /// Whom a reaction in a relative clause on a summing-up noun answers:
    /// "Riyadh accused Tehran of arming the Houthis, *a charge Iran denies*",
    /// "Lithuania let Taiwan open an office, *a move Beijing condemned*". The
    /// noun stands for what the clause before it tells, so the reaction is
    /// aimed at that clause's subject. Returns the reaction's own subject
    /// (the name just before its verb) and that target. A pronoun subject
    /// ("a decision *it* later reversed") is most often the clause's own
    /// subject, so it gives nothing.
    pub fn summarised_agent(&self, h: usize) -> Option<(Option<usize>, usize)> {
        let t = self.tree;
        // Read on the words, which the parser often misreads here: ", (a|an)
        // NOUN (that|which)? SUBJECT VERB".
        let own = self.mention_at(h.checked_sub(1)?)?;
        if self.actors[own].kind == MentionKind::Pronoun {
            return None;
        }
        let mut n = self.actors[own].start.checked_sub(1)?;
        if matches!(self.lower(n), "that" | "which") {
            n = n.checked_sub(1)?;
        }
        if !crate::grammar::SUMMARY_NOUNS.contains(&self.lower(n)) {
            return None;
        }
        let mut comma = n.checked_sub(1)?;
        if matches!(self.lower(comma), "a" | "an" | "the") {
            comma = comma.checked_sub(1)?;
        }
        if self.lower(comma) != "," || comma == 0 {
            return None;
        }
        // The clause before the comma: the nearest one above its last word
        // with a subject that names an actor.
        let mut v = comma - 1;
        for _ in 0..6 {
            let k = t.clause_of(v);
            if let Some(i) = t.subject(k).and_then(|s| self.mention_in(s)) {
                return (i != own).then_some((Some(own), i));
            }
            match t.head[k] {
                Some(h) => v = h,
                None => break,
            }
        }
        // (A parse with no subject there: the first name before the comma
        // that no preposition governs.)
        self.usable
            .iter()
            .copied()
            .filter(|&i| i != own && self.actors[i].end <= comma)
            .min_by_key(|&i| self.actors[i].start)
            .filter(|&i| {
                let a = self.actors[i].start;
                a == 0 || !crate::grammar::EVENT_PREPOSITIONS.contains(&self.lower(a - 1))
            })
            .map(|i| (Some(own), i))
    }

    /// Whether mention `i` is named in a clause of acts not done ("signed the
    /// deal *without notifying Tokyo*"), which takes no part in the main one.
    fn in_act_not_done(&self, i: usize) -> bool {
        let t = self.tree;
        let a = &self.actors[i];
        let mut k = t.head_of_span(a.start, a.end);
        for _ in 0..8 {
            let Some(up) = t.head[k] else { return false };
            if t.base_rel(k) == "advcl"
                && t.children(k)
                    .any(|m| t.base_rel(m) == "mark" && self.lower(m) == "without")
            {
                return true;
            }
            k = up;
        }
        false
    }

    /// Whether mention `i` is named inside the act that the verb `h` reacts
    /// to ("condemned *the attack on Israel*", "hailed the ruling"): a
    /// reaction is aimed at whoever did the act, not at whom the act names.
    fn inside_reacted_act(&self, h: usize, i: usize) -> bool {
        let t = self.tree;
        let a = &self.actors[i];
        let head = t.head_of_span(a.start, a.end);
        t.children(h).any(|o| {
            t.deprel[o] == "obj"
                && crate::grammar::REFERRED_ACTS.contains(&self.lower(o))
                && t.dominates(o, head)
        })
    }

    /// Whether the mention `i` says where something happens ("clashes *in
    /// northern Mozambique*"), not who takes part.
    /// (Read on the tree, and on the word before it, which the parse may
    /// have hung elsewhere.)
    fn is_location(&self, i: usize) -> bool {
        let a = &self.actors[i];
        let head = self.tree.head_of_span(a.start, a.end);
        a.start > 0 && matches!(self.lower(a.start - 1), "in" | "at")
            || matches!(self.case_of(head), Some("in" | "at" | "inside" | "within"))
    }

    /// The subject of reporting verb `v`, or the name before it when the
    /// parse read ", a senior official *said*" as a conjunct of its own.
    fn stated_subject(&self, v: usize) -> Option<usize> {
        self.tree
            .subject(v)
            .or_else(|| self.trailing_attribution(v).then(|| v - 1))
    }

    /// Who does the act of `h` along with its subject: the subjects of the
    /// clauses it borrows its own from ("Polish farmers blocked the crossings
    /// *to protest*").
    fn controllers(&self, h: usize) -> Vec<usize> {
        let t = self.tree;
        let mut out = Vec::new();
        let mut c = t.clause_of(h);
        for _ in 0..4 {
            let Some(up) = t.head[c] else { break };
            if !matches!(t.base_rel(c), "xcomp" | "advcl") || t.subject(c).is_some() {
                break;
            }
            c = t.clause_of(up);
            out.extend(t.subject(c).and_then(|s| self.mention_in(s)));
        }
        out
    }

    fn subject_of_clause(&self, v: usize) -> Option<usize> {
        let c = self.tree.clause_of(v);
        match self.tree.subject(c) {
            // "Seoul, *which* controls the islets and had fired warning
            // shots": a relative clause's subject is the name it hangs on.
            Some(s) if RELATIVE.contains(&self.lower(s)) => self.relative_antecedent(c, s),
            Some(s) => self.mention_in(s),
            None if self.trailing_attribution(c) => self.mention_in(c - 1),
            None => self.borrowed_subject(c),
        }
    }

    /// Whether `h` is a reported clause in another tense than a plain past
    /// ("said the vessel *had intruded*", "said Japan *was militarising*"),
    /// with which a plain past after it does not coordinate.
    fn reported_tense(&self, h: usize) -> bool {
        let t = self.tree;
        t.base_rel(h) == "ccomp"
            && t.children(h).any(|k| {
                t.base_rel(k) == "aux"
                    && matches!(
                        self.lower(k),
                        "had" | "was" | "were" | "is" | "are" | "would" | "will"
                    )
            })
    }

    /// The actor a relative pronoun `s`, subject of clause `c`, stands for:
    /// the noun the relative clause modifies, else the name right before
    /// ", which" or ", who" (however the parser hung the clause).
    fn relative_antecedent(&self, c: usize, s: usize) -> Option<usize> {
        let t = self.tree;
        if t.base_rel(c) == "acl" {
            return t.head[c].and_then(|n| self.mention_in(n));
        }
        self.name_before_relative(s)
    }

    /// The mention that ends right before ", which" or ", who" at `s`.
    fn name_before_relative(&self, s: usize) -> Option<usize> {
        if !matches!(self.lower(s), "which" | "who") || s < 2 || self.lower(s - 1) != "," {
            return None;
        }
        self.mention_at(s - 2)
            .filter(|&i| self.actors[i].end == s - 1)
    }

    /// A verb hung as a conjunct with a name right before it and no "and":
    /// a misparse of a trailing attribution (", the news agency WFNA
    /// *said*"), whose subject is that name.
    fn trailing_attribution(&self, c: usize) -> bool {
        let t = self.tree;
        t.base_rel(c) == "conj"
            && c > 0
            && matches!(t.upos[c - 1], "NOUN" | "PROPN")
            && t.base_rel(c - 1) != "obl"
            && !t.children(c).any(|k| t.base_rel(k) == "cc")
    }

    /// An event noun's own actors: possessor or modifying state ("Russia's
    /// invasion", "the Chinese incursion"), a `by` phrase, the sender of a
    /// message ("a protest *from Tokyo*"); and its target among
    /// its prepositional dependents. Failing an actor of its own, a noun that
    /// is the instrument of a verb ("answered with a ban", "retaliated with
    /// sanctions") takes that clause's subject.
    fn noun_sides(&self, h: usize) -> TreeSides {
        let t = self.tree;
        let mut out = TreeSides::default();
        for k in t.children(h) {
            let rel = t.deprel[k];
            if out.source.is_none() && OWN_ACTOR_RELS.contains(&rel) {
                out.source = self.mention_at(k);
            } else if out.source.is_none()
                && t.base_rel(k) == "nmod"
                && (self.case_of(k) == Some("by")
                    || self.case_of(k) == Some("from")
                        && crate::grammar::SENT_NOUNS.contains(&self.lower(h)))
            {
                out.source = self.mention_in(k);
            }
        }
        // "the visit *of the Japanese prime minister* to Manila": a visit's
        // "of" names the visitor.
        if out.source.is_none() && matches!(self.lower(h), "visit" | "visits" | "trip" | "trips") {
            out.source = t
                .children(h)
                .filter(|&k| t.base_rel(k) == "nmod" && self.case_of(k) == Some("of"))
                .find_map(|k| self.mention_in(k));
        }
        // "In a *telephone* call": the pattern's word may be the modifier of
        // the encounter noun, whose place in the clause is what counts.
        let h = match t.head[h] {
            Some(n)
                if t.base_rel(h) == "compound"
                    && crate::grammar::ENCOUNTER_NOUNS.contains(&self.lower(n)) =>
            {
                n
            }
            _ => h,
        };
        // "told Xi *on the sidelines of the summit*", "at the start of the
        // meeting": a part of an encounter places the clause in it as the
        // encounter itself would.
        let is_encounter = crate::grammar::ENCOUNTER_NOUNS.contains(&self.lower(h));
        let (h, framed) = match t.head[h] {
            Some(n)
                if is_encounter
                    && t.base_rel(h) == "nmod"
                    && self.case_of(h) == Some("of")
                    && crate::grammar::ENCOUNTER_PARTS.contains(&self.lower(n)) =>
            {
                (n, true)
            }
            _ => (h, false),
        };
        // "Turkey agreed ... *after talks* with Sweden": who met is the subject
        // of the clause the time adverbial belongs to.
        let encounter = is_encounter
            && matches!(
                self.case_of(h),
                Some("after" | "during" | "following" | "before" | "ahead" | "at" | "in")
            )
            || framed && self.case_of(h) == Some("on");
        // "flew to Beijing *for talks* with Wang Yi", "is in Canberra *for
        // talks*": the traveller, or who is there, takes part.
        let trip = is_encounter
            && self.case_of(h) == Some("for")
            && t.head[h].is_some_and(|v| self.arrival(v));
        if out.source.is_none()
            && matches!(t.base_rel(h), "obl" | "nmod")
            && (matches!(self.case_of(h), Some("with")) || encounter || trip)
        {
            if let Some(v) = t.head[h].filter(|&v| self.verbal(v) || trip) {
                out.source = self.subject_of_clause(v);
                out.governed_noun = out.source.is_some();
                out.source_arc = format!("subject of the clause governing {}", self.arc(h));
                // "*In a telephone call*, Blinken told Wang Yi": with no
                // partner of its own, the one the speaker addressed met them.
                let partner = || {
                    t.children(v)
                        .filter(|&k| matches!(t.base_rel(k), "obj" | "iobj"))
                        .find_map(|k| self.mention_in(k).map(|i| (k, i)))
                        .filter(|&(_, i)| Some(i) != out.source)
                };
                let own_partner = t
                    .children(h)
                    .any(|k| t.base_rel(k) == "nmod" && self.case_of(k) == Some("with"));
                if encounter && !own_partner && out.source.is_some() {
                    if let Some((k, i)) = partner() {
                        out.target = Some(i);
                        out.target_arc =
                            format!("{} of the clause governing the encounter", self.arc(k));
                        // (Only one addressed there met them: "At the summit,
                        // Biden *condemned* Russia" names no partner.)
                        out.encounter = crate::grammar::ADDRESSEE_VERBS.contains(&self.lower(v));
                        return out;
                    }
                }
            }
        }
        // A predicate noun in a reported clause is the speaker's verdict ("Lula
        // said South Korea *is a strategic partner*").
        if out.source.is_none()
            && t.base_rel(h) == "ccomp"
            && t.children(h).any(|k| t.base_rel(k) == "cop")
        {
            if let Some(v) = t.head[h].filter(|&v| self.verbal(v)) {
                out.source = self.subject_of_clause(v);
                out.source_arc = format!("subject of the clause reporting {}", self.arc(h));
            }
        }
        // "Turkey is already *under EU sanctions*": who is under a measure is
        // its target.
        if self.case_of(h) == Some("under") && t.children(h).any(|k| t.base_rel(k) == "cop") {
            if let Some((s, i)) = t
                .subject(h)
                .and_then(|s| self.mention_in(s).map(|i| (s, i)))
                .filter(|&(_, i)| Some(i) != out.source)
            {
                out.target = Some(i);
                out.target_arc = format!("{} (under the measure)", self.arc(s));
                return out;
            }
        }
        if let Some((k, i)) = t
            .children(h)
            .filter(|&k| t.base_rel(k) == "nmod")
            .filter(|&k| {
                matches!(
                    self.case_of(k),
                    Some("against" | "on" | "with" | "into" | "to" | "toward" | "towards" | "at")
                )
            })
            .find_map(|k| self.mention_in(k).map(|i| (k, i)))
            .filter(|&(_, i)| Some(i) != out.source)
        {
            out.target = Some(i);
            out.target_arc = self.arc(k);
        } else if let Some((k, i)) = self.aimed_at(h).filter(|&(_, i)| Some(i) != out.source) {
            out.target = Some(i);
            out.target_arc = format!("{} (what the measure targets)", self.arc(k));
        }
        out
    }

    /// Mentions that may be the trigger's target: those in its own clause,
    /// outside that clause's subject, or in a clause the pattern itself
    /// reaches into ("launched missiles *targeting* US troops").
    pub fn allowed_targets(&self, m: &PatternMatch) -> Vec<usize> {
        let t = self.tree;
        let h = self.trigger_head(m);
        let c = t.clause_of(h);
        // The clause's subject is the other side, unless the trigger is in it
        // ("Iraq's invasion of Kuwait ... triggered the war").
        let subj = t.subject(c).filter(|&s| !t.dominates(s, h));
        // An event noun inside the clause's subject ("North Korea's *missile
        // test* was condemned by Japan", "the *attacks* on shipping prompted
        // US strikes") takes its target from its own phrase only. A noun of
        // the doer ("a suicide *bomber* attacked Chinese teachers") is not
        // the act itself: the clause's object is its target.
        let doer = ["er", "ers", "or", "ors"]
            .iter()
            .any(|e| self.lower(h).ends_with(e));
        if let Some(s) = t
            .subject(c)
            .filter(|&s| t.dominates(s, h) && matches!(t.upos[h], "NOUN" | "PROPN") && !doer)
        {
            return self
                .usable
                .iter()
                .copied()
                .filter(|&i| t.dominates(s, self.mhead[i]))
                .collect();
        }
        let mut clauses: Vec<usize> = (m.start..m.end.min(t.len()))
            .map(|k| t.clause_of(k))
            .collect();
        clauses.push(c);
        self.usable
            .iter()
            .copied()
            .filter(|&i| {
                let mh = self.mhead[i];
                !subj.is_some_and(|s| t.dominates(s, mh))
                    && (clauses.contains(&t.clause_of(mh)) || self.complement_of(mh, &clauses))
            })
            .collect()
    }

    /// Whether token `t` sits in a complement of one of `clauses`: a clausal
    /// object ("allowed that Mordor isn't..."), an infinitive, a purpose
    /// clause ("signed an accord *to supply Japan*"), or a clause modifying
    /// one of its nouns ("welcomed memos *sent by Bree*"). Other adverbial,
    /// coordinated and paratactic clauses are other events ("signed the deal
    /// *without notifying Tokyo*").
    fn complement_of(&self, t: usize, clauses: &[usize]) -> bool {
        let tree = self.tree;
        let mut c = tree.clause_of(t);
        for _ in 0..4 {
            // An adverbial clause marked "to" is a purpose; one marked "that"
            // is a complement the parser hung as adverbial ("complained to
            // the press that he was punched").
            let purpose = tree.base_rel(c) == "advcl"
                && tree
                    .children(c)
                    .any(|k| tree.base_rel(k) == "mark" && matches!(self.lower(k), "to" | "that"));
            if !purpose && !matches!(tree.base_rel(c), "ccomp" | "xcomp" | "acl") {
                return false;
            }
            let Some(h) = tree.head[c] else { return false };
            // "told *parliament* that China ...": a verb with an addressee of
            // its own does not address the people its message is about.
            if tree.base_rel(c) == "ccomp"
                && crate::grammar::ADDRESSEE_VERBS.contains(&self.lower(h))
                && tree
                    .children(h)
                    .any(|k| matches!(tree.base_rel(k), "obj" | "iobj") && k < c)
            {
                return false;
            }
            c = tree.clause_of(h);
            if clauses.contains(&c) {
                return true;
            }
        }
        false
    }

    /// Mentions that may be the trigger's source: in its own clause or in the
    /// clauses a subjectless clause takes its subject from.
    pub fn allowed_sources(&self, h: usize) -> Vec<usize> {
        let t = self.tree;
        let c = t.clause_of(h);
        let mut clauses = vec![c];
        clauses.extend(t.governing(c));
        self.usable
            .iter()
            .copied()
            .filter(|&i| clauses.contains(&t.clause_of(self.mhead[i])))
            .collect()
    }
}

#[cfg(test)]
mod tests;
