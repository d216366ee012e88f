//! Parse: `&str` → `Ast` + diagnostics. The grammar is `grammar/scene.pest`; this module
//! turns pest's pairs into plain AST nodes, each carrying its byte span. Bad statements
//! become `Error` nodes with an `E0001` diagnostic and parsing goes on.

mod ast;
pub mod fmt;
pub use ast::*;

use pest::iterators::Pair;
use pest::Parser;
use reel_diag::{Code, Diag};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/scene.pest"]
struct SceneParser;

/// The grammar's text (`grammar/scene.pest`), for tools that derive from it (GBNF).
pub const GRAMMAR_SOURCE: &str = include_str!("../grammar/scene.pest");

/// Deepest nesting of brackets the parser accepts; deeper input is rejected up front so the
/// recursive descent can never overflow the stack.
pub const MAX_NESTING: usize = 64;
/// Largest source accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

pub fn parse(src: &str) -> (File, Vec<Diag>) {
    let mut diags = Vec::new();
    if src.len() > MAX_SOURCE_BYTES {
        diags.push(
            Diag::error(Code::E0003, Span::new(0, 0), format!("the file is {} bytes, more than the limit", src.len()))
                .help(format!("scene files are limited to {MAX_SOURCE_BYTES} bytes")),
        );
        return (File::default(), diags);
    }
    if let Some(span) = too_deep(src) {
        diags.push(
            Diag::error(Code::E0002, span, "brackets are nested too deeply")
                .label(format!("nesting deeper than {MAX_NESTING} starts here"))
                .help("scenes never need this much nesting; check for unbalanced brackets"),
        );
        return (File::default(), diags);
    }
    match SceneParser::parse(Rule::file, src) {
        Ok(mut pairs) => {
            let file = pairs.next().expect("file rule");
            let mut b = Builder { diags: &mut diags };
            let ast = b.file(file);
            (ast, diags)
        }
        Err(e) => {
            let (start, end) = match e.location {
                pest::error::InputLocation::Pos(p) => (p, p),
                pest::error::InputLocation::Span((s, e)) => (s, e),
            };
            let end = if end == start { next_char_boundary(src, start) } else { end };
            diags.push(
                Diag::error(Code::E0001, Span::new(start, end), "syntax error: unexpected text")
                    .label("the parser could not go on from here")
                    .help("check for an unbalanced `}` or a declaration outside any block"),
            );
            (File::default(), diags)
        }
    }
}

fn next_char_boundary(src: &str, i: usize) -> usize {
    let mut j = (i + 1).min(src.len());
    while j < src.len() && !src.is_char_boundary(j) {
        j += 1;
    }
    j
}

fn too_deep(src: &str) -> Option<Span> {
    let mut depth = 0usize;
    for (i, b) in src.bytes().enumerate() {
        match b {
            b'{' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(Span::new(i, i + 1));
                }
            }
            b'}' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

struct Builder<'d> {
    diags: &'d mut Vec<Diag>,
}

fn span_of(p: &Pair<Rule>) -> Span {
    let s = p.as_span();
    Span::new(s.start(), s.end())
}

fn ident(p: Pair<Rule>) -> Ident {
    Ident { name: p.as_str().to_string(), span: span_of(&p) }
}

