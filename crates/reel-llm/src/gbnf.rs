//! `reel grammar --format gbnf`: the scene grammar for llama.cpp's constrained decoding,
//! generated from the real grammar (`grammar/scene.pest`, read with pest_meta), so the two
//! never drift apart.
//!
//! What changes on the way, and why:
//! - pest's implicit whitespace between the parts of a non-atomic rule becomes `ws`
//!   (spaces and tabs) before each token (literal or atomic rule) of it; atomic rules (`@`,
//!   `$`) get none, and rules they call are emitted again in an atomic form (`NAME-a`) where
//!   that matters.
//! - GBNF has no lookahead: `!x` and `&x` are dropped (the result accepts a little more
//!   than pest, never less of what a model should write), except `!(c1 | c2 …) ~ ANY`,
//!   which becomes the character class `[^c1c2…]`.
//! - Error recovery (`error_*`, `braced`, the unclosed-block end), comments and the
//!   stdlib-only declarations (`archetype`, `builtin`) are left out: a model has no reason
//!   to write them.
//! - `SOI`/`EOI` are empty; `NEWLINE` is `"\n"`.

use pest_meta::ast::{Expr, Rule, RuleType};
use std::collections::{BTreeMap, BTreeSet};

/// The grammar's source, the one the parser is generated from.
pub const PEST_SOURCE: &str = reel_syntax::GRAMMAR_SOURCE;

/// Rules a generated scene never needs.
fn excluded(name: &str) -> bool {
    name.starts_with("error_") || matches!(name, "braced" | "unclosed" | "COMMENT" | "archetype_decl" | "builtin_decl" | "members" | "member" | "signature")
}

/// A GBNF expression, simplified as it is built.
#[derive(Clone, Debug, PartialEq)]
enum G {
    /// Matches nothing: a reference to a left-out rule.
    Never,
    Empty,
    Lit(String),
    /// A character class body, e.g. `0-9a-f` or `^"\n`.
    Class(String),
    Ref(String),
    Seq(Vec<G>),
    Alt(Vec<G>),
    Rep(Box<G>, u32, Option<u32>),
}

