//! Units are types: every quantity is checked against the dimension its parameter wants and
//! converted to SI here, once.

use reel_diag::{Code, Diag};
use reel_syntax::{Value, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    Length,
    Duration,
    Angle,
    Acceleration,
    Speed,
    /// A speed factor: `0.25x`.
    Ratio,
    /// A plain number, no unit allowed.
    Unitless,
}

impl Dim {
    pub fn name(self) -> &'static str {
        match self {
            Dim::Length => "a length",
            Dim::Duration => "a duration",
            Dim::Angle => "an angle",
            Dim::Acceleration => "an acceleration",
            Dim::Speed => "a speed",
            Dim::Ratio => "a speed factor",
            Dim::Unitless => "a plain number",
        }
    }
    fn example(self) -> &'static str {
        match self {
            Dim::Length => "`25cm`, `1.2m` or `35mm`",
            Dim::Duration => "`3s` or `500ms`",
            Dim::Angle => "`360deg`, `1.57rad` or `1turn`",
            Dim::Acceleration => "`9.81 m/s2`",
            Dim::Speed => "`0.5 m/s`",
            Dim::Ratio => "`0.25x`",
            Dim::Unitless => "`3`",
        }
    }
}

/// The dimension and the factor to SI of a unit as written.
pub fn unit_info(unit: &str) -> Option<(Dim, f64)> {
    Some(match unit {
        "m" => (Dim::Length, 1.0),
        "cm" => (Dim::Length, 0.01),
        "mm" => (Dim::Length, 0.001),
        "km" => (Dim::Length, 1000.0),
        "s" => (Dim::Duration, 1.0),
        "ms" => (Dim::Duration, 0.001),
        "min" => (Dim::Duration, 60.0),
        "deg" => (Dim::Angle, std::f64::consts::PI / 180.0),
        "rad" => (Dim::Angle, 1.0),
        "turn" | "turns" => (Dim::Angle, std::f64::consts::TAU),
        "m/s2" | "m/s^2" => (Dim::Acceleration, 1.0),
        "m/s" => (Dim::Speed, 1.0),
        "x" => (Dim::Ratio, 1.0),
        "%" => (Dim::Ratio, 0.01),
        _ => return None,
    })
}

/// Convert a value to SI in dimension `want`, or explain why it cannot be.
/// Largest magnitude a quantity may have, in SI units: far beyond any scene, and small
/// enough that the engine's 32-bit arithmetic (squares, products) stays finite.
pub const MAX_MAGNITUDE: f64 = 1e9;

pub fn quantity(v: &Value, want: Dim) -> Result<f64, Diag> {
    let q = quantity_unbounded(v, want)?;
    if q.abs() > MAX_MAGNITUDE {
        return Err(Diag::error(Code::E0005, v.span, format!("{q:e} is too large for {}", want.name()))
            .label("too large")
            .help(format!("quantities are at most {MAX_MAGNITUDE:e} in SI units (metres, seconds, radians…)")));
    }
    Ok(q)
}

fn quantity_unbounded(v: &Value, want: Dim) -> Result<f64, Diag> {
    let ValueKind::Number { value, unit } = &v.kind else {
        return Err(Diag::error(Code::E0201, v.span, format!("expected {}, found {}", want.name(), describe(v)))
            .label(format!("expected {} here", want.name()))
            .help(format!("write {}", want.example())));
    };
    match (unit, want) {
        (None, Dim::Unitless) => Ok(*value),
        (None, _) => Err(Diag::error(Code::E0202, v.span, format!("this number needs a unit: expected {}", want.name()))
            .label("no unit")
            .help(format!("write {}", want.example()))),
        (Some((u, uspan)), _) => match unit_info(u) {
            Some((dim, factor)) if dim == want => Ok(value * factor),
            Some((dim, _)) => Err(Diag::error(Code::E0201, v.span, format!("expected {}, found {}", want.name(), dim.name()))
                .label(format!("`{u}` is {}", dim.name()))
                .with(*uspan, "this unit")
                .help(format!("write {}", want.example()))),
            None if want == Dim::Unitless => Err(Diag::error(Code::E0201, v.span, format!("expected a plain number, found a number in `{u}`"))
                .label("no unit is wanted here")
                .help("drop the unit")),
            None => Err(Diag::error(Code::E0201, *uspan, format!("`{u}` is not a unit of {}", want.name()))
                .label("wrong unit")
                .help(format!("write {}", want.example()))),
        },
    }
}

pub fn describe(v: &Value) -> String {
    match &v.kind {
        ValueKind::Number { unit: Some((u, _)), .. } => match unit_info(u) {
            Some((d, _)) => d.name().to_string(),
            None => format!("a number in `{u}`"),
        },
        ValueKind::Number { unit: None, .. } => "a plain number".into(),
        ValueKind::Resolution(..) => "a resolution".into(),
        ValueKind::Color(_) => "a colour".into(),
        ValueKind::Str(_) => "a string".into(),
        ValueKind::Axis { .. } => "an axis".into(),
        ValueKind::Tuple(t) => format!("a tuple of {}", t.len()),
        ValueKind::Path(_) => "a name".into(),
        ValueKind::Range(..) => "a range".into(),
    }
}
