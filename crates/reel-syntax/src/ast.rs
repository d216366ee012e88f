//! The abstract syntax tree. Plain data; every node carries its byte span in the source.

pub use reel_diag::Span;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Item {
    Scene(SceneDecl),
    Use(UseDecl),
    World(WorldDecl),
    Prop(EntityDecl),
    Actor(EntityDecl),
    Camera(CameraDecl),
    /// `light NAME = ARCHETYPE { … }`.
    Light(EntityDecl),
    /// `material NAME { … }`.
    Material(MaterialDecl),
    /// `set ARCHETYPE { … }`: a place from the stdlib.
    Set(SetDecl),
    Timeline(Timeline),
    /// Standard library only: `archetype NAME : CLASS { members }`.
    Archetype(ArchetypeDecl),
    /// Standard library only: `builtin motion|move NAME(signature) [for ARCHETYPE] { … }`.
    Builtin(BuiltinDecl),
    Error(Span),
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MaterialDecl {
    pub name: Ident,
    pub props: PropsBlock,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ArchetypeDecl {
    pub name: Ident,
    pub class: Ident,
    pub members: Vec<Member>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BuiltinDecl {
    /// `motion` (an actor's or prop's) or `move` (a camera's).
    pub kind: Ident,
    pub name: Ident,
    pub signature: Vec<SigArg>,
    pub for_archetype: Option<Ident>,
    pub members: Vec<Member>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Member {
    /// `param KEY(signature)`.
    Param { key: Ident, signature: Vec<SigArg>, span: Span },
    /// A set's piece: `prop NAME = ARCHETYPE { … }`, a `light` or its `world { … }`.
    Piece(Piece),
    /// `event a, b`, `phase a`, `part a, b`, `drives a, b`, `events a`.
    List { kind: Ident, names: Vec<Ident>, span: Span },
}

/// One parameter of a signature: `<name: type>` (positional), `word type` (keyword) or a
/// bare `type` (positional, named after the type), then `?` (optional) or `= default`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SigArg {
    pub name: Ident,
    pub keyword: bool,
    pub ty: SigType,
    pub optional: bool,
    pub default: Option<Value>,
    pub span: Span,
}

/// `length`, `vec2(length)`, `right_arm | left_arm`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SigType {
    pub name: Ident,
    pub of: Option<Ident>,
    pub alternatives: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SceneDecl {
    pub title: StringLit,
    pub props: PropsBlock,
    pub span: Span,
}

/// `use std.props.{table, staff}`: `path` = [std, props], `group` = [table, staff];
/// `use std.characters.humanoid`: `path` = [std, characters, humanoid], `group` empty.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UseDecl {
    pub path: Vec<Ident>,
    pub group: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WorldDecl {
    pub props: PropsBlock,
    pub span: Span,
}

/// `set ARCHETYPE { … }`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SetDecl {
    pub archetype: Ident,
    pub props: Option<PropsBlock>,
    pub span: Span,
}

/// What a set is built of.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Piece {
    Prop(EntityDecl),
    Light(EntityDecl),
    World(WorldDecl),
}

/// `prop NAME = ARCHETYPE { … }` and `actor NAME = ARCHETYPE { … }`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EntityDecl {
    pub name: Ident,
    pub archetype: Ident,
    pub props: Option<PropsBlock>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CameraDecl {
    pub name: Ident,
    pub props: Option<PropsBlock>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PropsBlock {
    pub props: Vec<Property>,
    pub span: Span,
}

/// `key arg…`, e.g. `on desk at (-1.0m, 0m) facing +x`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Property {
    pub key: Ident,
    pub args: Vec<Arg>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Arg {
    Value(Value),
    Block(PropsBlock),
}

impl Arg {
    pub fn span(&self) -> Span {
        match self {
            Arg::Value(v) => v.span,
            Arg::Block(b) => b.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum ValueKind {
    /// A number with an optional unit as written (`25cm`, `9.81 m/s2`, `3`).
    Number {
        value: f64,
        unit: Option<(String, Span)>,
    },
    Resolution(u32, u32),
    Color([u8; 3]),
    Str(String),
    /// `+x`, `-z`.
    Axis {
        negative: bool,
        axis: char,
    },
    Tuple(Vec<Value>),
    /// `desk`, `wukong.head`.
    Path(Vec<Ident>),
    /// `25cm -> 1.2m`.
    Range(Box<Value>, Box<Value>),
}

impl Value {
    /// The single word of a one-segment path, if this value is one.
    pub fn word(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Path(p) if p.len() == 1 => Some(&p[0].name),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Timeline {
    pub tracks: Vec<Track>,
    pub span: Span,
}

/// A block per actor or camera inside `timeline`; its statements run in sequence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Track {
    pub target: Ident,
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum StmtKind {
    Command(Command),
    /// `at EVENT stmt`: starts when the event happens, cutting short what runs before it.
    At(EventRef, Box<Stmt>),
    /// `after EVENT stmt`: waits for the event (and for the statement before it).
    After(EventRef, Box<Stmt>),
    /// `during PHASE: command`: runs alongside the track for the length of a phase.
    During(EventRef, Command),
    /// `freeze D { camera statements }`: story time stands still for D of screen time.
    Freeze {
        duration: Value,
        body: Vec<Stmt>,
    },
    /// `together { … }`: the statements start at once; the group ends when all have.
    Together(Vec<Stmt>),
}

/// `verb arg… [as NAME]`, e.g. `jump up 25cm forward 40cm as leap`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Command {
    pub verb: Ident,
    pub args: Vec<Arg>,
    pub binding: Option<Ident>,
    pub span: Span,
}

/// `leap.apex`: an event (or phase) of a bound motion.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRef {
    pub binding: Ident,
    pub event: Ident,
    pub span: Span,
}