fn seq(parts: Vec<G>) -> G {
    let mut out = Vec::new();
    for p in parts {
        match p {
            G::Never => return G::Never,
            G::Empty => {}
            G::Seq(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    match out.len() {
        0 => G::Empty,
        1 => out.pop().unwrap(),
        _ => G::Seq(out),
    }
}

fn alt(parts: Vec<G>) -> G {
    let mut out: Vec<G> = Vec::new();
    let mut empty = false;
    for p in parts {
        match p {
            G::Never => {}
            G::Empty => empty = true,
            G::Alt(inner) => out.extend(inner),
            other => {
                if !out.contains(&other) {
                    out.push(other)
                }
            }
        }
    }
    let body = match out.len() {
        0 => return if empty { G::Empty } else { G::Never },
        1 => out.pop().unwrap(),
        _ => G::Alt(out),
    };
    if empty {
        rep(body, 0, Some(1))
    } else {
        body
    }
}

fn rep(g: G, min: u32, max: Option<u32>) -> G {
    match g {
        G::Never if min == 0 => G::Empty,
        G::Never => G::Never,
        G::Empty => G::Empty,
        g => G::Rep(Box::new(g), min, max),
    }
}

fn escape_char(c: char, in_class: bool) -> String {
    match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        '"' if !in_class => "\\\"".into(),
        '\\' => "\\\\".into(),
        ']' | '^' | '-' if in_class => format!("\\{c}"),
        c if (c as u32) < 0x20 || c == '\u{FEFF}' => format!("\\x{:02X}", c as u32).replace("\\xFEFF", "\\uFEFF"),
        c => c.to_string(),
    }
}

/// The characters `e` matches when it is a choice of single characters.
fn single_chars(e: &Expr) -> Option<Vec<char>> {
    match e {
        Expr::Str(s) if s.chars().count() == 1 => Some(vec![s.chars().next().unwrap()]),
        Expr::Ident(n) if n == "NEWLINE" => Some(vec!['\n', '\r']),
        Expr::Choice(a, b) => {
            let mut v = single_chars(a)?;
            v.extend(single_chars(b)?);
            Some(v)
        }
        _ => None,
    }
}

struct Emitter<'a> {
    rules: BTreeMap<&'a str, &'a Rule>,
    /// Emitted rules, by GBNF name.
    out: BTreeMap<String, String>,
    /// Rules being emitted (to stop recursion), by GBNF name.
    busy: BTreeSet<String>,
}

impl<'a> Emitter<'a> {
    fn gbnf_name(name: &str, atomic: bool) -> String {
        let base = name.replace('_', "-").to_ascii_lowercase();
        if atomic {
            format!("{base}-a")
        } else {
            base
        }
    }

    /// Emit rule `name` in atomic or normal context; returns how to refer to it.
    fn rule(&mut self, name: &str, atomic_ctx: bool) -> G {
        match name {
            "SOI" | "EOI" => return G::Empty,
            "NEWLINE" => return G::Lit("\n".into()),
            "ANY" => return G::Class("^\\x00".into()),
            "ASCII_DIGIT" => return G::Class("0-9".into()),
            "ASCII_ALPHA" => return G::Class("a-zA-Z".into()),
            "ASCII_ALPHANUMERIC" => return G::Class("a-zA-Z0-9".into()),
            "ASCII_HEX_DIGIT" => return G::Class("0-9a-fA-F".into()),
            "WHITESPACE" => return G::Ref("ws".into()),
            _ => {}
        }
        if excluded(name) {
            return G::Never;
        }
        let Some(rule) = self.rules.get(name).copied() else { return G::Never };
        let own_atomic = matches!(rule.ty, RuleType::Atomic | RuleType::CompoundAtomic);
        let atomic = own_atomic || atomic_ctx;
        // A rule whose own type decides its spacing needs only one form.
        let gname = Self::gbnf_name(name, atomic && !own_atomic);
        if self.out.contains_key(&gname) || self.busy.contains(&gname) {
            return G::Ref(gname);
        }
        self.busy.insert(gname.clone());
        let body = self.expr(&rule.expr, atomic);
        self.busy.remove(&gname);
        if body == G::Never {
            return G::Never;
        }
        self.out.insert(gname.clone(), render(&body));
        G::Ref(gname)
    }

    /// In a non-atomic rule, pest skips whitespace between tokens. Here each *token* (a
    /// literal, an atomic rule, a built-in class) carries the whitespace before it, and
    /// nothing else does: two `ws` never meet (as `a ws b? ws c` would, when `b` is empty),
    /// so the grammar has one way to place every space and llama.cpp's sampler keeps one
    /// parse stack for it instead of a number that grows with each optional part.
    fn expr(&mut self, e: &Expr, atomic: bool) -> G {
        let lead = |g: G| if atomic || g == G::Empty || g == G::Never { g } else { seq(vec![G::Ref("ws".into()), g]) };
        match e {
            Expr::Str(s) => lead(G::Lit(s.clone())),
            Expr::Insens(s) => lead(seq(s
                .chars()
                .map(|c| {
                    let (l, u) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
                    if l == u {
                        G::Lit(c.to_string())
                    } else {
                        G::Class(format!("{l}{u}"))
                    }
                })
                .collect())),
            Expr::Range(a, b) => lead(G::Class(format!("{}-{}", escape_class(a), escape_class(b)))),
            Expr::Ident(n) => {
                let token = self.is_token(n);
                let g = self.rule(n, atomic);
                if token {
                    lead(g)
                } else {
                    g
                }
            }
            Expr::PosPred(_) | Expr::NegPred(_) => G::Empty,
            Expr::Seq(a, b) => {
                // `!(c1 | c2) ~ ANY` is the class `[^c1c2]`.
                if let Some(class) = negated_class(a, b) {
                    return lead(class);
                }
                if let (Expr::NegPred(p), Expr::Seq(any, rest)) = (a.as_ref(), b.as_ref()) {
                    if let Some(class) = negated_class(&Expr::NegPred(p.clone()), any) {
                        let rest = self.expr(rest, atomic);
                        return seq(vec![lead(class), rest]);
                    }
                }
                let l = self.expr(a, atomic);
                let r = self.expr(b, atomic);
                seq(vec![l, r])
            }
            Expr::Choice(a, b) => {
                let l = self.expr(a, atomic);
                let r = self.expr(b, atomic);
                alt(vec![l, r])
            }
            Expr::Opt(a) => rep(self.expr(a, atomic), 0, Some(1)),
            Expr::Rep(a) | Expr::RepOnce(a) | Expr::RepMin(a, _) | Expr::RepMax(a, _) | Expr::RepMinMax(a, _, _) | Expr::RepExact(a, _) => {
                let (min, max) = match e {
                    Expr::Rep(_) => (0, None),
                    Expr::RepOnce(_) => (1, None),
                    Expr::RepMin(_, n) => (*n, None),
                    Expr::RepMax(_, n) => (0, Some(*n)),
                    Expr::RepMinMax(_, a, b) => (*a, Some(*b)),
                    Expr::RepExact(_, n) => (*n, Some(*n)),
                    _ => unreachable!(),
                };
                rep(self.expr(a, atomic), min, max)
            }
            // Stack operations and skips are not used by the scene grammar.
            _ => G::Never,
        }
    }

    /// A token: a rule matched without whitespace inside (atomic, or a built-in class).
    fn is_token(&self, name: &str) -> bool {
        match name {
            "NEWLINE" | "ANY" | "ASCII_DIGIT" | "ASCII_ALPHA" | "ASCII_ALPHANUMERIC" | "ASCII_HEX_DIGIT" => true,
            "SOI" | "EOI" | "WHITESPACE" => false,
            n => self.rules.get(n).is_some_and(|r| matches!(r.ty, RuleType::Atomic | RuleType::CompoundAtomic)),
        }
    }
}

/// `!(c1 | c2 …) ~ ANY` as the class `[^c1c2…]`, when the lookahead is single characters.
fn negated_class(a: &Expr, b: &Expr) -> Option<G> {
    let (Expr::NegPred(p), Expr::Ident(any)) = (a, b) else { return None };
    if any != "ANY" {
        return None;
    }
    single_chars(p).map(|cs| G::Class(format!("^{}", cs.iter().map(|c| escape_char(*c, true)).collect::<String>())))
}

fn escape_class(s: &str) -> String {
    s.chars().map(|c| escape_char(c, true)).collect()
}

fn render(g: &G) -> String {
    match g {
        G::Never => "[^\\x00-\\U0010FFFF]".into(),
        G::Empty => "\"\"".into(),
        G::Lit(s) => format!("\"{}\"", s.chars().map(|c| escape_char(c, false)).collect::<String>()),
        G::Class(c) => format!("[{c}]"),
        G::Ref(r) => r.clone(),
        G::Seq(v) => v.iter().map(|p| if matches!(p, G::Alt(_)) { format!("({})", render(p)) } else { render(p) }).collect::<Vec<_>>().join(" "),
        G::Alt(v) => v.iter().map(render).collect::<Vec<_>>().join(" | "),
        G::Rep(inner, min, max) => {
            let body = match inner.as_ref() {
                G::Lit(_) | G::Class(_) | G::Ref(_) => render(inner),
                _ => format!("({})", render(inner)),
            };
            match (min, max) {
                (0, Some(1)) => format!("{body}?"),
                (0, None) => format!("{body}*"),
                (1, None) => format!("{body}+"),
                (a, Some(b)) if a == b => format!("{body}{{{a}}}"),
                (a, Some(b)) => format!("{body}{{{a},{b}}}"),
                (a, None) => format!("{body}{{{a},}}"),
            }
        }
    }
}

/// The scene grammar as GBNF, with `root` the whole file.
pub fn scene_gbnf() -> Result<String, String> {
    let pairs = pest_meta::parser::parse(pest_meta::parser::Rule::grammar_rules, PEST_SOURCE).map_err(|e| e.to_string())?;
    let rules = pest_meta::parser::consume_rules(pairs).map_err(|es| es.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))?;
    let mut em = Emitter { rules: rules.iter().map(|r| (r.name.as_str(), r)).collect(), out: BTreeMap::new(), busy: BTreeSet::new() };
    let root = em.rule("file", false);
    if root == G::Never {
        return Err("the grammar's `file` rule is left out".into());
    }
    let mut text = String::from(
        "# The .scene language, generated by `reel grammar --format gbnf` from grammar/scene.pest.\n# Lookaheads, error recovery, comments and stdlib-only declarations are left out.\n",
    );
    // Whitespace may end the file, as it may precede every token.
    text += &format!("root ::= {} ws\n", render(&root));
    text += "ws ::= [ \\t]*\n";
    for (name, body) in &em.out {
        text += &format!("{name} ::= {body}\n");
    }
    Ok(text)
}
