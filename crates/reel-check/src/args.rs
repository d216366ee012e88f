//! Binding a command's or property's arguments to declared parameters: positional ones in
//! order, keyword ones (`up 25cm`, `over 3s`) by their word. Reports unknown, repeated and
//! missing parameters and wrong units, all of them, not just the first.

use super::units::{self, Dim};
use reel_diag::{suggest, Code, Diag};
use reel_syntax::{Arg, Ident, PropsBlock, Span, Value, ValueKind};
use std::collections::BTreeMap;

/// The most points a path takes.
pub const MAX_POINTS: usize = 64;

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Q(Dim),
    /// A quantity, or a range `a -> b` of two.
    QOrRange(Dim),
    /// A tuple of 2 or 3 quantities.
    Vec(usize, Dim),
    /// A name of something declared (or a part of it: `wukong.head`).
    Name,
    /// What a camera films: a name, or a tuple of names filmed together (`(ann, bob)`).
    Subject,
    /// Points on the floor: a tuple of (x, z) tuples, `((1m, 0m), (2m, 1m))`.
    Points(Dim),
    /// A place: the name of something declared, or a floor point (x, z).
    Place,
    /// A direction to face: an axis, an angle, a floor point (x, z) or a thing's name.
    Heading,
    /// One of a fixed set of words.
    Word(&'static [&'static str]),
    Color,
    Axis,
    Block,
    Resolution,
    Str,
}

#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    /// `None`: positional.
    pub keyword: Option<&'static str>,
    pub kind: Kind,
    pub required: bool,
    /// The value it takes when not given (declared in the stdlib).
    pub default: Option<&'static Arg>,
}

