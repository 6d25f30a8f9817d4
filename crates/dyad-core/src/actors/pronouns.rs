//! Pronouns and anaphoric phrases ("he", "it", "the latter", "the two sides")
//! resolved to earlier actors that agree in gender and number.

use super::dictionary::Gender;
use super::{is_sovereign, is_state, Context};
use crate::document::{ActorMention, MentionKind, Token, TokenKind};

// Verbs that introduce what their subject said: a pronoun in the content
// clause stands for that subject.
use crate::grammar::SPEECH_VERBS as REPORTING_VERBS;

impl Context<'_> {
    /// Pronouns and anaphoric phrases resolved to earlier actors.
    pub(super) fn pronouns(
        &mut self,
        si: usize,
        toks: &[Token],
        covered: &[bool],
        out: &mut Vec<ActorMention>,
    ) {
        let mut adds = Vec::new();
        // The last "it" resolved here: a clause's "its" after its subject "it"
        // is the same ("even as it strengthens *its* alliance").
        let mut last_it: Option<(usize, ActorMention)> = None;
        let mut k = 0;
        while k < toks.len() {
            let w = toks[k].lower.as_str();
            // "attacked *its troops*": a bare agent after a possessive is
            // whoever the possessive stands for, not the last state named.
            let possessed = (covered[k] && matches!(w, "its" | "their"))
                .then(|| {
                    out.iter().position(|m| {
                        m.start == k
                            && m.kind == MentionKind::Agent
                            && m.how.contains("→ last named state")
                            // (A mission placed abroad, "its embassy *in*
                            // Tehran", is not the host's: titles settled it.)
                            && toks.get(m.end).is_none_or(|t| t.lower != "in")
                    })
                })
                .flatten();
            if covered[k] && possessed.is_none() {
                k += 1;
                continue;
            }
            let next = toks.get(k + 1).map(|t| t.lower.as_str()).unwrap_or("");
            let mut len = 1;
            let target: Option<Vec<ActorMention>> = match w {
                "i" | "we" | "me" | "my" | "our" | "us" | "myself" | "ourselves"
                    if toks[k].text != "US" =>
                {
                    self.speaker(si, toks, k, out).map(|m| vec![m])
                }
                // An object pronoun does not refer to its own clause's subject, the
                // clause's first mention: "Kim greeted him" — him is someone else;
                // "the US labeled Soleimani a terrorist and sanctioned him" — him is
                // the object named before. Compared by identity, not span: a mention
                // of an earlier sentence may sit at the same token offsets.
                "him" => {
                    let subject: Option<&ActorMention> = out
                        .iter()
                        .filter(|m| {
                            m.end <= k
                                && !crate::dates::clause_break_between(
                                    toks,
                                    m.end.saturating_sub(1),
                                    k,
                                )
                        })
                        .min_by_key(|m| m.start);
                    self.last(si, k, out, |m| {
                        m.personal
                            && !subject.is_some_and(|o| std::ptr::eq(o, m))
                            && self.gender_of(m) != Some(Gender::Female)
                    })
                    .map(|m| vec![m])
                }
                "he" | "his" | "she" | "her" | "hers" => {
                    let not = if matches!(w, "he" | "his") {
                        Gender::Female
                    } else {
                        Gender::Male
                    };
                    let agrees = |m: &ActorMention| m.personal && self.gender_of(m) != Some(not);
                    // Women are few among the people and titles news names:
                    // "she" after a sentence naming exactly one known woman is
                    // her, ahead of a subject of unknown gender ("China's
                    // spokesperson criticised Takaichi ... *She* refused").
                    let woman = (not == Gender::Male && k == 0)
                        .then(|| self.only_woman_in_previous(si))
                        .flatten();
                    woman
                        .or_else(|| self.subject_or_last(si, k, toks, out, agrees))
                        .map(|m| vec![m])
                }
                // Not a plural agent: "condemned the violence against protesters
                // and said it would review *its* relations" is the EU's.
                "its" => {
                    // The sentence's first named actor, which two readings below look at.
                    let first = out
                        .iter()
                        .filter(|m| m.end < k && m.kind != MentionKind::Pronoun)
                        .min_by_key(|m| m.start);
                    last_it
                        .as_ref()
                        .filter(|(i, _)| !crate::dates::clause_break_between(toks, *i, k))
                        .map(|(_, m)| m.clone())
                        // An adjunct after a comma modifies the main clause, whose
                        // subject comes first (Hobbs): "Georgia left the CIS, a
                        // grouping of former Soviet republics, *following its* war".
                        .or_else(|| {
                            let adjunct = k > 2
                                && toks[k - 2].text == ","
                                && matches!(
                                    toks[k - 1].lower.as_str(),
                                    "following" | "after" | "despite" | "amid" | "citing" | "over"
                                );
                            let first = first?;
                            (adjunct
                                && first.start <= 2
                                && !first.attached
                                && !first.personal
                                && matches!(
                                    first.kind,
                                    MentionKind::Country | MentionKind::Metonym
                                ))
                            .then(|| first.clone())
                        })
                        // A subject that is a state's act or stance ("*China's*
                        // support for Russia has strained *its* ties with Europe")
                        // leaves "its" in the predicate to that state, not to the
                        // name inside the phrase (unless "of" names the one it is
                        // done to: "Russia's invasion *of* Ukraine").
                        .or_else(|| {
                            let first = first?;
                            let possessor = first.start <= 1
                                && toks.get(first.end).is_some_and(|t| t.lower == "'s")
                                && toks.get(first.end + 2).is_some_and(|t| t.lower != "of")
                                && k > first.end + 4
                                && !first.attached
                                && !first.personal
                                && matches!(
                                    first.kind,
                                    MentionKind::Country | MentionKind::Metonym
                                );
                            possessor.then(|| first.clone())
                        })
                        // One does not enter or violate one's own airspace or
                        // waters: "a Russian plane *entered its airspace*" is the
                        // state named before the intruder.
                        .or_else(|| {
                            let territory = (crate::grammar::TERRITORY.contains(&next)
                                || toks
                                    .get(k + 2)
                                    .is_some_and(|t| crate::grammar::TERRITORY.contains(&t.lower)))
                                && k > 0
                                && matches!(
                                    toks[k - 1].lower.as_str(),
                                    "entered"
                                        | "entering"
                                        | "violated"
                                        | "violating"
                                        | "invaded"
                                        | "intruded"
                                        | "into"
                                );
                            if !territory && !hostile_to_possession(toks, k) {
                                return None;
                            }
                            let intruder =
                                out.iter().filter(|m| m.end <= k).max_by_key(|m| m.end)?;
                            self.last(si, k, out, |m| {
                                is_state(&m.country)
                                    && !matches!(
                                        m.kind,
                                        MentionKind::Place
                                            | MentionKind::Agent
                                            | MentionKind::Pronoun
                                    )
                                    && m.country != intruder.country
                            })
                        })
                        .or_else(|| {
                            self.last(si, k, out, |m| {
                                let plural_agent =
                                    m.kind == MentionKind::Agent && m.text.ends_with('s');
                                !m.personal
                                    && !m.country.is_empty()
                                    && m.kind != MentionKind::Place
                                    && !plural_agent
                            })
                        })
                        .map(|m| vec![m])
                }
                // In reported speech a non-personal pronoun stands for the speaker:
                // "Russia told Japan it would respond", "Beijing warned Tokyo that
                // they would retaliate".
                "it" | "they"
                    if self.reporting_subject(toks, k, out).is_some()
                        && (!matches!(next, "is" | "was" | "seems" | "appears")
                            || progressive(toks, k)
                            || affected(toks, k)) =>
                {
                    self.reporting_subject(toks, k, out).map(|m| vec![m])
                }
                // Expletive "it" ("it is possible", "it seems") refers to nothing.
                "it" if progressive(toks, k)
                    || affected(toks, k)
                    || !matches!(
                        next,
                        "is" | "was"
                            | "'s"
                            | "seems"
                            | "seemed"
                            | "appears"
                            | "appeared"
                            | "remains"
                            | "remained"
                            | "takes"
                            | "took"
                            | "matters"
                            | "means"
                    ) =>
                {
                    // (Not a bare demonym: "imports of *Japanese* seafood,
                    // which it banned" is not Japan's ban.)
                    let agrees = |m: &ActorMention| {
                        !m.personal
                            && !m.country.is_empty()
                            && m.kind != MentionKind::Place
                            && (m.kind != MentionKind::Demonym || !m.role.is_empty())
                    };
                    // Inside an adverbial clause the main clause's subject comes
                    // first (Hobbs): "Tokyo kept a channel open to Beijing *even as
                    // it* strengthened its alliance".
                    let main_subject = || {
                        // So does a clause coordinated with the main one, after
                        // an adverbial that names no one ("demanded that Seoul
                        // stop, *and on June 9 it* cut the lines").
                        let coordinated = (k.saturating_sub(6)..k).rev().any(|j| {
                            j > 1
                                && toks[j - 1].text == ","
                                && matches!(toks[j].lower.as_str(), "and" | "but")
                                && (j + 1..k).all(|i| !covered[i] && toks[i].text != ",")
                        });
                        // And so does a free relative's after a preposition
                        // ("summoned the ambassadors of France and Germany
                        // *over what it called* their support for Israel"),
                        // unlike an object's question ("asked Beijing what
                        // it wanted").
                        let free_relative = k > 1
                            && toks[k - 1].lower == "what"
                            && matches!(
                                toks[k - 2].lower.as_str(),
                                "over" | "for" | "against" | "about" | "at" | "to" | "with" | "by"
                            );
                        let opener = k > 1
                            && (coordinated
                                || free_relative
                                || crate::grammar::ADVERBIAL_SUBORDINATORS
                                    .contains(&toks[k - 1].lower.as_str()));
                        let first = out
                            .iter()
                            .filter(|m| m.end < k && m.kind != MentionKind::Pronoun)
                            .min_by_key(|m| m.start)?;
                        (opener && first.start <= 2 && !first.attached && agrees(first))
                            .then(|| first.clone())
                    };
                    // An object "it" is not its own clause's subject: in ", which
                    // has supplied *it* with shells" that is the noun before "which".
                    let relative_subject = relative_antecedent(toks, k, out);
                    let agrees_object = |m: &ActorMention| {
                        agrees(m)
                            && relative_subject
                                .as_ref()
                                .is_none_or(|r| r.country != m.country)
                    };
                    main_subject()
                        .or_else(|| self.subject_or_last(si, k, toks, out, agrees_object))
                        .map(|m| vec![m])
                }
                "they" | "them" | "their" => plural_sayer(toks, k, out)
                    .map(|m| vec![m])
                    .or_else(|| self.last_group(si, k, out))
                    .or_else(|| {
                        (w == "they" && mutual_verb_after(toks, k))
                            .then(|| self.last_pair(si, k, out))
                            .flatten()
                    })
                    .or_else(|| {
                        // A plural agent ("Ukrainian soldiers ... They") before a bare state.
                        let plural = |m: &ActorMention| {
                            !m.personal
                                && !m.role.is_empty()
                                && m.text.ends_with('s')
                                && m.kind != MentionKind::Place
                        };
                        self.last(si, k, out, plural)
                            .or_else(|| {
                                self.last(si, k, out, |m| {
                                    !m.personal && m.role.is_empty() && m.kind != MentionKind::Place
                                })
                            })
                            .map(|m| vec![m])
                    }),
                "latter" if k > 0 && toks[k - 1].lower == "the" => self
                    .last(si, k - 1, out, |m| {
                        !m.country.is_empty() && m.kind != MentionKind::Place
                    })
                    .map(|m| vec![m]),
                "two" | "both" | "three"
                    if matches!(
                        next,
                        "sides"
                            | "countries"
                            | "nations"
                            | "leaders"
                            | "governments"
                            | "neighbours"
                            | "neighbors"
                            | "states"
                            | "ministers"
                            | "presidents"
                            | "premiers"
                            | "delegations"
                            | "allies"
                            | "capitals"
                            | "rivals"
                            | "powers"
                            | "partners"
                            | "parties"
                            // "the two Koreas": the two states named last,
                            // as for "the two countries".
                            | "koreas"
                    ) =>
                {
                    len = 2;
                    self.last_states(si, k, toks, out, if w == "three" { 3 } else { 2 })
                }
                // "*The two men* signed a treaty" after "Putin met Kim": the
                // two named last. Only with "the", which points back: "two
                // men were arrested" are two others.
                "two"
                    if k > 0
                        && toks[k - 1].lower == "the"
                        && matches!(
                            next,
                            "men" | "women" | "envoys" | "negotiators" | "counterparts"
                        ) =>
                {
                    len = 2;
                    self.last_states(si, k, toks, out, 2)
                }
                // "*Each side* blamed the other": the two states named last,
                // each acting on the other. (As a clause's subject, at its
                // start: "a treaty that obliges each side to" may be any pair.)
                "each"
                    if matches!(
                        next,
                        "side" | "country" | "government" | "party" | "nation" | "capital"
                    ) && (k == 0
                        || matches!(
                            toks[k - 1].lower.as_str(),
                            "," | ";" | ":" | "and" | "but" | "\"" | "“"
                        )) =>
                {
                    len = 2;
                    self.last_states(si, k, toks, out, 2)
                }
                // "urged *all parties* to show restraint": in a dispute
                // between two states, its two sides.
                // (Only the article's pair: "all parties" to a war named in
                // passing are not the last two states named.)
                "all" if matches!(next, "parties" | "sides") => {
                    len = 2;
                    let here = before_phrase(out, k);
                    let own = countries_of(&here);
                    self.focus_pair(&here, &own)
                }
                // "the two foreign ministers", "both prime ministers"
                "two" | "both" | "three"
                    if matches!(next, "foreign" | "defence" | "defense" | "prime" | "heads")
                        && toks
                            .get(k + 2)
                            .is_some_and(|t| matches!(t.lower.as_str(), "ministers" | "of")) =>
                {
                    len = 3;
                    self.last_states(si, k, toks, out, if w == "three" { 3 } else { 2 })
                }
                // "NATO ... the alliance", "the EU ... the bloc", "the UN ... the world
                // body": an organisation named again by its kind.
                "alliance" | "bloc" | "organisation" | "organization" | "union" | "world"
                    if k > 0 && toks[k - 1].lower == "the" && (w != "world" || next == "body") =>
                {
                    if w == "world" {
                        len = 2;
                    }
                    self.last_organisation(si, k, toks, out).map(|m| vec![m])
                }
                // "the kingdom" after Saudi Arabia, "the North" after North Korea,
                // "the Gulf emirate", "the self-ruled island" (a modifier that
                // names no actor of its own).
                _ if k > 0
                    && crate::grammar::STATE_DESCRIPTIONS.has_first(w)
                    && (!matches!(w, "north" | "south") || toks[k].is_capitalized())
                    && described_state(toks, covered, k) =>
                {
                    self.last(si, k, out, |m| {
                        m.kind != MentionKind::Place
                            && !m.personal
                            && crate::grammar::STATE_DESCRIPTIONS
                                .iter()
                                .any(|(d, c)| *d == w && c.eq_ignore_ascii_case(&m.country))
                    })
                    .or_else(|| self.opposite_half(si, k, toks, out))
                    .map(|m| vec![m])
                }
                // (A state named as such, not the country an agent was
                // guessed to serve: "banned Japanese officials, journalists and
                // academics from entering *the country*" is the banning state.)
                "country" | "nation" if k > 0 && toks[k - 1].lower == "the" => self
                    .last(si, k, out, |m| {
                        is_state(&m.country)
                            && !matches!(m.kind, MentionKind::Place | MentionKind::Agent)
                            && !m.personal
                    })
                    .map(|m| vec![m]),
                _ => None,
            };
            if let Some(a) = possessed {
                if let Some([owner]) = target.as_deref() {
                    if is_state(&owner.country) {
                        let m = &mut out[a];
                        m.country = owner.country.clone();
                        m.code = format!("{}{}", m.country, m.role);
                        m.how = format!("{} → {}", toks[k].text, owner.text);
                    }
                }
                k += 1;
                continue;
            }
            if w == "it" {
                last_it = target
                    .as_ref()
                    .and_then(|ms| ms.first())
                    .map(|m| (k, m.clone()));
            }
            if let Some(ms) = target {
                let group = if ms.len() > 1 {
                    let g = self.next_group;
                    self.next_group += 1;
                    Some(g)
                } else {
                    None
                };
                for t in ms {
                    let mut m = self.mention(
                        toks,
                        k,
                        k + len,
                        t.code.clone(),
                        MentionKind::Pronoun,
                        format!("{} → {}", toks[k].text, t.text),
                    );
                    m.person = t.person;
                    m.personal = t.personal;
                    m.group = group;
                    adds.push(m);
                }
            }
            k += len;
        }
        // "the ambassadors *of the three countries*", "soldiers *from the two
        // countries*": a bare agent guessed from context belongs to the states
        // the phrase after it names, and they are those states' agents.
        for a in &mut adds {
            let mut j = a.start;
            if j > 0 && toks[j - 1].lower == "the" {
                j -= 1;
            }
            if a.group.is_none() || j == 0 || !matches!(toks[j - 1].lower.as_str(), "of" | "from") {
                continue;
            }
            let Some(agent) = out.iter().position(|m| m.end + 1 == j && guessed_state(m)) else {
                continue;
            };
            if a.role.is_empty() && is_state(&a.country) {
                a.role = out[agent].role.clone();
                a.code = format!("{}{}", a.country, a.role);
            }
            a.start = out[agent].start;
            a.text = super::spans::span_text(toks, a.start, a.end);
        }
        out.retain(|m| {
            !(guessed_state(m) && adds.iter().any(|a| a.start == m.start && a.group.is_some()))
        });
        out.extend(adds);
    }

    /// Who "I" or "we" is: the actor next to a reporting verb of this sentence
    /// ("'...,' he said", "Zelenskyy said, '...'"), else, inside quotes, the
    /// last person named.
    pub(super) fn speaker(
        &self,
        si: usize,
        toks: &[Token],
        k: usize,
        out: &[ActorMention],
    ) -> Option<ActorMention> {
        const REPORT: &[&str] = &[
            "said",
            "says",
            "say",
            "told",
            "tells",
            "added",
            "adds",
            "wrote",
            "writes",
            "stated",
            "states",
            "tweeted",
            "declared",
            "insisted",
            "noted",
            "continued",
            "warned",
            "explained",
            "asked",
            "replied",
            "responded",
        ];
        for (r, t) in toks.iter().enumerate() {
            if !REPORT.contains(&t.lower.as_str()) || (r <= k + 1 && r + 1 >= k) {
                continue;
            }
            // "X said" / "said X"
            if let Some(m) = out.iter().find(|m| {
                (m.end == r || m.end + 1 == r)
                    && !m.attached
                    && !matches!(toks[m.start].lower.as_str(), "i" | "we")
            }) {
                return Some(m.clone());
            }
            if let Some(m) = out.iter().find(|m| m.start == r + 1 && !m.attached) {
                return Some(m.clone());
            }
        }
        let quotes_before = toks[..k].iter().filter(|t| t.is_double_quote()).count();
        if quotes_before % 2 == 1 {
            return self.last(si, k, out, |m| m.personal && m.kind != MentionKind::Pronoun);
        }
        None
    }

    /// A person's gender from the dictionary, or from a gendered title
    /// ("the Queen"); `None` when unknown, which agrees with any pronoun.
    pub(super) fn gender_of(&self, m: &ActorMention) -> Option<Gender> {
        if let Some(g) = m.person.and_then(|p| self.dict.persons[p].gender) {
            return Some(g);
        }
        match m.head.as_str() {
            "queen" | "princess" | "empress" | "duchess" | "chairwoman" | "spokeswoman"
            | "congresswoman" | "businesswoman" | "first lady" => Some(Gender::Female),
            "king" | "prince" | "emperor" | "duke" | "chairman" | "spokesman" | "congressman"
            | "businessman" | "crown prince" => Some(Gender::Male),
            _ => None,
        }
    }

    /// The subject of a reporting verb whose content clause holds token `k`:
    /// the sentence's first actor, a state or organisation (not a person), then
    /// a reporting verb right after it, and no other clause boundary before `k`.
    pub(super) fn reporting_subject(
        &self,
        toks: &[Token],
        k: usize,
        out: &[ActorMention],
    ) -> Option<ActorMention> {
        let subj = out
            .iter()
            .filter(|m| !m.attached && m.end <= k && m.kind != MentionKind::Pronoun)
            .min_by_key(|m| m.start)?;
        // (It may follow a short opening adverbial: "*Earlier this month*
        // Pyongyang accused ...".)
        if subj.personal || subj.start > 4 || subj.country.is_empty() {
            return None;
        }
        // "China accused Japan of ... and warned that it would respond": a
        // reporting verb coordinated with the sentence's verb shares its subject.
        let mut v = k.checked_sub(1)?;
        if toks[v].lower == "that" {
            v = v.checked_sub(1)?;
        }
        if v > subj.end
            && toks[v - 1].lower == "and"
            && REPORTING_VERBS.contains(&toks[v].lower.as_str())
        {
            return Some(subj.clone());
        }
        let verb = toks.get(subj.end)?;
        if !REPORTING_VERBS.contains(&verb.lower.as_str()) {
            return None;
        }
        let clean = (subj.end + 1..k).all(|j| {
            !matches!(
                toks[j].lower.as_str(),
                "," | ";" | ":" | "and" | "but" | "which" | "who"
            )
        });
        clean.then(|| subj.clone())
    }

    /// What a pronoun at token `k` stands for: at the start of its sentence it
    /// continues the previous sentence's subject ("Kishida met Xi. He urged
    /// ...", "Beijing has not ruled out force against Taiwan. It sends ..."),
    /// elsewhere the last actor it agrees with.
    fn subject_or_last(
        &self,
        si: usize,
        k: usize,
        toks: &[Token],
        out: &[ActorMention],
        agrees: impl Fn(&ActorMention) -> bool,
    ) -> Option<ActorMention> {
        // (Past a short opener of time that names no one: "*On Monday it*
        // recalled its ambassadors", "*Later it* said".)
        let opener = k <= 5
            && !out.iter().any(|m| m.start < k)
            && (span_before_ago(toks, k)
                || matches!(
                    toks[0].lower.as_str(),
                    "on" | "in" | "at" | "by" | "last" | "later" | "then" | "earlier" | "meanwhile"
                ) && toks[1..k].iter().all(|t| {
                    t.kind != TokenKind::Word
                        || t.is_capitalized()
                        || t.lower == "the"
                        || crate::grammar::is_month_name(&t.lower)
                }))
            && (1..k).all(|j| toks[j].kind != TokenKind::Punct || toks[j].text == ",");
        // (Past a fronted phrase that names no one, or only whom the act was
        // with or addressed to: "*In a letter to Guterres,* he demanded" is
        // not Guterres but the one the story was about.)
        let fronted = k >= 4
            && toks[k - 1].text == ","
            && matches!(
                toks[0].lower.as_str(),
                "in" | "during" | "at" | "after" | "following" | "before" | "with"
            )
            && out.iter().filter(|m| m.start < k).all(|m| {
                m.start > 0
                    && matches!(
                        toks[m.start - 1].lower.as_str(),
                        "to" | "with" | "from" | "for" | "by"
                    )
            });
        let subject_position =
            opener || fronted || (0..k).all(|j| toks[j].kind == TokenKind::Punct);
        subject_position
            .then(|| self.previous_subject(si, &agrees))
            .flatten()
            .or_else(|| self.last(si, k, out, agrees))
    }

    /// The one person of the previous sentence known to be a woman, when it
    /// names one and no other person of known gender.
    fn only_woman_in_previous(&self, si: usize) -> Option<ActorMention> {
        let prev = si.checked_sub(1)?;
        let mut known = self
            .seen
            .iter()
            .rev()
            .take_while(|s| s.sentence >= prev)
            .filter(|s| s.sentence == prev && s.mention.personal && !s.mention.attached)
            .filter_map(|s| self.gender_of(&s.mention).map(|g| (g, &s.mention)));
        match (known.next(), known.next()) {
            (Some((Gender::Female, m)), None) => Some(m.clone()),
            _ => None,
        }
    }

    /// The previous sentence's first actor, when the pronoun agrees with it and
    /// nothing but punctuation or a title precedes it.
    pub(super) fn previous_subject(
        &self,
        si: usize,
        agrees: &impl Fn(&ActorMention) -> bool,
    ) -> Option<ActorMention> {
        let prev = si.checked_sub(1)?;
        let first = self
            .seen
            .iter()
            .rev()
            .take_while(|s| s.sentence >= prev)
            .filter(|s| s.sentence == prev && s.mention.kind != MentionKind::Pronoun)
            .map(|s| &s.mention)
            .min_by_key(|m| m.start)?;
        (first.start <= 2 && !first.attached && agrees(first)).then(|| first.clone())
    }

    /// The last mention before token `k` of sentence `si` (this sentence, then the two before) that passes `f`.
    pub(super) fn last(
        &self,
        si: usize,
        k: usize,
        out: &[ActorMention],
        f: impl Fn(&ActorMention) -> bool,
    ) -> Option<ActorMention> {
        let mut here: Vec<&ActorMention> =
            out.iter().filter(|m| m.end <= k && !m.attached).collect();
        here.sort_by_key(|m| m.start);
        if let Some(m) = here.iter().rev().find(|m| f(m)) {
            return Some((*m).clone());
        }
        self.seen
            .iter()
            .rev()
            .take_while(|s| s.sentence + 2 >= si)
            .map(|s| &s.mention)
            .find(|m| !m.attached && f(m))
            .cloned()
    }

    /// "The South" when only the North was named (and the reverse): a divided
    /// country's halves name each other, so the half the list gives for this
    /// word is meant once the other half is in context ("North Korea cut its
    /// hotlines with *the South*").
    fn opposite_half(
        &self,
        si: usize,
        k: usize,
        toks: &[Token],
        out: &[ActorMention],
    ) -> Option<ActorMention> {
        let w = toks[k].lower.as_str();
        let other = match w {
            "north" => "south",
            "south" => "north",
            _ => return None,
        };
        let code_of = |d: &str| {
            crate::grammar::STATE_DESCRIPTIONS
                .iter()
                .find(|(x, _)| *x == d)
                .map(|(_, c)| c.to_ascii_uppercase())
        };
        let (mine, theirs) = (code_of(w)?, code_of(other)?);
        self.last(si, k, out, |m| m.country == theirs && !m.personal)?;
        Some(self.mention(toks, k, k + 1, mine, MentionKind::Country, ""))
    }

    /// The organisation a noun like "the alliance" names again: the last IGO
    /// before token `k` (this sentence, then the two before) that was a party,
    /// not a venue ("NATO leaders met *in Brussels*. The alliance ...").
    fn last_organisation(
        &self,
        si: usize,
        k: usize,
        toks: &[Token],
        out: &[ActorMention],
    ) -> Option<ActorMention> {
        let party = |m: &ActorMention| m.kind == MentionKind::Igo && !m.personal && !m.attached;
        let mut here: Vec<&ActorMention> = out.iter().filter(|m| m.end <= k).collect();
        here.sort_by_key(|m| m.start);
        if let Some(m) = here
            .iter()
            .rev()
            .find(|m| party(m) && !super::named_as_venue(toks, m))
        {
            return Some((*m).clone());
        }
        self.seen
            .iter()
            .rev()
            .take_while(|s| s.sentence + 2 >= si)
            .find(|s| party(&s.mention) && !s.venue)
            .map(|s| s.mention.clone())
    }

    pub(super) fn last_group(
        &self,
        si: usize,
        k: usize,
        out: &[ActorMention],
    ) -> Option<Vec<ActorMention>> {
        // Nearest first: this sentence backwards, then earlier sentences backwards.
        let mut here: Vec<&ActorMention> = out.iter().filter(|m| m.end <= k).collect();
        here.sort_by_key(|m| std::cmp::Reverse(m.start));
        let cands: Vec<&ActorMention> = here
            .into_iter()
            .chain(
                self.seen
                    .iter()
                    .rev()
                    .take_while(|s| s.sentence + 1 >= si)
                    .map(|s| &s.mention),
            )
            .collect();
        let g = cands.iter().find_map(|m| m.group)?;
        let members: Vec<ActorMention> = cands
            .iter()
            .filter(|m| m.group == Some(g))
            .map(|m| (*m).clone())
            .collect();
        let mut seen_c = Vec::new();
        let members: Vec<ActorMention> = members
            .into_iter()
            .filter(|m| {
                if seen_c.contains(&m.country) {
                    false
                } else {
                    seen_c.push(m.country.clone());
                    true
                }
            })
            .collect();
        (members.len() > 1).then_some(members)
    }

    /// The last two parties of different countries named before `k`, in this
    /// sentence or the one before: whom "they" stands for as the subject of a
    /// verb of doing something together ("Kishida raised it with Xi when
    /// *they met*", "Abe invited Putin to Japan. *They met* in Nagato").
    fn last_pair(&self, si: usize, k: usize, out: &[ActorMention]) -> Option<Vec<ActorMention>> {
        let mut here: Vec<&ActorMention> = out.iter().filter(|m| m.end <= k).collect();
        here.sort_by_key(|m| std::cmp::Reverse(m.start));
        let mut pair: Vec<ActorMention> = Vec::new();
        let before = self
            .seen
            .iter()
            .rev()
            .take_while(|s| s.sentence + 1 >= si)
            .map(|s| &s.mention);
        for m in here.into_iter().chain(before).filter(|m| names_a_party(m)) {
            if pair.iter().all(|p| p.country != m.country) {
                pair.push(m.clone());
            }
            if pair.len() == 2 {
                return Some(pair);
            }
        }
        None
    }

    /// The two states the article has been about so far: the two most named
    /// (by name, metonym, demonym or their people), at least twice each, no
    /// third as often, together half of all mentions of states. Their last
    /// mentions, unless the sentence's one state before the phrase is one of
    /// them ("Wang praised the two countries" is not about China).
    fn focus_pair(&self, here: &[&ActorMention], own: &[&str]) -> Option<Vec<ActorMention>> {
        // The article's counts so far, then this sentence's mentions before
        // the phrase (`here` runs backwards).
        let mut counts: Vec<(&str, usize, &ActorMention)> = self
            .parties
            .iter()
            .map(|(c, n, m)| (c.as_str(), *n, m))
            .collect();
        for &m in here.iter().rev().filter(|m| names_a_party(m)) {
            match counts.iter_mut().find(|(c, _, _)| *c == m.country) {
                Some(p) => {
                    p.1 += 1;
                    p.2 = m;
                }
                None => counts.push((m.country.as_str(), 1, m)),
            }
        }
        let total: usize = counts.iter().map(|c| c.1).sum();
        // (Stable: of two as often named, the first named ranks first.)
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let (a, na, ma) = *counts.first()?;
        let (b, nb, mb) = *counts.get(1)?;
        let clear = counts.get(2).is_none_or(|c| c.1 < nb);
        if nb < 2 || !clear || (na + nb) * 2 < total {
            return None;
        }
        if own.len() == 1 && (own[0] == a || own[0] == b) {
            return None;
        }
        // A sentence that itself names two other states before the phrase
        // ("Choe met Putin, and the treaty the two countries signed") means them.
        let mut named: Vec<&str> = here
            .iter()
            .filter(|m| names_a_party(m))
            .map(|m| m.country.as_str())
            .collect();
        named.sort_unstable();
        named.dedup();
        if named.len() >= 2 && named.iter().any(|c| *c != a && *c != b) {
            return None;
        }
        Some(vec![ma.clone(), mb.clone()])
    }

    /// The `n` states "the two/three countries", "both sides" stand for: a
    /// group of `n` named together, else the article's pair so far
    /// (`focus_pair`), else the last `n` states named.
    pub(super) fn last_states(
        &self,
        si: usize,
        k: usize,
        toks: &[Token],
        out: &[ActorMention],
        n: usize,
    ) -> Option<Vec<ActorMention>> {
        // (A state's rebels, civilians, firms or parliament do not stand for
        // it: "a French-Colombian hostage ... all three governments".)
        let state = |m: &ActorMention| {
            is_sovereign(&m.country)
                && m.kind != MentionKind::Place
                && !crate::actors::NON_STATE_ROLES.contains(&m.role.as_str())
                && !matches!(
                    m.role.as_str(),
                    "CVL" | "BUS" | "MED" | "EDU" | "LEG" | "REL" | "LAB" | "HLH" | "REF"
                )
        };
        // A pair named together ("Iran and Saudi Arabia ... the two countries"),
        // the nearest within the last three sentences, is the pair meant.
        let earlier = self
            .seen
            .iter()
            .rev()
            .take_while(|s| s.sentence + 3 >= si)
            .map(|s| &s.mention);
        let here = before_phrase(out, k);
        // A pair that is the subject of the phrase's own clause is not what
        // its object names: "Peru and Colombia called on *both governments*"
        // (unless a "that" or a reported clause comes between: "Japan and
        // China said *the two countries* would ...").
        let own_clause = |m: &ActorMention| {
            m.end <= k
                && !toks[m.end..k].iter().any(|t| {
                    matches!(t.lower.as_str(), "that" | "," | ";" | ":")
                        || REPORTING_VERBS.contains(&t.lower.as_str())
                })
        };
        // "Szijjarto met Wang Yi and praised *the two countries'* ties": a
        // sentence that names exactly `n` states, none in a list, before the
        // phrase means them, not a pair named earlier.
        let mut named: Vec<&ActorMention> = Vec::new();
        for &m in here.iter().rev() {
            if state(m) && !m.attached && !named.iter().any(|p| p.country == m.country) {
                named.push(m);
            }
        }
        if named.len() == n && here.iter().all(|m| m.group.is_none()) {
            return Some(named.into_iter().cloned().collect());
        }
        let candidates = here
            .iter()
            .map(|&m| (m, own_clause(m)))
            .chain(earlier.clone().map(|m| (m, false)));
        for (m, own) in candidates {
            let Some(g) = m.group.filter(|_| state(m) && !own) else {
                continue;
            };
            let mut pair: Vec<ActorMention> = Vec::new();
            for o in here.iter().copied().chain(earlier.clone()) {
                if o.group == Some(g) && state(o) && !pair.iter().any(|p| p.country == o.country) {
                    pair.push(o.clone());
                }
            }
            if pair.len() == n {
                return Some(pair);
            }
        }
        // Else the last two states named, less the one state this sentence
        // already names before the phrase: "Wang praised the two countries" is
        // not about China (two states before it may well be the two).
        // Nor about a pair that is its clause's subject.
        let mut own = countries_of(&here);
        // But in an article about one pair of states so far, "both sides" is
        // that pair, however many others the last sentences named in passing.
        // (A pair that is the clause's own subject is not the states the
        // sentence names for it: "Britain and France congratulated *both
        // governments*" after the article's pair.)
        if n == 2 {
            let others: Vec<&ActorMention> = here
                .iter()
                .copied()
                .filter(|m| !(m.group.is_some() && own_clause(m)))
                .collect();
            if let Some(pair) = self.focus_pair(&others, &countries_of(&others)) {
                return Some(pair);
            }
        }
        let here = if own.len() == 1 {
            Vec::new()
        } else {
            own = here
                .iter()
                .filter(|m| m.group.is_some() && own_clause(m))
                .map(|m| m.country.as_str())
                .collect();
            here.into_iter()
                .filter(|m| !own.contains(&m.country.as_str()))
                .collect()
        };
        let before = self
            .seen
            .iter()
            .rev()
            .take_while(|s| s.sentence + 3 >= si)
            // Where something happened ("a summit *in Lima*") is no side of it.
            .filter(|s| !s.venue)
            .map(|s| &s.mention)
            .filter(|m| !own.contains(&m.country.as_str()));
        let mut picked: Vec<ActorMention> = Vec::new();
        for m in here.into_iter().chain(before) {
            if state(m) && !m.attached && !picked.iter().any(|p| p.country == m.country) {
                picked.push(m.clone());
                if picked.len() == n {
                    return Some(picked);
                }
            }
        }
        None
    }
}

