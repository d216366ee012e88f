//! Sets: places declared in the stdlib in the language itself (`archetype street : set { …
//! }`), built of props, lights and a world as a scene declares its own. `set street { size
//! (30m, 14m), time evening }` binds the set's params and lays its pieces out: a piece's
//! value that names a param takes the scene's value for it (or the param's default), and a
//! bare number along x or z in a piece's tuple is that fraction of the set's `size`. The
//! pieces are then checked as the scene's own declarations, ahead of them, so a scene can
//! put things `on counter` or walk `to bench`.

use super::*;
use reel_syntax::{Piece, Property, SetDecl, Value, ValueKind};

/// A set laid out: its props and lights, and the world block its pieces give (merged under
/// the scene's own `world`).
pub(crate) struct SetPieces {
    pub(crate) props: Vec<ast::EntityDecl>,
    pub(crate) lights: Vec<ast::EntityDecl>,
    pub(crate) world: Option<PropsBlock>,
    /// The archetypes its pieces use that the scene did not import.
    pub(crate) borrowed: Vec<String>,
}

impl Checker<'_> {
    /// The pieces of the scene's set, checked against its archetype; `None` without one (or
    /// when it is wrong, reported). A second set is an error.
    pub(crate) fn set_pieces(&mut self, items: &[ast::Item]) -> Option<SetPieces> {
        let mut sets = items.iter().filter_map(|i| if let ast::Item::Set(s) = i { Some(s) } else { None });
        let first = sets.next()?;
        for again in sets {
            let d = Diag::error(Code::E0104, again.span, "a second `set`")
                .label("again here")
                .with(first.span, "first here")
                .help("a scene happens in one set; add props for more");
            self.err(d);
        }
        if self.module_only(first.span, "set") || !self.archetype(&first.archetype, "set", "a set") {
            return None;
        }
        let arch = lib().archetype(&first.archetype.name)?;
        let what = format!("a `{}`", arch.name);
        let bound = self.props(first.props.as_ref(), &what, arch.props.as_slice());
        let size = bound.get("size").and_then(|b| b.vec("size")).map_or([1.0, 1.0], |v| [v[0], v[1]]);
        if !(size[0] > 0.5 && size[1] > 0.5 && size[0] <= 500.0 && size[1] <= 500.0) {
            let span = bound.get("size").and_then(|b| b.span("size")).unwrap_or(first.span);
            self.err(Diag::error(Code::E0208, span, "a set's size must be more than 0.5m and at most 500m each way").label("out of range"));
            return None;
        }
        let values = given_values(first, arch);
        let lay = Layout { size, values: &values, span: first.span, fractions: true };
        let mut out = SetPieces { props: Vec::new(), lights: Vec::new(), world: None, borrowed: Vec::new() };
        for piece in &arch.pieces {
            match piece {
                Piece::Prop(d) => out.props.push(lay.entity(d)),
                Piece::Light(d) => out.lights.push(lay.entity(d)),
                // A world's numbers are directions and strengths, never fractions of the size.
                Piece::World(w) => out.world = Some(Layout { fractions: false, ..lay }.block(&w.props)),
            }
        }
        // A set's lamps are lit under an evening sky; by day the sun outshines them, and a
        // lamp costs a CPU renderer as much as the rest of a pixel's light.
        let evening = out.world.as_ref().is_none_or(|w| w.props.iter().any(|p| p.key.name == "sky" && p.args.first().and_then(arg_word) == Some("evening")));
        if !evening {
            out.lights.clear();
        }
        for d in out.props.iter().chain(&out.lights) {
            if !self.imported.contains(&d.archetype.name) {
                self.imported.insert(d.archetype.name.clone());
                out.borrowed.push(d.archetype.name.clone());
            }
        }
        Some(out)
    }

    /// The scene's `world` over its set's: the scene's properties replace the set's.
    pub(crate) fn merged_world(set: Option<&PropsBlock>, own: Option<&PropsBlock>) -> Option<PropsBlock> {
        match (set, own) {
            (None, None) => None,
            (Some(b), None) | (None, Some(b)) => Some(b.clone()),
            (Some(s), Some(o)) => {
                let mut props: Vec<Property> = s.props.iter().filter(|p| !o.props.iter().any(|q| q.key.name == p.key.name)).cloned().collect();
                props.extend(o.props.iter().cloned());
                Some(PropsBlock { props, span: o.span })
            }
        }
    }
}

