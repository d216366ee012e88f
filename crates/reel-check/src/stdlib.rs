//! The standard library: `stdlib/*.scene`, written in the language, parsed once at start.
//! Archetypes declare the properties a `prop`/`actor`/`light` may take; builtins declare the
//! verbs the engine implements (actor motions, camera moves) with their signatures, events,
//! phases and the body parts they drive. The checker, `reel explain`, hover, completion and
//! docs/reference.md all read these declarations: one source.

use super::args::{Kind, Param};
use super::units::Dim;
use reel_diag::{Code, Diag};
use reel_ir::Event;
use reel_syntax::{self as syntax, ArchetypeDecl, Arg, BuiltinDecl, Item, Member, SigArg, Span};
use std::sync::OnceLock;

/// The stdlib's files: (module, file name, text). The prelude is always in scope.
pub const FILES: &[(&str, &str, &str)] = &[
    ("std", "prelude.scene", include_str!("../stdlib/prelude.scene")),
    ("std.props", "props.scene", include_str!("../stdlib/props.scene")),
    ("std.characters", "characters.scene", include_str!("../stdlib/characters.scene")),
    ("std.lights", "lights.scene", include_str!("../stdlib/lights.scene")),
    ("std.sets", "sets.scene", include_str!("../stdlib/sets.scene")),
];

pub const PRELUDE: &str = "std";

/// A property of an archetype (`height 18cm`) or of a builtin's block.
#[derive(Debug)]
pub struct PropSpec {
    pub key: &'static str,
    pub params: &'static [Param],
    pub doc: &'static str,
    /// Its key in its stdlib file: its own `param` line, for the reference and hover.
    pub span: Span,
}

#[derive(Debug)]
pub struct Archetype {
    pub name: &'static str,
    /// settings | camera | material | prop | actor | held | light | layout.
    pub class: &'static str,
    /// The archetype it is a kind of (`person : humanoid`).
    pub base: Option<&'static str>,
    pub module: &'static str,
    pub doc: &'static str,
    pub props: Vec<PropSpec>,
    pub parts: Vec<&'static str>,
    pub events: Vec<(&'static str, Event)>,
    /// A set's pieces: the props, lights and world it is built of.
    pub pieces: Vec<syntax::Piece>,
    pub file: &'static str,
    pub span: Span,
}

/// A builtin verb: an actor's motion or a camera's move.
#[derive(Debug)]
pub struct MotionSpec {
    pub name: &'static str,
    /// An actor's motion (true) or a camera move (false).
    pub actor: bool,
    /// The archetype that can do it (motions only).
    pub for_archetype: Option<&'static str>,
    pub params: &'static [Param],
    pub events: Vec<(&'static str, Event)>,
    pub phases: Vec<(&'static str, Event)>,
    /// Body parts (or channel names) it drives; `arm` means the part its `arm` names.
    pub drives: Vec<&'static str>,
    /// What its `{ … }` block may say.
    pub block: Vec<PropSpec>,
    pub doc: &'static str,
    pub file: &'static str,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Stdlib {
    pub archetypes: Vec<Archetype>,
    /// Stock materials (`material steel { … }`), always in scope.
    pub materials: Vec<&'static syntax::MaterialDecl>,
    pub motions: Vec<MotionSpec>,
    /// Problems in the stdlib itself; a test keeps this empty.
    pub problems: Vec<(String, Diag)>,
}

impl Stdlib {
    pub fn archetype(&self, name: &str) -> Option<&Archetype> {
        self.archetypes.iter().find(|a| a.name == name)
    }
    /// Whether `name` is `kind` or a kind of it (`person` is a `humanoid`; every
    /// archetype of the class `prop` is a `prop`).
    pub fn is_a(&self, name: &str, kind: &str) -> bool {
        if self.archetype(name).is_some_and(|a| a.class == kind) {
            return true;
        }
        let mut at = Some(name);
        for _ in 0..16 {
            match at {
                Some(n) if n == kind => return true,
                Some(n) => at = self.archetype(n).and_then(|a| a.base),
                None => return false,
            }
        }
        false
    }
    pub fn motion(&self, name: &str) -> Option<&MotionSpec> {
        self.motions.iter().find(|m| m.name == name)
    }
    /// The properties of an archetype (empty when it does not exist).
    pub fn props(&self, archetype: &str) -> &[PropSpec] {
        self.archetype(archetype).map(|a| a.props.as_slice()).unwrap_or(&[])
    }
    /// Module names that `use` can name (not the prelude).
    pub fn modules(&self) -> Vec<&'static str> {
        FILES.iter().map(|(m, _, _)| *m).filter(|m| *m != PRELUDE).collect()
    }
    pub fn module_items(&self, module: &str) -> Vec<&'static str> {
        self.archetypes.iter().filter(|a| a.module == module).map(|a| a.name).collect()
    }
    pub fn archetypes_of(&self, class: &str) -> Vec<&'static str> {
        self.archetypes.iter().filter(|a| a.class == class).map(|a| a.name).collect()
    }
    pub fn verbs(&self, actor: bool) -> Vec<&'static str> {
        self.motions.iter().filter(|m| m.actor == actor).map(|m| m.name).collect()
    }
    /// The events an archetype's things produce (`ball.rests`).
    pub fn props_archetype_events(&self, archetype: &str) -> Vec<(&'static str, Event)> {
        self.archetype(archetype).map(|a| a.events.clone()).unwrap_or_default()
    }
    /// The line of a stdlib file that declares the item at `span`, without a trailing `{`.
    pub fn decl_line(file: &str, span: Span) -> String {
        let src = Self::source(file).unwrap_or("");
        let start = src[..span.start.min(src.len())].rfind('\n').map_or(0, |i| i + 1);
        let end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        src[start..end].trim().trim_end_matches('{').trim_end().to_string()
    }
    /// The source text of a stdlib file.
    pub fn source(file: &str) -> Option<&'static str> {
        FILES.iter().find(|(_, f, _)| *f == file).map(|(_, _, s)| *s)
    }
}