/// The mentions of this sentence before token `k`, nearest first, less any
/// agent whose state was only guessed from context ("soldiers from the two
/// countries" names no state).
fn before_phrase(out: &[ActorMention], k: usize) -> Vec<&ActorMention> {
    out.iter()
        .filter(|m| m.end <= k && !guessed_state(m))
        .rev()
        .collect()
}

/// The distinct countries of `mentions`, sorted.
fn countries_of<'a>(mentions: &[&'a ActorMention]) -> Vec<&'a str> {
    let mut own: Vec<&str> = mentions.iter().map(|m| m.country.as_str()).collect();
    own.sort_unstable();
    own.dedup();
    own
}

/// Whether the "its" at `k` is the object of an act against what someone
/// else owns ("fired water cannon *at its* boats", "*seized its* tanker"),
/// looked for a few words back within the clause. "Its own" is the actor's.
/// Whether the words before `k` are a span of time counted back or on ("*Two
/// years ago* it suspended", "*Six days later* it shut", "*A week earlier*"),
/// which names no one.
fn span_before_ago(toks: &[Token], k: usize) -> bool {
    let words: Vec<&str> = toks[..k]
        .iter()
        .filter(|t| t.text != ",")
        .map(|t| t.lower.as_str())
        .collect();
    let [count, unit, dir] = words[..] else {
        return false;
    };
    // (Counts in words from the list the dates stage reads: "a", "two", ...)
    let count_ok = crate::grammar::number_word(count).is_some()
        || matches!(count, "several" | "few" | "some")
        || count.chars().all(|c| c.is_ascii_digit());
    let unit_ok = matches!(
        unit.trim_end_matches('s'),
        "day" | "week" | "month" | "year" | "decade" | "hour"
    );
    count_ok && unit_ok && matches!(dir, "ago" | "later" | "earlier" | "on")
}

