//! The reading's second pass, over the whole prompt once its words are read: people named
//! "one" and "the other", things that collide, the place, sky and floor (and a set's pieces
//! standing for the things the prompt names), what cannot be shown, slow motion and freezes,
//! the camera's moves and their targets, and what a rolling ball is aimed at.

use super::*;
use crate::brief::Shot;

impl Reading {
    /// Two balls that collide are two things, each moving toward the other.
    pub(super) fn split_toward(&mut self) {
        let Some(g) = self.brief.things.iter().position(|th| th.moving.as_deref() == Some("toward") && th.count == 2) else { return };
        if self.brief.things.len() >= MAX_THINGS {
            return;
        }
        let mut other = self.brief.things[g].clone();
        self.brief.things[g].count = 1;
        other.count = 1;
        self.brief.things[g].name = format!("{}_a", singular(&self.brief.things[g].name));
        other.name = format!("{}_b", singular(&other.name));
        self.brief.things.push(other);
        self.called.push(String::new());
    }

    /// A thing the prompt names that reel has no kind for ("a trampoline"): the last word
    /// of a noun phrase after an article, known to no list here. It is said to be left out.
    pub(super) fn unknown_nouns(&mut self, t: &[String]) {
        for i in 1..t.len() {
            let w = t[i].as_str();
            let ends = t.get(i + 1).is_none_or(|n| {
                n == "|" || matches!(n.as_str(), "and" | "on" | "in" | "at" | "with" | "while" | "then" | "of" | "to" | "into" | "onto" | "as")
            });
            // An article, then only words that are not things or verbs, then this one.
            let article = (1..=3).any(|back| {
                i >= back
                    && matches!(t[i - back].as_str(), "a" | "an" | "the")
                    && t[i - back + 1..i].iter().all(|x| lookup(words::NOUNS, x).is_none() && lookup(words::VERBS, x).is_none() && x != "|")
            });
            let known = lookup(words::NOUNS, w).is_some()
                || lookup(words::VERBS, w).is_some()
                || lookup(words::UNSHOWABLE, w).is_some()
                || lookup(words::SETS, w).is_some()
                || lookup(words::SKIES, w).is_some()
                || lookup(words::COLOR_WORDS, w).is_some()
                || lookup(words::SIZE_WORDS, w).is_some()
                || GROUP_WORDS.iter().any(|(g, _)| *g == w)
                || COMMON_NOUNS.contains(&w)
                || self.unknown.iter().any(|u| u == w)
                || words::SHOT_PHRASES.iter().any(|(p, _)| p.split(' ').any(|x| x == w));
            if ends
                && article
                && !known
                && w.len() > 2
                && w.chars().all(|c| c.is_ascii_lowercase())
                && self.brief.left_out.len() < 6
                && !self.brief.left_out.iter().any(|x| x == w)
            {
                self.brief.left_out.push(w.to_string());
            }
        }
    }

    /// A row, a stack or a set of pins that nothing is aimed at, and a ball that rolls with
    /// no target: the ball is rolled into them.
    pub(super) fn aim(&mut self) {
        let targets: Vec<usize> = (0..self.brief.things.len())
            .filter(|&k| {
                let th = &self.brief.things[k];
                matches!(th.kind.as_str(), "domino" | "pin" | "can" | "box")
                    && th.count > 1
                    && !self.brief.things.iter().any(|o| o.toward.as_deref() == Some(&th.name))
            })
            .collect();
        for k in targets {
            let name = self.brief.things[k].name.clone();
            if let Some(ball) = self
                .brief
                .things
                .iter_mut()
                .find(|b| b.kind == "ball" && b.toward.is_none() && matches!(b.moving.as_deref(), Some("rolls" | "pushed" | "thrown")))
            {
                ball.toward = Some(name);
            }
        }
    }

    /// "Two dancers: one waves, the other jumps": two people, not a group of two.
    pub(super) fn split_pairs(&mut self, lower: &str) {
        if !(lower.contains("the other") || lower.contains("one of them")) {
            return;
        }
        let Some(g) = self.brief.things.iter().position(|th| is_actor(&th.kind) && th.count == 2) else { return };
        let mut second = self.brief.things[g].clone();
        self.brief.things[g].count = 1;
        second.count = 1;
        let first_name = self.brief.things[g].name.clone();
        second.name = format!("{}_b", first_name.trim_end_matches('s'));
        // Steps after the first of this group's belong, in turn, to the second.
        let mut mine: Vec<usize> = self.brief.steps.iter().enumerate().filter(|(_, s)| s.who == first_name).map(|(k, _)| k).collect();
        if mine.len() >= 2 {
            for k in mine.split_off(1) {
                self.brief.steps[k].who = second.name.clone();
                self.brief.steps[k].together = true;
            }
        }
        if self.brief.things.len() < MAX_THINGS {
            self.brief.things.push(second);
        }
    }

