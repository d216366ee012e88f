//! The formatter: one canonical layout. It only changes whitespace (indentation by brace
//! depth, single spaces between tokens, `, ` after commas, no padding inside parentheses,
//! at most one blank line), so it cannot change what a file means; comments and strings are
//! kept byte for byte. Files with syntax errors are not formatted.

use super::parse;
use reel_diag::{Diag, Severity};

const INDENT: &str = "    ";

/// Format a scene. Returns the diagnostics instead when the file does not parse.
pub fn format(src: &str) -> Result<String, Vec<Diag>> {
    let (_, diags) = parse(src);
    let errors: Vec<Diag> = diags.into_iter().filter(|d| d.severity == Severity::Error).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let src = src.strip_prefix('\u{feff}').unwrap_or(src).replace("\r\n", "\n");
    let mut out = String::with_capacity(src.len());
    let mut depth: usize = 0;
    let mut in_block_comment = false;
    let mut blank_pending = false;
    let mut last_opened = true; // at the start of the file: no leading blank lines
    for raw in src.split('\n') {
        if in_block_comment {
            // Inside a multi-line /* */ comment: keep the line as written.
            out.push_str(raw.trim_end());
            out.push('\n');
            in_block_comment = !closes_block_comment(raw);
            continue;
        }
        let line = raw.trim();
        if line.is_empty() {
            blank_pending = true;
            continue;
        }
        let (text, opens, closes_first, leading_closes, ends_in_comment) = normalize(line);
        let line_depth = depth.saturating_sub(leading_closes);
        if blank_pending && !last_opened && !text.starts_with('}') {
            out.push('\n');
        }
        blank_pending = false;
        for _ in 0..line_depth {
            out.push_str(INDENT);
        }
        out.push_str(&text);
        out.push('\n');
        depth = (depth as isize + opens).max(0) as usize;
        last_opened = text.ends_with('{');
        let _ = closes_first;
        in_block_comment = ends_in_comment;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out.is_empty() {
        return Ok(out);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn closes_block_comment(line: &str) -> bool {
    line.contains("*/")
}

/// Normalise one trimmed line. Returns (text, net braces opened, starts with `}`, number
/// of `}` before any other code, whether it ends inside an unclosed block comment).
fn normalize(line: &str) -> (String, isize, bool, usize, bool) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut net = 0isize;
    let mut leading_closes = 0usize;
    let mut seen_code = false;
    let mut pending_space = false;
    let push_space = |out: &mut String, pending: &mut bool| {
        if *pending && !out.is_empty() && !out.ends_with(' ') && !out.ends_with('(') {
            out.push(' ');
        }
        *pending = false;
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            push_space(&mut out, &mut pending_space);
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(chars.len());
            out.extend(&chars[start..i]);
            seen_code = true;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            push_space(&mut out, &mut pending_space);
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.extend(&chars[i..]);
            return (out.trim_end().to_string(), net, false, leading_closes, false);
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            push_space(&mut out, &mut pending_space);
            let start = i;
            i += 2;
            let mut closed = false;
            while i < chars.len() {
                if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    i += 2;
                    closed = true;
                    break;
                }
                i += 1;
            }
            out.extend(&chars[start..i]);
            if !closed {
                return (out, net, false, leading_closes, true);
            }
            continue;
        }
        if c == ' ' || c == '\t' {
            pending_space = true;
            i += 1;
            continue;
        }
        match c {
            ',' | ';' => {
                pending_space = false;
                out.push(c);
                // One space after, unless the line ends or a closing bracket follows.
                let next = chars[i + 1..].iter().find(|c| **c != ' ' && **c != '\t');
                if next.is_some_and(|n| *n != ')') {
                    pending_space = true;
                }
            }
            ')' => {
                pending_space = false;
                out.push(c);
            }
            '(' => {
                push_space(&mut out, &mut pending_space);
                out.push(c);
            }
            _ => {
                push_space(&mut out, &mut pending_space);
                out.push(c);
            }
        }
        if c == '{' {
            net += 1;
        } else if c == '}' {
            net -= 1;
            if !seen_code {
                leading_closes += 1;
            }
        }
        if c != '}' {
            seen_code = true;
        }
        i += 1;
    }
    let starts = out.starts_with('}');
    (out, net, starts, leading_closes, false)
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn indents_and_spaces() {
        let src = "scene \"x\"   {\n  fps   30\n\n\n\n resolution 320x180 }\nworld { sun { direction ( -0.4 ,  -1,-0.3 ) ,strength 3 } }\ntimeline {\nwukong {   // the hero\n jump up 10cm   as hop\n}\n}\n";
        let f = format(src).unwrap();
        assert_eq!(f, "scene \"x\" {\n    fps 30\n\n    resolution 320x180 }\nworld { sun { direction (-0.4, -1, -0.3), strength 3 } }\ntimeline {\n    wukong { // the hero\n        jump up 10cm as hop\n    }\n}\n");
        assert_eq!(format(&f).unwrap(), f);
    }

    #[test]
    fn keeps_strings_and_comments() {
        let src = "scene \"a   b, c\" { fps 30 } /* keep   this */\n/*\n   multi\n*/\n";
        let f = format(src).unwrap();
        assert!(f.contains("\"a   b, c\""));
        assert!(f.contains("/* keep   this */"));
        assert!(f.contains("   multi"));
    }

    #[test]
    fn refuses_broken_files() {
        assert!(format("timeline { a { %% } }").is_err());
    }
}