/// docs/stdlib.md: every module, archetype, property, motion and camera move, generated
/// from the declarations (a test keeps the file equal to this).
pub fn reference_markdown() -> String {
    let lib = lib();
    let mut out = String::from(
        "# The standard library\n\nGenerated from `stdlib/*.scene` by `reel stdlib` (a test checks it is current). \\\nSignatures: `<name: type>` is positional, `word type` a keyword argument, `?` optional, `= value` the default.\n",
    );
    for (module, file, src) in FILES {
        out += &format!("\n## `{module}` (stdlib/{file})\n");
        if *module == PRELUDE {
            out += "\nAlways in scope.\n";
        }
        for a in lib.archetypes.iter().filter(|a| a.file == *file) {
            out += &format!("\n### {} `{}`\n\n{}\n\n", a.class, a.name, a.doc.replace('\n', " "));
            out += "| property | signature | |\n| --- | --- | --- |\n";
            for p in &a.props {
                // The property's own declaration (not the first of that name in the file).
                let decl = Stdlib::decl_line(a.file, p.span);
                out += &format!("| `{}` | `{}` | {} |\n", p.key, decl.trim_start_matches("param ").replace('|', "\\|"), p.doc.replace('\n', " "));
            }
            if !a.parts.is_empty() {
                out += &format!("\nParts: {}.\n", a.parts.join(", "));
            }
            if !a.events.is_empty() {
                out += &format!("\nEvents: {}.\n", a.events.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "));
            }
        }
        for m in lib.motions.iter().filter(|m| m.file == *file) {
            let who = match m.for_archetype {
                Some(a) => format!("motion of `{a}`"),
                None => "camera move".to_string(),
            };
            out += &format!("\n### `{}`: {who}\n\n```\n{}\n```\n\n{}\n", m.name, Stdlib::decl_line(m.file, m.span), m.doc.replace('\n', " "));
            if !m.events.is_empty() {
                out += &format!("\nEvents: {}.", m.events.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "));
                if !m.phases.is_empty() {
                    out += &format!(" Phases: {}.", m.phases.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "));
                }
                out += &format!(" Drives: {}.\n", m.drives.join(", "));
            }
            for p in &m.block {
                out += &format!("\n- block `{}`: {}", p.key, p.doc.replace('\n', " "));
            }
            if !m.block.is_empty() {
                out += "\n";
            }
        }
        let stock: Vec<&str> = lib.materials.iter().filter(|d| src.contains(&format!("material {} {{", d.name.name))).map(|d| d.name.name.as_str()).collect();
        if !stock.is_empty() {
            out += &format!("\nStock materials: {}.\n", stock.join(", "));
        }
    }
    out
}

/// The standard library, loaded once.
pub fn lib() -> &'static Stdlib {
    static LIB: OnceLock<Stdlib> = OnceLock::new();
    LIB.get_or_init(load)
}

fn leak<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// The names of events and phases the engine can find, and what they are.
pub fn event_named(name: &str) -> Option<Event> {
    Some(match name {
        "start" => Event::Start,
        "takeoff" => Event::Takeoff,
        "apex" => Event::Apex,
        "landing" => Event::Landing,
        "flight" => Event::Flight,
        "end" => Event::End,
        "rests" => Event::Rests,
        "leaves" => Event::Leaves,
        "contact" => Event::Contact,
        "release" => Event::Release,
        "bounce" => Event::Bounce(1),
        _ => {
            let n = ["second", "third", "fourth", "fifth"].iter().position(|o| name.strip_suffix("_bounce") == Some(*o))?;
            Event::Bounce(n as u8 + 2)
        }
    })
}

/// The `///` lines just above byte `at` of `src`, joined.
pub fn doc_above(src: &str, at: usize) -> String {
    let before = &src[..at.min(src.len())];
    let mut lines: Vec<&str> = Vec::new();
    for line in before.lines().rev().skip(if before.ends_with('\n') { 0 } else { 1 }) {
        match line.trim().strip_prefix("///") {
            Some(doc) => lines.push(doc.strip_prefix(' ').unwrap_or(doc)),
            None => break,
        }
    }
    lines.reverse();
    lines.join("\n")
}

fn load() -> Stdlib {
    let mut lib = Stdlib::default();
    for (module, file, src) in FILES {
        let (ast, diags) = syntax::parse(src);
        for d in diags {
            lib.problems.push((file.to_string(), d));
        }
        let mut l = Loader { file, src, problems: Vec::new() };
        for item in &ast.items {
            match item {
                Item::Archetype(a) => {
                    let arch = l.archetype(a, module, &lib.archetypes);
                    lib.archetypes.push(arch);
                }
                Item::Builtin(b) => {
                    let m = l.builtin(b);
                    lib.motions.push(m);
                }
                Item::Material(m) => lib.materials.push(Box::leak(Box::new(m.clone()))),
                other => l.problem(item_span(other), "the standard library holds only `archetype`, `builtin` and `material` declarations"),
            }
        }
        lib.problems.extend(l.problems.into_iter().map(|d| (file.to_string(), d)));
    }
    lib
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Scene(d) => d.span,
        Item::Use(d) => d.span,
        Item::World(d) => d.span,
        Item::Prop(d) | Item::Actor(d) | Item::Light(d) => d.span,
        Item::Camera(d) => d.span,
        Item::Material(d) => d.span,
        Item::Set(d) => d.span,
        Item::Timeline(d) => d.span,
        Item::Archetype(d) => d.span,
        Item::Builtin(d) => d.span,
        Item::Error(s) => *s,
    }
}

fn piece_span(p: &syntax::Piece) -> Span {
    match p {
        syntax::Piece::Prop(d) | syntax::Piece::Light(d) => d.span,
        syntax::Piece::World(w) => w.span,
    }
}

struct Loader<'s> {
    file: &'static str,
    src: &'s str,
    problems: Vec<Diag>,
}