#[derive(Debug, Clone)]
pub enum Got<'a> {
    Num(f64),
    Range(f64, f64),
    Vec(Vec<f64>),
    Name(&'a [Ident]),
    /// Two or more names, filmed together.
    Names(Vec<&'a [Ident]>),
    /// Floor points (x, z).
    Points(Vec<[f64; 2]>),
    Word(&'a str),
    Color([u8; 3]),
    Axis(bool, char),
    Block(&'a PropsBlock),
    Resolution(u32, u32),
    Str(&'a str),
}

#[derive(Debug, Default)]
pub struct Bound<'a> {
    pub values: BTreeMap<&'static str, (Got<'a>, Span)>,
    /// The whole property was left out and took its declared default.
    pub defaulted: bool,
}

impl<'a> Bound<'a> {
    pub fn num(&self, k: &str) -> Option<f64> {
        match self.values.get(k) {
            Some((Got::Num(v), _)) => Some(*v),
            _ => None,
        }
    }
    pub fn get(&self, k: &str) -> Option<&(Got<'a>, Span)> {
        self.values.get(k)
    }
    pub fn word(&self, k: &str) -> Option<&'a str> {
        match self.values.get(k) {
            Some((Got::Word(w), _)) => Some(w),
            _ => None,
        }
    }
    pub fn vec(&self, k: &str) -> Option<&[f64]> {
        match self.values.get(k) {
            Some((Got::Vec(v), _)) => Some(v),
            _ => None,
        }
    }
    pub fn span(&self, k: &str) -> Option<Span> {
        self.values.get(k).map(|(_, s)| *s)
    }
}

/// Bind `args` to `params`. `what` names the command for messages (e.g. "`jump`").
/// Returns the bound values and whether everything bound cleanly.
pub fn bind<'a>(what: &str, whole: Span, args: &'a [Arg], params: &[Param], diags: &mut Vec<Diag>) -> (Bound<'a>, bool) {
    let mut out = Bound::default();
    let mut tried: Vec<&'static str> = Vec::new();
    let mut ok = true;
    let mut i = 0;
    let mut next_pos = 0;
    let positional: Vec<&Param> = params.iter().filter(|p| p.keyword.is_none() && !matches!(p.kind, Kind::Block)).collect();
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        let (param, value_arg) = match arg {
            Arg::Block(_) => match params.iter().find(|p| matches!(p.kind, Kind::Block)) {
                Some(p) => (p, arg),
                None => {
                    diags.push(Diag::error(Code::E0203, arg.span(), format!("{what} takes no `{{ … }}` block")).label("unexpected block"));
                    ok = false;
                    continue;
                }
            },
            Arg::Value(v) => {
                if let Some(p) = v.word().and_then(|w| params.iter().find(|p| p.keyword == Some(w))) {
                    match args.get(i) {
                        Some(next) => {
                            i += 1;
                            (p, next)
                        }
                        None => {
                            diags.push(Diag::error(Code::E0204, v.span, format!("`{}` needs a value", p.name)).label("nothing follows").help(format!(
                                "write `{} {}`",
                                p.name,
                                kind_example(p.kind)
                            )));
                            ok = false;
                            continue;
                        }
                    }
                } else if let Some(p) = {
                    next_pos = skip_left_out_word(&positional, next_pos, v);
                    positional.get(next_pos)
                } {
                    next_pos += 1;
                    (*p, arg)
                } else {
                    let mut d = Diag::error(Code::E0203, v.span, format!("unexpected argument to {what}")).label("not a parameter here");
                    let keywords: Vec<&str> = params.iter().filter_map(|p| p.keyword).collect();
                    if let Some(s) = v.word().and_then(|w| suggest(w, keywords.iter().copied())) {
                        d = d.help(format!("did you mean `{s}`?"));
                    } else if !keywords.is_empty() {
                        d = d.help(format!("{what} takes: {}", keywords.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")));
                    }
                    diags.push(d);
                    ok = false;
                    continue;
                }
            }
        };
        if let Some((_, prev)) = out.values.get(param.name) {
            diags.push(
                Diag::error(Code::E0205, value_arg.span(), format!("`{}` is given twice", param.name))
                    .label("second time")
                    .with(*prev, "first time")
                    .help("give each parameter once"),
            );
            ok = false;
            continue;
        }
        tried.push(param.name);
        if reported_already(value_arg) {
            ok = false;
            continue;
        }
        match convert(param, value_arg) {
            Ok(g) => {
                out.values.insert(param.name, (g, value_arg.span()));
            }
            Err(d) => {
                diags.push(d);
                ok = false;
            }
        }
    }
    // Defaults for what was not given.
    for p in params {
        if let (Some(d), false) = (p.default, out.values.contains_key(p.name) || tried.contains(&p.name)) {
            if let Ok(g) = convert(p, d) {
                out.values.insert(p.name, (g, whole));
            }
        }
    }
    // A parameter given with a bad value was reported already; it is not also "missing".
    for p in params.iter().filter(|p| p.required && !out.values.contains_key(p.name) && !tried.contains(&p.name)) {
        let how = match p.keyword {
            Some(k) => format!("add `{k} {}`", kind_example(p.kind)),
            None => format!("add the {} ({})", p.name, kind_example(p.kind)),
        };
        diags.push(Diag::error(Code::E0204, whole, format!("{what} is missing its `{}`", p.name)).label("missing a parameter").help(how));
        ok = false;
    }
    (out, ok)
}

/// The positional parameter a value goes to: an optional word left out (`kick ball` for
/// `kick <leg: right_leg | left_leg> = right_leg, <item: name>`) passes the value on to the
/// next positional.
fn skip_left_out_word(positional: &[&Param], mut at: usize, v: &Value) -> usize {
    while let Some(Kind::Word(words)) = positional.get(at).map(|p| p.kind) {
        let left_out = !positional[at].required && !v.word().is_some_and(|w| words.contains(&w));
        if !left_out || at + 1 >= positional.len() {
            break;
        }
        at += 1;
    }
    at
}

/// A value holding a number the parser already reported as too large (NaN).
fn reported_already(arg: &Arg) -> bool {
    fn nan(v: &Value) -> bool {
        match &v.kind {
            ValueKind::Number { value, .. } => value.is_nan(),
            ValueKind::Tuple(items) => items.iter().any(nan),
            ValueKind::Range(a, b) => nan(a) || nan(b),
            _ => false,
        }
    }
    matches!(arg, Arg::Value(v) if nan(v))
}

pub fn kind_example(k: Kind) -> &'static str {
    match k {
        Kind::Q(Dim::Length) | Kind::QOrRange(Dim::Length) => "25cm",
        Kind::Q(Dim::Duration) | Kind::QOrRange(Dim::Duration) => "3s",
        Kind::Q(Dim::Angle) | Kind::QOrRange(Dim::Angle) => "360deg",
        Kind::Q(Dim::Acceleration) | Kind::QOrRange(Dim::Acceleration) => "9.81 m/s2",
        Kind::Q(Dim::Unitless) | Kind::QOrRange(Dim::Unitless) => "1",
        Kind::Q(Dim::Speed) | Kind::QOrRange(Dim::Speed) => "0.5 m/s",
        Kind::Q(Dim::Ratio) | Kind::QOrRange(Dim::Ratio) => "0.25x",
        Kind::Vec(2, _) => "(1m, 0m)",
        Kind::Vec(..) => "(1m, 0m, 0m)",
        Kind::Name => "NAME",
        Kind::Subject => "(ann, bob)",
        Kind::Points(_) => "((1m, 0m), (2m, 1m))",
        Kind::Place => "table, or (1m, 0m)",
        Kind::Heading => "-x, 30deg, (1m, 0m) or ann",
        Kind::Word(w) => w[0],
        Kind::Color => "#c8912e",
        Kind::Axis => "+x",
        Kind::Block => "{ … }",
        Kind::Resolution => "1280x720",
        Kind::Str => "\"text\"",
    }
}

fn mismatch(v: &Value, want: &str, example: &str) -> Diag {
    Diag::error(Code::E0206, v.span, format!("expected {want}, found {}", units::describe(v)))
        .label(format!("expected {want}"))
        .help(format!("write {example}"))
}