fn hostile_to_possession(toks: &[Token], k: usize) -> bool {
    // Each entry's stem and its preposition, if it has one ("interfere in"),
    // split once, not for every word the test reads.
    static INTRUSION: std::sync::LazyLock<Vec<(&str, Option<&str>)>> =
        std::sync::LazyLock::new(|| {
            crate::grammar::INTRUSION_VERBS
                .iter()
                .map(|e| match e.split_once(' ') {
                    Some((stem, prep)) => (stem, Some(prep)),
                    None => (*e, None),
                })
                .collect()
        });
    if k == 0 || toks.get(k + 1).is_some_and(|t| t.lower == "own") {
        return false;
    }
    let prev = toks[k - 1].lower.as_str();
    toks[k.saturating_sub(8)..k]
        .iter()
        .rev()
        .take_while(|t| {
            t.kind != TokenKind::Punct
                && !matches!(
                    t.lower.as_str(),
                    "and" | "but" | "that" | "which" | "who" | "while" | "when"
                )
        })
        .any(|t| {
            INTRUSION
                .iter()
                .any(|&(stem, prep)| prep.is_none_or(|p| p == prev) && t.lower.starts_with(stem))
        })
}

/// The mention a relative clause that holds `k` hangs on, when the
/// relative pronoun is that clause's subject and `k` comes after its verb:
/// "Pyongyang, *which* has supplied it", "the country *that* armed it".
fn relative_antecedent(toks: &[Token], k: usize, out: &[ActorMention]) -> Option<ActorMention> {
    let rel = (k.saturating_sub(4)..k)
        .rev()
        .take_while(|&j| toks[j].kind != TokenKind::Punct)
        .find(|&j| crate::grammar::RELATIVE_PRONOUNS.contains(&toks[j].lower))?;
    // The pronoun must be after a verb, not the relative clause's subject.
    if rel + 1 >= k {
        return None;
    }
    let before = if rel > 0 && toks[rel - 1].text == "," {
        rel - 1
    } else {
        rel
    };
    out.iter()
        .find(|m| m.end == before && m.kind != MentionKind::Pronoun)
        .cloned()
}