/// Each of the set's params: the first value the scene gives it, or its declared default.
fn given_values(set: &SetDecl, arch: &stdlib::Archetype) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    for spec in &arch.props {
        let given = set.props.as_ref().and_then(|b| b.props.iter().find(|p| p.key.name == spec.key)).and_then(|p| p.args.first());
        let value = match given {
            Some(ast::Arg::Value(v)) => Some(v.clone()),
            _ => spec.params.first().and_then(|p| p.default).and_then(|a| if let ast::Arg::Value(v) = a { Some(v.clone()) } else { None }),
        };
        if let Some(v) = value {
            out.push((spec.key, v));
        }
    }
    out
}

/// How a set's pieces are laid out for one scene.
#[derive(Clone, Copy)]
struct Layout<'a> {
    size: [f64; 2],
    values: &'a [(&'static str, Value)],
    /// Where diagnostics about a piece point: the scene's `set` line (the piece itself is in
    /// the stdlib).
    span: Span,
    /// Whether bare numbers along x and z are fractions of the size (not in a world).
    fractions: bool,
}

impl Layout<'_> {
    fn entity(&self, d: &ast::EntityDecl) -> ast::EntityDecl {
        let name = Ident { name: d.name.name.clone(), span: self.span };
        let archetype = Ident { name: d.archetype.name.clone(), span: self.span };
        ast::EntityDecl { name, archetype, props: d.props.as_ref().map(|b| self.block(b)), span: self.span }
    }

    fn block(&self, b: &PropsBlock) -> PropsBlock {
        let props = b
            .props
            .iter()
            .map(|p| Property { key: Ident { name: p.key.name.clone(), span: self.span }, args: p.args.iter().map(|a| self.arg(a)).collect(), span: self.span })
            .collect();
        PropsBlock { props, span: self.span }
    }

    fn arg(&self, a: &ast::Arg) -> ast::Arg {
        match a {
            ast::Arg::Value(v) => ast::Arg::Value(self.value(v, None)),
            ast::Arg::Block(b) => ast::Arg::Block(self.block(b)),
        }
    }

    /// A piece's value for this scene: a param's name becomes the scene's value for it (kept
    /// as the scene wrote it, spans and all); a bare number at `axis` 0 (x) or 2 (z) of a
    /// tuple becomes that fraction of the set's size, in metres.
    fn value(&self, v: &Value, axis: Option<usize>) -> Value {
        if let Some(given) = v.word().and_then(|w| self.values.iter().find(|(k, _)| *k == w)).map(|(_, g)| g) {
            return given.clone();
        }
        let kind = match &v.kind {
            ValueKind::Number { value, unit: None } if self.fractions && (axis == Some(0) || axis == Some(2)) => {
                let scale = if axis == Some(0) { self.size[0] } else { self.size[1] };
                ValueKind::Number { value: value * scale, unit: Some(("m".into(), self.span)) }
            }
            ValueKind::Tuple(items) => {
                let axes: &[usize] = if items.len() == 2 { &[0, 2] } else { &[0, 1, 2] };
                ValueKind::Tuple(items.iter().enumerate().map(|(i, x)| self.value(x, axes.get(i).copied())).collect())
            }
            ValueKind::Range(a, b) => ValueKind::Range(Box::new(self.value(a, None)), Box::new(self.value(b, None))),
            ValueKind::Path(p) => ValueKind::Path(p.iter().map(|i| Ident { name: i.name.clone(), span: self.span }).collect()),
            ValueKind::Number { value, unit } => ValueKind::Number { value: *value, unit: unit.as_ref().map(|(u, _)| (u.clone(), self.span)) },
            other => other.clone(),
        };
        Value { kind, span: self.span }
    }
}

fn arg_word(a: &ast::Arg) -> Option<&str> {
    if let ast::Arg::Value(v) = a {
        v.word()
    } else {
        None
    }
}