fn convert<'a>(p: &Param, arg: &'a Arg) -> Result<Got<'a>, Diag> {
    let v = match arg {
        Arg::Block(b) => {
            return if matches!(p.kind, Kind::Block) {
                Ok(Got::Block(b))
            } else {
                Err(Diag::error(Code::E0206, b.span, format!("`{}` takes a value, not a block", p.name)).label("unexpected block"))
            }
        }
        Arg::Value(v) => v,
    };
    match p.kind {
        Kind::Q(d) => units::quantity(v, d).map(Got::Num),
        Kind::QOrRange(d) => match &v.kind {
            ValueKind::Range(a, b) => Ok(Got::Range(units::quantity(a, d)?, units::quantity(b, d)?)),
            _ => units::quantity(v, d).map(Got::Num),
        },
        Kind::Vec(n, d) => match &v.kind {
            ValueKind::Tuple(items) if items.len() == n => items.iter().map(|x| units::quantity(x, d)).collect::<Result<Vec<_>, _>>().map(Got::Vec),
            _ => Err(mismatch(v, &format!("a tuple of {n} ({})", d.name()), kind_example(p.kind))),
        },
        Kind::Name => match &v.kind {
            ValueKind::Path(path) => Ok(Got::Name(path)),
            _ => Err(mismatch(v, "a name", "the name of something declared")),
        },
        Kind::Subject => match &v.kind {
            ValueKind::Path(path) => Ok(Got::Name(path)),
            ValueKind::Tuple(items) if items.len() >= 2 && items.iter().all(|x| matches!(x.kind, ValueKind::Path(_))) => {
                Ok(Got::Names(items.iter().filter_map(|x| if let ValueKind::Path(p) = &x.kind { Some(p.as_slice()) } else { None }).collect()))
            }
            _ => Err(mismatch(v, "a name or a tuple of names", "`ann`, or `(ann, bob)` to film both")),
        },
        Kind::Points(d) => match &v.kind {
            ValueKind::Tuple(items) if items.len() <= MAX_POINTS && items.iter().all(|x| matches!(&x.kind, ValueKind::Tuple(xz) if xz.len() == 2)) => items
                .iter()
                .map(|x| match &x.kind {
                    ValueKind::Tuple(xz) => Ok([units::quantity(&xz[0], d)?, units::quantity(&xz[1], d)?]),
                    _ => unreachable!(),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Got::Points),
            ValueKind::Tuple(xz) if xz.len() == 2 && xz.iter().all(|x| !matches!(x.kind, ValueKind::Tuple(_))) => {
                Ok(Got::Points(vec![[units::quantity(&xz[0], d)?, units::quantity(&xz[1], d)?]]))
            }
            _ => Err(mismatch(v, &format!("up to {MAX_POINTS} points (x, z)"), kind_example(p.kind))),
        },
        Kind::Heading => match &v.kind {
            ValueKind::Axis { negative, axis } => Ok(Got::Axis(*negative, *axis)),
            ValueKind::Number { .. } => units::quantity(v, Dim::Angle).map(Got::Num),
            ValueKind::Path(path) => Ok(Got::Name(path)),
            ValueKind::Tuple(items) if items.len() == 2 => items.iter().map(|x| units::quantity(x, Dim::Length)).collect::<Result<Vec<_>, _>>().map(Got::Vec),
            _ => Err(mismatch(v, "an axis, an angle, a point (x, z) or a name", kind_example(p.kind))),
        },
        Kind::Place => match &v.kind {
            ValueKind::Path(path) => Ok(Got::Name(path)),
            ValueKind::Tuple(items) if items.len() == 2 => items.iter().map(|x| units::quantity(x, Dim::Length)).collect::<Result<Vec<_>, _>>().map(Got::Vec),
            _ => Err(mismatch(v, "a name or a point (x, z)", kind_example(p.kind))),
        },
        Kind::Word(words) => match v.word() {
            Some(w) if words.contains(&w) => Ok(Got::Word(w)),
            Some(w) => {
                let mut d = Diag::error(Code::E0207, v.span, format!("`{w}` is not a valid {}", p.name)).label(format!("unknown {}", p.name));
                d = match suggest(w, words.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`? (one of: {})", words.join(", "))),
                    None => d.help(format!("one of: {}", words.join(", "))),
                };
                Err(d)
            }
            None => Err(mismatch(v, &format!("one of: {}", words.join(", ")), words[0])),
        },
        Kind::Color => match v.kind {
            ValueKind::Color(c) => Ok(Got::Color(c)),
            _ => Err(mismatch(v, "a colour", "`#c8912e`")),
        },
        Kind::Axis => match v.kind {
            ValueKind::Axis { negative, axis } => Ok(Got::Axis(negative, axis)),
            _ => Err(mismatch(v, "an axis", "`+x` or `-z`")),
        },
        Kind::Resolution => match v.kind {
            ValueKind::Resolution(w, h) => Ok(Got::Resolution(w, h)),
            _ => Err(mismatch(v, "a resolution", "`1280x720`")),
        },
        Kind::Str => match &v.kind {
            ValueKind::Str(s) => Ok(Got::Str(s)),
            _ => Err(mismatch(v, "a string", "`\"text\"`")),
        },
        Kind::Block => Err(mismatch(v, "a `{ … }` block", "`{ … }`")),
    }
}