/// Whether the noun at `k` follows "the", directly or after at most three
/// words of a modifier that is no actor ("the *Gulf* emirate", "the
/// *self-ruled* island"; not "the *Japanese* island").
fn described_state(toks: &[Token], covered: &[bool], k: usize) -> bool {
    (1..=4).any(|back| {
        k >= back
            && toks[k - back].lower == "the"
            && (k - back + 1..k)
                .all(|j| !covered[j] && (toks[j].kind == TokenKind::Word || toks[j].text == "-"))
    })
}

/// Whether `m` names a sovereign state as a party, for counting what an
/// article is about: by name, metonym, demonym or its people, not a place,
/// a pronoun, an attached description or an agent whose state was guessed.
pub(super) fn names_a_party(m: &ActorMention) -> bool {
    is_sovereign(&m.country)
        && !matches!(m.kind, MentionKind::Place | MentionKind::Pronoun)
        && !m.attached
        && !guessed_state(m)
}

/// Whether a verb of doing something together follows "they" at `k`, past
/// an auxiliary or adverb or two ("they *had finally met*").
fn mutual_verb_after(toks: &[Token], k: usize) -> bool {
    toks.iter()
        .skip(k + 1)
        .take(3)
        .find(|t| {
            !matches!(
                t.lower.as_str(),
                "had"
                    | "have"
                    | "will"
                    | "would"
                    | "also"
                    | "later"
                    | "finally"
                    | "then"
                    | "both"
                    | "again"
                    | "eventually"
                    | "briefly"
                    | "last"
                    | "first"
            )
        })
        .is_some_and(|t| crate::grammar::MUTUAL_VERBS.contains(&t.lower.as_str()))
}