impl Builder<'_> {
    fn syntax_error(&mut self, p: &Pair<Rule>, what: &str, help: &str) {
        self.diags.push(
            Diag::error(Code::E0001, span_of(p), format!("syntax error: this is not a valid {what}"))
                .label(format!("expected a {what}"))
                .help(help.to_string()),
        );
    }

    fn file(&mut self, p: Pair<Rule>) -> File {
        let mut items = Vec::new();
        for it in p.into_inner() {
            let span = span_of(&it);
            let item = match it.as_rule() {
                Rule::scene_decl => {
                    let mut inner = it.into_inner();
                    let title = self.string(inner.next().unwrap());
                    let props = self.props_block(inner.next().unwrap());
                    Item::Scene(SceneDecl { title, props, span })
                }
                Rule::use_decl => {
                    let up = it.into_inner().next().unwrap();
                    let mut path = Vec::new();
                    let mut group = Vec::new();
                    for x in up.into_inner() {
                        match x.as_rule() {
                            Rule::ident => path.push(ident(x)),
                            Rule::use_group => group = x.into_inner().map(ident).collect(),
                            _ => {}
                        }
                    }
                    Item::Use(UseDecl { path, group, span })
                }
                Rule::world_decl => {
                    let props = self.props_block(it.into_inner().next().unwrap());
                    Item::World(WorldDecl { props, span })
                }
                Rule::prop_decl => Item::Prop(self.entity(it)),
                Rule::actor_decl => Item::Actor(self.entity(it)),
                Rule::light_decl => Item::Light(self.entity(it)),
                Rule::set_decl => {
                    let mut inner = it.into_inner();
                    let archetype = ident(inner.next().unwrap());
                    let props = inner.next().map(|b| self.props_block(b));
                    Item::Set(SetDecl { archetype, props, span })
                }
                Rule::material_decl => {
                    let mut inner = it.into_inner();
                    let name = ident(inner.next().unwrap());
                    let props = self.props_block(inner.next().unwrap());
                    Item::Material(MaterialDecl { name, props, span })
                }
                Rule::archetype_decl => {
                    let mut inner = it.into_inner();
                    let name = ident(inner.next().unwrap());
                    let class = ident(inner.next().unwrap());
                    let members = self.members(inner.next().unwrap());
                    Item::Archetype(ArchetypeDecl { name, class, members, span })
                }
                Rule::builtin_decl => {
                    let mut inner = it.into_inner();
                    let kind = ident(inner.next().unwrap());
                    let name = ident(inner.next().unwrap());
                    let signature = self.signature(inner.next().unwrap());
                    let mut for_archetype = None;
                    let mut members = Vec::new();
                    for x in inner {
                        match x.as_rule() {
                            Rule::ident => for_archetype = Some(ident(x)),
                            _ => members = self.members(x),
                        }
                    }
                    Item::Builtin(BuiltinDecl { kind, name, signature, for_archetype, members, span })
                }
                Rule::camera_decl => {
                    let mut inner = it.into_inner();
                    let name = ident(inner.next().unwrap());
                    let props = inner.next().map(|b| self.props_block(b));
                    Item::Camera(CameraDecl { name, props, span })
                }
                Rule::timeline_decl => {
                    let mut tracks = Vec::new();
                    for t in it.into_inner() {
                        let tspan = span_of(&t);
                        if t.as_rule() == Rule::unclosed {
                            self.unclosed(span);
                            continue;
                        }
                        let mut ti = t.into_inner();
                        let first = ti.next().unwrap();
                        if first.as_rule() == Rule::error_track {
                            self.syntax_error(&first, "track", "a track is `NAME { statements }` with NAME an actor or a camera");
                            continue;
                        }
                        let target = ident(first);
                        let stmts = self.stmt_block(ti.next().unwrap());
                        tracks.push(Track { target, stmts, span: tspan });
                    }
                    Item::Timeline(Timeline { tracks, span })
                }
                Rule::error_item => {
                    self.syntax_error(
                        &it,
                        "declaration",
                        "declarations start with `scene`, `use`, `world`, `set`, `prop`, `actor`, `camera`, `light`, `material` or `timeline`",
                    );
                    Item::Error(span)
                }
                Rule::EOI => continue,
                r => unreachable!("unexpected rule {r:?}"),
            };
            items.push(item);
        }
        File { items }
    }

    /// `prop|actor|light NAME = ARCHETYPE { … }`.
    fn entity(&mut self, p: Pair<Rule>) -> EntityDecl {
        let span = span_of(&p);
        let mut inner = p.into_inner();
        let name = ident(inner.next().unwrap());
        let archetype = ident(inner.next().unwrap());
        let props = inner.next().map(|b| self.props_block(b));
        EntityDecl { name, archetype, props, span }
    }

    fn members(&mut self, p: Pair<Rule>) -> Vec<Member> {
        let mut out = Vec::new();
        let span = span_of(&p);
        for m in p.into_inner() {
            if m.as_rule() == Rule::unclosed {
                self.unclosed(span);
                continue;
            }
            let inner = m.into_inner().next().unwrap();
            let span = span_of(&inner);
            match inner.as_rule() {
                Rule::param_decl => {
                    let mut it = inner.into_inner();
                    let key = ident(it.next().unwrap());
                    let signature = self.signature(it.next().unwrap());
                    out.push(Member::Param { key, signature, span });
                }
                Rule::list_decl => {
                    let mut it = inner.into_inner();
                    let kind = ident(it.next().unwrap());
                    out.push(Member::List { kind, names: it.map(ident).collect(), span });
                }
                Rule::piece_decl => {
                    let decl = inner.into_inner().next().unwrap();
                    let piece = match decl.as_rule() {
                        Rule::prop_decl => Piece::Prop(self.entity(decl)),
                        Rule::light_decl => Piece::Light(self.entity(decl)),
                        _ => Piece::World(WorldDecl { props: self.props_block(decl.into_inner().next().unwrap()), span }),
                    };
                    out.push(Member::Piece(piece));
                }
                _ => self.syntax_error(&inner, "member", "a member is `param KEY(signature)` or a list such as `event start, end`"),
            }
        }
        out
    }

    fn signature(&mut self, p: Pair<Rule>) -> Vec<SigArg> {
        let mut out = Vec::new();
        for a in p.into_inner() {
            let span = span_of(&a);
            let mut it = a.into_inner();
            let head = it.next().unwrap();
            let (name, keyword, ty) = match head.as_rule() {
                Rule::sig_pos => {
                    let mut h = head.into_inner();
                    let name = ident(h.next().unwrap());
                    (name, false, self.sig_ty(h.next().unwrap()))
                }
                Rule::sig_kw => {
                    let mut h = head.into_inner();
                    let name = ident(h.next().unwrap());
                    (name, true, self.sig_ty(h.next().unwrap()))
                }
                _ => {
                    let ty = self.sig_ty(head);
                    (ty.name.clone(), false, ty)
                }
            };
            let mut optional = false;
            let mut default = None;
            for x in it {
                match x.as_rule() {
                    Rule::optional => optional = true,
                    _ => default = Some(self.value(x)),
                }
            }
            out.push(SigArg { name, keyword, ty, optional, default, span });
        }
        out
    }

    fn sig_ty(&mut self, p: Pair<Rule>) -> SigType {
        let span = span_of(&p);
        let text = p.as_str().to_string();
        let mut it = p.into_inner();
        let name = ident(it.next().unwrap());
        let rest: Vec<Ident> = it.map(ident).collect();
        // `vec2(length)` has its parameter in brackets; `a | b | c` lists alternatives.
        let bracketed = text[name.name.len()..].trim_start().starts_with('(');
        let (of, alternatives) = if bracketed {
            let mut r = rest.into_iter();
            (r.next(), r.collect())
        } else {
            (None, rest)
        };
        SigType { name, of, alternatives, span }
    }

    fn string(&mut self, p: Pair<Rule>) -> StringLit {
        let span = span_of(&p);
        let raw = p.into_inner().next().map(|x| x.as_str()).unwrap_or("");
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('"') => value.push('"'),
                    Some('\\') => value.push('\\'),
                    Some(other) => {
                        self.diags.push(
                            Diag::error(Code::E0004, span, format!("unknown escape `\\{other}` in a string")).help("the escapes are \\n, \\t, \\\" and \\\\"),
                        );
                    }
                    None => {}
                }
            } else {
                value.push(c);
            }
        }
        StringLit { value, span }
    }

    fn stmt_block(&mut self, p: Pair<Rule>) -> Vec<Stmt> {
        let span = span_of(&p);
        let mut out = Vec::new();
        for s in p.into_inner() {
            if s.as_rule() == Rule::unclosed {
                self.unclosed(span);
            } else if let Some(st) = self.stmt(s) {
                out.push(st);
            }
        }
        out
    }

    fn stmt(&mut self, p: Pair<Rule>) -> Option<Stmt> {
        let inner = if p.as_rule() == Rule::stmt { p.into_inner().next().unwrap() } else { p };
        let span = span_of(&inner);
        let kind = match inner.as_rule() {
            Rule::command => StmtKind::Command(self.command(inner)),
            Rule::at_stmt | Rule::after_stmt => {
                let is_at = inner.as_rule() == Rule::at_stmt;
                let mut it = inner.into_inner();
                let event = self.event_ref(it.next().unwrap());
                let body = Box::new(self.stmt(it.next().unwrap())?);
                if is_at {
                    StmtKind::At(event, body)
                } else {
                    StmtKind::After(event, body)
                }
            }
            Rule::during_stmt => {
                let mut it = inner.into_inner();
                let event = self.event_ref(it.next().unwrap());
                StmtKind::During(event, self.command(it.next().unwrap()))
            }
            Rule::together_stmt => StmtKind::Together(self.stmt_block(inner.into_inner().next().unwrap())),
            Rule::freeze_stmt => {
                let mut it = inner.into_inner();
                let duration = self.value(it.next().unwrap());
                let body = self.stmt_block(it.next().unwrap());
                StmtKind::Freeze { duration, body }
            }
            Rule::error_stmt => {
                self.syntax_error(
                    &inner,
                    "statement",
                    "a statement is `verb arguments…` (e.g. `jump up 25cm`), optionally after `at EVENT`, `after EVENT` or `during PHASE:`",
                );
                return None;
            }
            r => unreachable!("unexpected stmt rule {r:?}"),
        };
        Some(Stmt { kind, span })
    }

    fn command(&mut self, p: Pair<Rule>) -> Command {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let verb = ident(it.next().unwrap());
        let mut args = Vec::new();
        let mut binding = None;
        for a in it {
            if a.as_rule() == Rule::binding {
                binding = Some(ident(a.into_inner().find(|x| x.as_rule() == Rule::ident).unwrap()));
            } else {
                args.push(self.arg(a));
            }
        }
        Command { verb, args, binding, span }
    }

    fn event_ref(&mut self, p: Pair<Rule>) -> EventRef {
        let span = span_of(&p);
        let mut it = p.into_inner();
        let binding = ident(it.next().unwrap());
        let event = ident(it.next().unwrap());
        EventRef { binding, event, span }
    }

    /// A block left open at the end of the file: say where it opened.
    fn unclosed(&mut self, block: Span) {
        self.diags.push(
            Diag::error(Code::E0001, Span::new(block.start, block.start + 1), "syntax error: this `{` is never closed")
                .label("opened here, still open at the end of the file")
                .help("add the missing `}`"),
        );
    }

    fn props_block(&mut self, p: Pair<Rule>) -> PropsBlock {
        let span = span_of(&p);
        let mut props = Vec::new();
        for prop in p.into_inner() {
            if prop.as_rule() == Rule::unclosed {
                self.unclosed(span);
                continue;
            }
            let pspan = span_of(&prop);
            let mut inner = prop.into_inner().peekable();
            let first = inner.next().unwrap();
            if first.as_rule() == Rule::error_prop {
                self.syntax_error(&first, "property", "a property is `name value…`, e.g. `height 18cm`");
                continue;
            }
            let key = ident(first);
            let args = inner.map(|a| self.arg(a)).collect();
            props.push(Property { key, args, span: pspan });
        }
        PropsBlock { props, span }
    }

    fn arg(&mut self, p: Pair<Rule>) -> Arg {
        if p.as_rule() == Rule::props_block {
            Arg::Block(self.props_block(p))
        } else {
            Arg::Value(self.value(p))
        }
    }

    fn value(&mut self, p: Pair<Rule>) -> Value {
        let span = span_of(&p);
        let kind = match p.as_rule() {
            Rule::value => {
                let mut inner = p.into_inner();
                let a = self.value(inner.next().unwrap());
                match inner.next() {
                    Some(b) => ValueKind::Range(Box::new(a), Box::new(self.value(b))),
                    None => return a,
                }
            }
            Rule::resolution => {
                let s = p.as_str();
                let (w, h) = s.split_once('x').unwrap();
                match (w.parse::<u32>(), h.parse::<u32>()) {
                    (Ok(w), Ok(h)) => ValueKind::Resolution(w, h),
                    _ => {
                        self.diags.push(Diag::error(Code::E0005, span, "this resolution is too large to represent").label("too large"));
                        ValueKind::Resolution(0, 0)
                    }
                }
            }
            Rule::quantity => {
                let mut inner = p.into_inner();
                let num = inner.next().unwrap();
                let value: f64 = num.as_str().parse().unwrap_or(f64::INFINITY);
                if !value.is_finite() {
                    self.diags.push(
                        Diag::error(Code::E0005, span_of(&num), "this number is too large")
                            .label("not a finite number")
                            .help("numbers must fit in a 64-bit float"),
                    );
                }
                let unit = inner.next().map(|u| (u.as_str().to_string(), span_of(&u)));
                // NaN marks a number already reported, so the checker does not report it again.
                ValueKind::Number { value: if value.is_finite() { value } else { f64::NAN }, unit }
            }
            Rule::color => {
                let s = &p.as_str()[1..];
                let c = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0);
                ValueKind::Color([c(0), c(2), c(4)])
            }
            Rule::string => ValueKind::Str(self.string(p).value),
            Rule::axis => {
                let s = p.as_str().as_bytes();
                ValueKind::Axis { negative: s[0] == b'-', axis: s[1] as char }
            }
            Rule::tuple => ValueKind::Tuple(p.into_inner().map(|x| self.value(x)).collect()),
            Rule::path => ValueKind::Path(p.into_inner().map(ident).collect()),
            Rule::word => ValueKind::Path(vec![Ident { name: p.as_str().to_string(), span }]),
            r => unreachable!("unexpected value rule {r:?}"),
        };
        Value { kind, span }
    }
}