    pub(super) fn world(&mut self, lower: &str, t: &[String]) {
        let has = |w: &str| t.iter().any(|x| x == w);
        let phrase = |p: &str| if p.contains(' ') { lower.contains(p) } else { has(p) };
        self.brief.set = words::SETS.iter().find(|(p, _)| phrase(p)).map(|(_, s)| s.to_string());
        self.brief.sky = words::SKIES.iter().find(|(p, _)| phrase(p)).map(|(_, s)| s.to_string());
        self.brief.ground = words::GROUNDS.iter().find(|(p, _)| phrase(p)).map(|(_, s)| s.to_string());
        if self.brief.ground.as_deref() == Some("grass") && self.brief.set.is_none() {
            self.brief.set = None;
        }
        // A set's own pieces stand for the things the prompt names that it has (the kitchen's
        // table, the street's bench): those things go.
        if let Some(set) = self.brief.set.clone() {
            let pieces = crate::brief::pieces(&set);
            let mut k = 0;
            while k < self.brief.things.len() {
                let kind = self.brief.things[k].kind.clone();
                // By name first (the street's `bench`, the kitchen's `counter`), then by kind.
                let word = self.called.get(k).cloned().unwrap_or_default();
                let by_name = pieces.iter().find(|(p, _)| {
                    let p = p.split('[').next().unwrap_or(p);
                    p == word || p == singular(&word) || p.trim_end_matches('s') == word
                });
                if let Some((piece, _)) = by_name.or_else(|| pieces.iter().find(|(_, pk)| *pk == kind && !is_actor(&kind))) {
                    let old = self.brief.things.remove(k);
                    self.called.remove(k);
                    self.rename(&old.name, piece);
                    continue;
                }
                k += 1;
            }
        }
        // Indices into the things may have moved: what was mentioned last is forgotten.
        (self.last_actor, self.last_thing, self.prev_thing) = (None, None, None);
        for (w, what) in words::UNSHOWABLE {
            if has(w) && !self.brief.left_out.iter().any(|x| x == what) {
                self.brief.left_out.push(what.to_string());
            }
        }
    }

    pub(super) fn rename(&mut self, old: &str, new: &str) {
        let fix = |n: &mut Option<String>| {
            if n.as_deref() == Some(old) {
                *n = Some(new.to_string());
            }
        };
        for th in &mut self.brief.things {
            fix(&mut th.on);
            fix(&mut th.toward);
        }
        for s in &mut self.brief.steps {
            fix(&mut s.object);
        }
    }

    pub(super) fn time(&mut self, lower: &str, t: &[String]) {
        self.brief.slow_motion = lower.contains("slow motion") || lower.contains("slow-motion") || lower.contains("slowmo");
        let freeze_words = ["freezes", "freeze", "frozen", "pauses", "bullet time", "stands still", "time stops", "stops time"];
        if let Some(p) = freeze_words.iter().find_map(|w| lower.find(w)) {
            let before_words = lower[..p].split_whitespace().count();
            let at = t.iter().enumerate().filter(|(_, w)| *w != "|").nth(before_words).map(|(k, _)| k).unwrap_or(0);
            self.brief.freeze_secs = seconds_after(t, at).unwrap_or(2.0).min(6.0);
        }
    }

    pub(super) fn shots(&mut self, lower: &str, t: &[String]) {
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        for (phrase, mv) in words::SHOT_PHRASES {
            let mut from = 0;
            while let Some(p) = lower[from..].find(phrase) {
                let start = from + p;
                let end = start + phrase.len();
                let bounded =
                    lower[..start].chars().last().is_none_or(|c| !c.is_alphanumeric()) && lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                if bounded && !found.iter().any(|(s, e, _)| start < *e && *s < end) {
                    found.push((start, end, mv));
                }
                from = end;
            }
        }
        if lower.contains("floor level") || lower.contains("ground level") || lower.contains("floor height") {
            found.push((lower.find("level").or(lower.find("height")).unwrap_or(0), 0, "place"));
        }
        found.sort();
        for (start, end, mv) in found {
            // The target: a thing named right after the phrase, else the film's subject.
            let word_index = lower[..end.max(start)].split_whitespace().count();
            let k = t.iter().enumerate().filter(|(_, w)| *w != "|").nth(word_index).map(|(k, _)| k);
            let target = k.and_then(|k| self.thing_named_in(t, k)).or_else(|| self.subject());
            let target = target.map(|k| self.brief.things[k].name.clone());
            if !self.brief.shots.iter().any(|s| s.mv == mv && s.target == target) {
                self.brief.shots.push(Shot { mv: mv.into(), target, seconds: None });
            }
        }
    }

    /// A thing named (or a pronoun) within three words from `k`, without making one.
    pub(super) fn thing_named_in(&self, t: &[String], k: usize) -> Option<usize> {
        for w in t.iter().skip(k).take(3) {
            match w.as_str() {
                "|" => return None,
                "him" | "her" | "them" | "he" | "she" => return self.last_actor,
                "it" => return self.last_thing,
                _ => {}
            }
            if let Some(found) = self.last_mentioned(w) {
                return Some(found);
            }
        }
        None
    }

    /// Who the film is about: the first actor, else the first thing that moves, else the first.
    pub(super) fn subject(&self) -> Option<usize> {
        let th = &self.brief.things;
        th.iter().position(|x| is_actor(&x.kind)).or_else(|| th.iter().position(|x| x.moving.is_some())).or(if th.is_empty() { None } else { Some(0) })
    }
}