/// A bare agent or title whose state was guessed from context ("soldiers →
/// last named state"), not named.
pub(super) fn guessed_state(m: &ActorMention) -> bool {
    matches!(m.kind, MentionKind::Agent | MentionKind::Title)
        && (m.how.contains("→ last named state") || m.how.contains("→ main country"))
}

/// Whether "it" at `k` is the subject of a progressive ("it *was severing*
/// ties", "it is seeking"), not the expletive of "it was surprising that".
fn progressive(toks: &[Token], k: usize) -> bool {
    /// "-ing" words that follow an expletive "it is/was" as adjectives.
    const EVALUATIVE: &[&str] = &[
        "alarming",
        "amazing",
        "astonishing",
        "baffling",
        "concerning",
        "damning",
        "depressing",
        "disappointing",
        "discouraging",
        "disturbing",
        "embarrassing",
        "encouraging",
        "exciting",
        "fitting",
        "frightening",
        "galling",
        "heartening",
        "interesting",
        "pleasing",
        "puzzling",
        "reassuring",
        "revealing",
        "shocking",
        "striking",
        "surprising",
        "telling",
        "troubling",
        "unsettling",
        "worrying",
        "going",
        "nothing",
        "something",
        "everything",
        "anything",
        "thing",
    ];
    let w = |i: usize| toks.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    matches!(w(k + 1), "is" | "was")
        && w(k + 2).len() > 5
        && w(k + 2).ends_with("ing")
        && !EVALUATIVE.contains(&w(k + 2))
}