impl Loader<'_> {
    fn problem(&mut self, span: Span, message: &str) {
        self.problems.push(Diag::error(Code::E0109, span, message.to_string()));
    }

    fn doc(&self, span: Span) -> &'static str {
        leak_str(&doc_above(self.src, span.start))
    }

    /// An archetype; `archetype person : humanoid` is a kind of an earlier one: its class,
    /// and its properties, parts and events unless it declares its own.
    fn archetype(&mut self, a: &ArchetypeDecl, module: &'static str, earlier: &[Archetype]) -> Archetype {
        let mut arch = Archetype {
            name: leak_str(&a.name.name),
            class: leak_str(&a.class.name),
            base: None,
            module,
            doc: self.doc(a.span),
            props: Vec::new(),
            parts: Vec::new(),
            events: Vec::new(),
            pieces: Vec::new(),
            file: self.file,
            span: a.name.span,
        };
        if let Some(base) = earlier.iter().find(|b| b.name == a.class.name) {
            arch.class = base.class;
            arch.base = Some(base.name);
            arch.props = base.props.iter().map(|p| PropSpec { key: p.key, params: p.params, doc: p.doc, span: p.span }).collect();
            arch.parts = base.parts.clone();
            arch.events = base.events.clone();
        } else if !["settings", "camera", "material", "prop", "actor", "held", "light", "layout", "set"].contains(&arch.class) {
            self.problem(a.class.span, "unknown archetype class");
        }
        for m in &a.members {
            match m {
                Member::Param { key, signature, span } => {
                    let params = self.signature(signature);
                    let spec = PropSpec { key: leak_str(&key.name), params, doc: self.doc(*span), span: key.span };
                    match arch.props.iter_mut().find(|p| p.key == spec.key) {
                        Some(own) => *own = spec,
                        None => arch.props.push(spec),
                    }
                }
                Member::List { kind, names, .. } if kind.name == "part" => arch.parts.extend(names.iter().map(|n| leak_str(&n.name))),
                Member::List { kind, names, .. } if kind.name == "event" => arch.events.extend(self.events(names)),
                Member::List { span, .. } => self.problem(*span, "an archetype's members are `param`, `part` and `event`"),
                Member::Piece(p) if arch.class == "set" => arch.pieces.push(p.clone()),
                Member::Piece(p) => self.problem(piece_span(p), "only a `set` is built of props, lights and a world"),
            }
        }
        arch
    }

    fn events(&mut self, names: &[syntax::Ident]) -> Vec<(&'static str, Event)> {
        let mut out = Vec::new();
        for n in names {
            match event_named(&n.name) {
                Some(e) => out.push((leak_str(&n.name), e)),
                None => self.problem(n.span, "the engine finds no such event"),
            }
        }
        out
    }

    fn builtin(&mut self, b: &BuiltinDecl) -> MotionSpec {
        let actor = match b.kind.name.as_str() {
            "motion" => true,
            "move" => false,
            _ => {
                self.problem(b.kind.span, "a builtin is a `motion` or a `move`");
                false
            }
        };
        let mut m = MotionSpec {
            name: leak_str(&b.name.name),
            actor,
            for_archetype: b.for_archetype.as_ref().map(|a| leak_str(&a.name)),
            params: self.signature(&b.signature),
            events: Vec::new(),
            phases: Vec::new(),
            drives: Vec::new(),
            block: Vec::new(),
            doc: self.doc(b.span),
            file: self.file,
            span: b.name.span,
        };
        if actor && m.for_archetype.is_none() {
            self.problem(b.name.span, "a motion says which archetype does it: `for humanoid`");
        }
        for mem in &b.members {
            match mem {
                Member::Param { key, signature, span } => {
                    let params = self.signature(signature);
                    m.block.push(PropSpec { key: leak_str(&key.name), params, doc: self.doc(*span), span: key.span });
                }
                Member::List { kind, names, span } => match kind.name.as_str() {
                    "event" => m.events.extend(self.events(names)),
                    "phase" => m.phases.extend(self.events(names)),
                    "drives" => m.drives.extend(names.iter().map(|n| leak_str(&n.name))),
                    _ => self.problem(*span, "a builtin's members are `param`, `event`, `phase` and `drives`"),
                },
                Member::Piece(p) => self.problem(piece_span(p), "a builtin is not built of pieces"),
            }
        }
        m
    }

    /// Turn a signature into parameters.
    fn signature(&mut self, sig: &[SigArg]) -> &'static [Param] {
        let mut out = Vec::new();
        for a in sig {
            let Some(kind) = self.kind(a) else { continue };
            let name: &'static str = leak_str(&a.name.name);
            let default: Option<&'static Arg> = a.default.as_ref().map(|v| &*Box::leak(Box::new(Arg::Value(v.clone()))));
            out.push(Param { name, keyword: if a.keyword { Some(name) } else { None }, kind, required: !a.optional && default.is_none(), default });
        }
        leak(out)
    }

    fn kind(&mut self, a: &SigArg) -> Option<Kind> {
        let t = &a.ty;
        if !t.alternatives.is_empty() {
            let mut words = vec![leak_str(&t.name.name)];
            words.extend(t.alternatives.iter().map(|w| leak_str(&w.name)));
            return Some(Kind::Word(leak(words)));
        }
        let dim = |n: &str| {
            Some(match n {
                "length" => Dim::Length,
                "duration" => Dim::Duration,
                "angle" => Dim::Angle,
                "speed" => Dim::Speed,
                "acceleration" => Dim::Acceleration,
                "ratio" => Dim::Ratio,
                "number" => Dim::Unitless,
                _ => return None,
            })
        };
        let of = t.of.as_ref().map(|o| o.name.as_str());
        let k = match (t.name.name.as_str(), of) {
            ("vec2", Some(o)) => dim(o).map(|d| Kind::Vec(2, d)),
            ("vec3", Some(o)) => dim(o).map(|d| Kind::Vec(3, d)),
            ("range", Some(o)) => dim(o).map(Kind::QOrRange),
            ("points", Some(o)) => dim(o).map(Kind::Points),
            ("place", None) => Some(Kind::Place),
            ("heading", None) => Some(Kind::Heading),
            ("name", None) => Some(Kind::Name),
            ("subject", None) => Some(Kind::Subject),
            ("color", None) => Some(Kind::Color),
            ("axis", None) => Some(Kind::Axis),
            ("block", None) => Some(Kind::Block),
            ("resolution", None) => Some(Kind::Resolution),
            ("string", None) => Some(Kind::Str),
            (n, None) => dim(n).map(Kind::Q),
            _ => None,
        };
        if k.is_none() {
            self.problem(t.span, "unknown type");
        }
        k
    }
}