/// Whether "it" at `k` is moved by something ("it was *deeply concerned
/// about*", "it is disappointed by the vote"): a state's reaction, not the
/// expletive of "it was decided that".
fn affected(toks: &[Token], k: usize) -> bool {
    let w = |i: usize| toks.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let p = if w(k + 2).ends_with("ly") {
        k + 3
    } else {
        k + 2
    };
    matches!(w(k + 1), "is" | "was")
        && w(p).ends_with("ed")
        && matches!(w(p + 1), "by" | "with" | "at" | "about" | "over")
}

/// The subject of a saying that opens the sentence, named with a plural
/// noun, when "they" at `k` follows it with no one named between: "*NATO
/// allies* said in a statement that *they* stood in solidarity", "*EU
/// leaders* agreed that they would ...".
fn plural_sayer(toks: &[Token], k: usize, out: &[ActorMention]) -> Option<ActorMention> {
    let named: Vec<&ActorMention> = out
        .iter()
        .filter(|m| m.end <= k && !m.attached && m.kind != MentionKind::Pronoun)
        .collect();
    let [m] = named.as_slice() else {
        return None;
    };
    let noun = toks.get(m.end)?;
    let plural = noun.lower.len() > 3
        && noun.lower.ends_with('s')
        && !noun.lower.ends_with("ss")
        && noun.text.chars().next().is_some_and(char::is_lowercase);
    let saying = toks
        .get(m.end + 1)
        .is_some_and(|v| REPORTING_VERBS.contains(&v.lower.as_str()) || v.lower == "agreed");
    (m.start <= 2 && plural && saying && !m.personal).then(|| (*m).clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::testing::{code, context, dict, labels, one, toks};

    /// The mentions of each sentence of one article published on `date`.
    fn article(date: &str, sentences: &[&str]) -> Vec<Vec<String>> {
        let mut ctx = context(Some(date), None);
        code(&mut ctx, sentences)
            .iter()
            .map(|ms| labels(ms))
            .collect()
    }

    #[test]
    fn a_pronoun_with_no_antecedent_names_no_one() {
        assert_eq!(
            one("2018-05-26", "She said it was fine."),
            Vec::<String>::new()
        );
        assert_eq!(one("2018-05-26", "They left."), Vec::<String>::new());
    }

    #[test]
    fn it_before_a_progressive_refers_and_before_an_evaluation_does_not() {
        assert_eq!(
            one("2024-01-15", "Nauru said it was severing ties with Taiwan."),
            ["Nauru=NRU", "it=NRU", "Taiwan=TWN"]
        );
        assert_eq!(
            one(
                "2024-01-15",
                "Nauru said it was surprising that Taiwan left."
            ),
            ["Nauru=NRU", "Taiwan=TWN"]
        );
        // The state named after a noun for a state is the whole phrase.
        assert_eq!(
            one(
                "2024-01-15",
                "The Pacific island nation of Nauru said it was leaving."
            ),
            ["The Pacific island nation of Nauru=NRU", "it=NRU"]
        );
    }

    #[test]
    fn a_sentence_initial_he_continues_the_previous_sentences_subject() {
        let out = article("2018-05-26", &["Putin met Xi.", "He urged calm."]);
        assert_eq!(out[1], ["He=RUSGOV"]);
        // Within the sentence, the last person named.
        assert_eq!(
            one("2018-05-26", "Putin met Xi and he urged calm."),
            ["Putin=RUSGOV", "Xi=CHNGOV", "he=CHNGOV"]
        );
    }

    #[test]
    fn the_airspace_an_intruder_enters_is_not_its_own() {
        assert_eq!(
            one(
                "2018-05-26",
                "Seoul protested after a Chinese bomber entered its airspace."
            ),
            ["Seoul=KOR", "Chinese bomber=CHNMIL", "its=KOR"]
        );
    }

    #[test]
    fn what_a_hostile_act_hits_is_not_the_actors_own() {
        assert_eq!(
            one(
                "2018-05-26",
                "Britain said Iranian boats had seized its tanker."
            ),
            ["Britain=GBR", "Iranian=IRN", "its=GBR"]
        );
        // Firing *at* it is hostile; firing it is one's own.
        assert_eq!(
            one("2018-05-26", "Seoul said North Korea fired its missiles."),
            ["Seoul=KOR", "North Korea=PRK", "its=PRK"]
        );
        assert_eq!(
            one(
                "2018-05-26",
                "Manila said Chinese ships shelled its own boats."
            ),
            ["Manila=PHL", "Chinese=CHN", "its=CHN"]
        );
    }

    #[test]
    fn its_in_an_adjunct_after_a_comma_is_the_main_subject() {
        assert_eq!(
            one(
                "2018-05-26",
                "Ukraine left the CIS, a bloc led by Moscow, after its war with Russia."
            ),
            [
                "Ukraine=UKR",
                "CIS=CIS",
                "Moscow=RUS",
                "its=UKR",
                "Russia=RUS"
            ]
        );
        // Without the comma the phrase may belong to the noun before it.
        assert_eq!(
            one("2018-05-26", "Japan praised NATO over its support."),
            ["Japan=JPN", "NATO=NATO", "its=NATO"]
        );
    }

    #[test]
    fn a_sentence_initial_it_continues_the_previous_sentences_subject() {
        let out = article(
            "2018-05-26",
            &[
                "China has not ruled out force against Taiwan.",
                "It sends ships.",
            ],
        );
        assert_eq!(out[1], ["It=CHN"]);
    }

    #[test]
    fn it_after_a_span_of_time_counted_back_continues_the_previous_subject() {
        let out = article(
            "2025-07-18",
            &[
                "Russia has given up on Tokyo.",
                "Two years ago it suspended a fishing agreement.",
            ],
        );
        assert_eq!(out[1], ["it=RUS"]);
    }

    #[test]
    fn it_in_a_free_relative_after_a_preposition_is_the_main_subject() {
        assert_eq!(
            one(
                "2024-04-15",
                "Tehran summoned the envoys of France and Germany over what it called their support."
            ),
            [
                "Tehran=IRN",
                "envoys of France=FRAGOV",
                "Germany=DEUGOV",
                "it=IRN",
                "their=DEUGOV",
                "their=FRAGOV"
            ]
        );
    }

    #[test]
    fn it_after_an_adverbial_clause_opener_is_the_main_subject_and_its_follows_it() {
        assert_eq!(
            one(
                "2018-05-26",
                "Tokyo kept a channel open to Beijing even as it strengthened its alliance."
            ),
            ["Tokyo=JPN", "Beijing=CHN", "it=JPN", "its=JPN"]
        );
        // Without an opener, the last state named.
        assert_eq!(
            one("2018-05-26", "Tokyo asked Beijing what it wanted."),
            ["Tokyo=JPN", "Beijing=CHN", "it=CHN"]
        );
    }

    #[test]
    fn a_bare_agent_before_of_the_two_countries_is_theirs() {
        let out = article(
            "2018-05-26",
            &[
                "Greece and Turkey argued.",
                "Iran summoned the ambassadors of the two countries.",
            ],
        );
        assert_eq!(
            out[1],
            [
                "Iran=IRN",
                "the ambassadors of the two countries=TURGOV",
                "the ambassadors of the two countries=GRCGOV"
            ]
        );
    }

    #[test]
    fn she_is_the_one_known_woman_before_a_subject_of_unknown_gender() {
        let out = article(
            "2018-05-26",
            &[
                "The Chinese spokesperson criticised remarks by Theresa May.",
                "She defended them.",
            ],
        );
        assert_eq!(out[1], ["She=GBRGOV"]);
        // Two known people: the subject rule decides.
        let out = article(
            "2018-05-26",
            &[
                "The Chinese spokesperson criticised May and Putin.",
                "She left.",
            ],
        );
        assert_eq!(out[1], ["She=CHNGOV"]);
    }

    #[test]
    fn she_skips_people_of_the_other_gender() {
        let out = article("2018-05-26", &["Putin met Theresa May.", "She urged calm."]);
        assert_eq!(out[1], ["She=GBRGOV"]);
        let out = article(
            "2018-05-26",
            &["Theresa May met Putin.", "Later he urged calm."],
        );
        assert_eq!(out[1], ["he=RUSGOV"]);
    }

    #[test]
    fn an_organisation_named_again_by_its_kind_is_the_last_igo() {
        let out = article(
            "2018-05-26",
            &[
                "NATO leaders met in Brussels.",
                "The alliance criticized Russia.",
            ],
        );
        assert_eq!(out[1], ["alliance=NATOGOV", "Russia=RUS"]);
        let out = article(
            "2018-05-26",
            &[
                "The UN held a meeting.",
                "The world body criticized Russia.",
            ],
        );
        assert_eq!(out[1], ["world body=UNO", "Russia=RUS"]);
        // No organisation named before: nothing to refer to.
        let out = article(
            "2018-05-26",
            &["Russia met.", "The union criticized Russia."],
        );
        assert_eq!(out[1], ["Russia=RUS"]);
    }

    #[test]
    fn him_can_be_the_object_named_before_in_its_clause() {
        let out = article(
            "2018-05-26",
            &["Japan labeled Kim Jong Un a threat and sanctioned him."],
        );
        assert_eq!(out[0], ["Japan=JPN", "Kim Jong Un=PRKGOV", "him=PRKGOV"]);
    }

    #[test]
    fn him_is_not_the_subject_of_its_own_clause() {
        let out = article("2018-05-26", &["Xi visited Moscow.", "Putin greeted him."]);
        assert_eq!(out[1], ["Putin=RUSGOV", "him=CHNGOV"]);
    }

    #[test]
    fn expletive_it_refers_to_nothing() {
        let out = article(
            "2018-05-26",
            &["Russia protested.", "It is possible that talks resume."],
        );
        assert!(out[1].is_empty());
        let out = article("2018-05-26", &["Russia protested.", "It demanded talks."]);
        assert_eq!(out[1], ["It=RUS"]);
        let out = article(
            "2018-05-26",
            &[
                "Russia protested.",
                "It was deeply disappointed by the vote.",
            ],
        );
        assert_eq!(out[1], ["It=RUS"]);
    }

    #[test]
    fn an_agent_after_a_possessive_is_the_possessors() {
        assert_eq!(
            one(
                "2020-08-01",
                "Japan said Chinese ships had attacked its troops."
            ),
            ["Japan=JPN", "Chinese=CHN", "its troops=JPNMIL"]
        );
    }

    #[test]
    fn they_meeting_is_the_last_two_parties() {
        let out = article(
            "2016-12-01",
            &["Japan invited Russia to talks.", "They met in Nagato."],
        );
        assert_eq!(out[1], ["They=RUS", "They=JPN"]);
        // Not a verb of doing something together: the nearest party alone.
        let out = article(
            "2016-12-01",
            &["Japan invited Russia to talks.", "They declined."],
        );
        assert_eq!(out[1], ["They=RUS"]);
    }

    #[test]
    fn in_reported_speech_it_is_the_speaker() {
        assert_eq!(
            one("2018-05-26", "Russia told Japan it would respond."),
            ["Russia=RUS", "Japan=JPN", "it=RUS"]
        );
        // A reporting verb coordinated with the sentence's verb shares its subject.
        assert_eq!(
            one(
                "2018-05-26",
                "China accused Japan of lying and warned that it would respond."
            ),
            ["China=CHN", "Japan=JPN", "it=CHN"]
        );
    }

    #[test]
    fn they_after_a_group_is_each_member() {
        let mut ctx = context(Some("2018-05-26"), None);
        let out = code(
            &mut ctx,
            &["Japan and South Korea held talks.", "They signed a deal."],
        );
        assert_eq!(labels(&out[1]), ["They=KOR", "They=JPN"]);
        assert!(out[1][0].group.is_some() && out[1][0].group == out[1][1].group);
    }

    #[test]
    fn they_after_a_plural_sayer_is_that_sayer() {
        let out = article(
            "2021-04-23",
            &[
                "Estonia, Latvia and Lithuania expelled Russian diplomats.",
                "NATO allies said in a statement that they stood with Prague.",
            ],
        );
        assert!(out[1].contains(&"they=NATO".to_string()), "{:?}", out[1]);
    }

    #[test]
    fn they_after_a_plural_agent_is_that_agent() {
        let out = article(
            "2018-05-26",
            &[
                "Russian troops entered Ukraine.",
                "Ukrainian soldiers resisted.",
                "They fought.",
            ],
        );
        assert_eq!(out[2], ["They=UKRMIL"]);
    }

    #[test]
    fn the_two_countries_are_the_last_two_states_named() {
        let out = article(
            "2018-05-26",
            &["Japan met China.", "The two countries agreed."],
        );
        assert_eq!(out[1], ["two countries=CHN", "two countries=JPN"]);
        let out = article(
            "2018-05-26",
            &["North Korea met South Korea.", "The two Koreas agreed."],
        );
        assert_eq!(out[1], ["two Koreas=KOR", "two Koreas=PRK"]);
        // A capital counts as its state, but not where it names the venue.
        let out = article(
            "2018-05-26",
            &["Tokyo met Beijing.", "The two countries agreed."],
        );
        assert_eq!(out[1], ["two countries=CHN", "two countries=JPN"]);
        let out = article(
            "2018-05-26",
            &["Japan met China in Paris.", "The two countries agreed."],
        );
        assert_eq!(out[1], ["two countries=CHN", "two countries=JPN"]);
        // A pair named together wins over later single mentions, and whoever acts
        // on "the two countries" is not one of them.
        let out = article(
            "2018-05-26",
            &[
                "Iran and Saudi Arabia restored ties.",
                "Israel called the deal dangerous.",
                "China praised the two countries.",
            ],
        );
        assert_eq!(
            out[2],
            ["China=CHN", "two countries=SAU", "two countries=IRN"]
        );
    }

    #[test]
    fn its_after_a_states_act_as_subject_is_that_state() {
        assert!(one(
            "2024-05-10",
            "Beijing's support for Moscow has strained its relations with the EU."
        )
        .contains(&"its=CHN".to_string()));
        // "of" names the one the act is done to.
        assert!(!one(
            "2024-05-10",
            "Russia's invasion of Ukraine has destroyed its cities."
        )
        .contains(&"its=RUS".to_string()));
    }

    #[test]
    fn the_country_and_its_refer_to_a_state_not_a_person() {
        let out = article(
            "2018-05-26",
            &[
                "Russia protested to Theresa May.",
                "The country demanded talks.",
            ],
        );
        assert_eq!(out[1], ["country=RUS"]);
        assert_eq!(
            one("2018-05-26", "Japan said its troops would stay."),
            ["Japan=JPN", "its troops=JPNMIL"]
        );
    }

    #[test]
    fn we_in_a_quote_is_the_speaker() {
        assert_eq!(
            one("2022-05-26", "\"We will fight,\" Zelenskyy said."),
            ["We=UKRGOV", "Zelenskyy=UKRGOV"]
        );
        // The "US" of a country name is no pronoun.
        assert_eq!(one("2022-05-26", "US troops left."), ["US troops=USAMIL"]);
    }

    #[test]
    fn gender_comes_from_the_dictionary_else_a_gendered_title() {
        let ctx = context(None, None);
        let t = toks("Theresa May met the Queen");
        let mut m = ctx.mention(&t, 0, 2, "GBRGOV".into(), MentionKind::Person, "");
        m.person = dict().person_named("Theresa May");
        assert_eq!(ctx.gender_of(&m), Some(Gender::Female));
        let mut m = ctx.mention(&t, 3, 5, "GBRGOV".into(), MentionKind::Title, "");
        m.head = "queen".into();
        assert_eq!(ctx.gender_of(&m), Some(Gender::Female));
        m.head = "spokesman".into();
        assert_eq!(ctx.gender_of(&m), Some(Gender::Male));
        m.head = "minister".into();
        assert_eq!(ctx.gender_of(&m), None);
    }

    #[test]
    fn previous_subject_is_the_first_actor_of_the_sentence_before_only() {
        let mut ctx = context(Some("2018-05-26"), None);
        code(&mut ctx, &["Putin met Xi.", "Japan protested."]);
        let any = |m: &ActorMention| m.personal;
        assert_eq!(
            ctx.previous_subject(1, &any).map(|m| m.code),
            Some("RUSGOV".into())
        );
        // Two sentences back is too far; the sentence before starts with a state.
        assert!(ctx.previous_subject(2, &any).is_none());
        assert!(ctx.previous_subject(0, &any).is_none());
    }
}
