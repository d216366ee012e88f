//! `reel lsp`: a language server over stdio (rust-analyzer's `lsp-server` crate). It
//! publishes the same diagnostics as `reel check` on open and on every change, formats with
//! `reel fmt`, explains motions, camera moves and names on hover, completes verbs and names,
//! and lists declarations as document symbols. The only module that speaks LSP.

use lsp_server::{Connection, Message, Notification, Request, Response};
use reel_check::stdlib::{lib, Stdlib};
use reel_syntax::{self as syntax, Item, Span};
use serde_json::{json, Value};
use std::collections::BTreeMap;

mod diagnostics;

pub use diagnostics::{diagnostic_json, diagnostics_json, diagnostics_of_open};

pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let caps = lsp_types::ServerCapabilities {
        text_document_sync: Some(lsp_types::TextDocumentSyncCapability::Kind(lsp_types::TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        document_formatting_provider: Some(lsp_types::OneOf::Left(true)),
        document_symbol_provider: Some(lsp_types::OneOf::Left(true)),
        completion_provider: Some(lsp_types::CompletionOptions::default()),
        definition_provider: Some(lsp_types::OneOf::Left(true)),
        rename_provider: Some(lsp_types::OneOf::Left(true)),
        ..Default::default()
    };
    let caps = serde_json::to_value(caps).map_err(|e| e.to_string())?;
    let (id, _params) = connection.initialize_start().map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, json!({ "capabilities": caps, "serverInfo": { "name": "reel", "version": env!("CARGO_PKG_VERSION") } }))
        .map_err(|e| e.to_string())?;
    let mut docs: BTreeMap<String, String> = BTreeMap::new();
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    break;
                }
                let resp = match handle_request(&req, &docs) {
                    Ok(result) => Response { id: req.id.clone(), result: Some(result), error: None },
                    Err((code, message)) => Response { id: req.id.clone(), result: None, error: Some(lsp_server::ResponseError { code, message, data: None }) },
                };
                connection.sender.send(Message::Response(resp)).map_err(|e| e.to_string())?;
            }
            Message::Notification(n) => {
                if let Some((uri, text)) = changed_document(&n) {
                    docs.insert(uri.clone(), text);
                    // Every open scene, not only this one: a scene that uses this file
                    // sees its unsaved text.
                    for (uri, diags) in diagnostics_of_open(&docs) {
                        let note = Notification { method: "textDocument/publishDiagnostics".into(), params: json!({ "uri": uri, "diagnostics": diags }) };
                        connection.sender.send(Message::Notification(note)).map_err(|e| e.to_string())?;
                    }
                } else if n.method == "textDocument/didClose" {
                    if let Some(uri) = n.params.pointer("/textDocument/uri").and_then(Value::as_str) {
                        docs.remove(uri);
                    }
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())
}

fn changed_document(n: &Notification) -> Option<(String, String)> {
    let uri = n.params.pointer("/textDocument/uri")?.as_str()?.to_string();
    let text = match n.method.as_str() {
        "textDocument/didOpen" => n.params.pointer("/textDocument/text")?.as_str()?.to_string(),
        // Full sync: the last change holds the whole text.
        "textDocument/didChange" => n.params.get("contentChanges")?.as_array()?.last()?.get("text")?.as_str()?.to_string(),
        _ => return None,
    };
    Some((uri, text))
}

/// LSP position (line, UTF-16 column) of a byte offset.
pub fn position(src: &str, offset: usize) -> Value {
    let mut o = offset.min(src.len());
    while o > 0 && !src.is_char_boundary(o) {
        o -= 1;
    }
    let before = &src[..o];
    let line = before.matches('\n').count();
    let col: usize = before.rsplit('\n').next().map_or(0, |l| l.chars().map(char::len_utf16).sum());
    json!({ "line": line, "character": col })
}

fn offset_of(src: &str, line: usize, character: usize) -> usize {
    let mut off = 0;
    for (i, l) in src.split('\n').enumerate() {
        if i == line {
            let mut units = 0;
            for (b, c) in l.char_indices() {
                if units >= character {
                    return off + b;
                }
                units += c.len_utf16();
            }
            return off + l.len();
        }
        off += l.len() + 1;
    }
    src.len()
}

pub(crate) fn range(src: &str, span: Span) -> Value {
    json!({ "start": position(src, span.start), "end": position(src, span.end) })
}

/// LSP's error codes for a method the server does not have and a request it cannot do.
const METHOD_NOT_FOUND: i32 = -32601;
const REQUEST_FAILED: i32 = -32803;

/// The answer to a request: a result, or an error (code, message) the editor shows.
fn handle_request(req: &Request, docs: &BTreeMap<String, String>) -> Result<Value, (i32, String)> {
    const METHODS: &[&str] = &[
        "textDocument/formatting",
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/rename",
        "textDocument/documentSymbol",
        "textDocument/completion",
    ];
    if !METHODS.contains(&req.method.as_str()) {
        return Err((METHOD_NOT_FOUND, format!("reel's language server has no method `{}`", req.method)));
    }
    let uri = req.params.pointer("/textDocument/uri").and_then(Value::as_str).unwrap_or_default();
    let Some(src) = docs.get(uri) else { return Ok(Value::Null) };
    Ok(match req.method.as_str() {
        "textDocument/formatting" => match syntax::fmt::format(src) {
            Ok(text) if text != *src => json!([{ "range": range(src, Span::new(0, src.len())), "newText": text }]),
            Ok(_) => json!([]),
            Err(diags) => {
                let first = diags.first().map(|d| format!(" ({} at line {})", d.message, reel_diag::line_col(src, d.span.start).0)).unwrap_or_default();
                return Err((REQUEST_FAILED, format!("not formatted: the file has syntax errors{first}")));
            }
        },
        "textDocument/hover" => {
            let line = req.params.pointer("/position/line").and_then(Value::as_u64).unwrap_or(0) as usize;
            let ch = req.params.pointer("/position/character").and_then(Value::as_u64).unwrap_or(0) as usize;
            let off = offset_of(src, line, ch);
            let (start, end) = word_at(src, off);
            match hover_text(src, &src[start..end]) {
                Some(text) => json!({ "contents": { "kind": "markdown", "value": text }, "range": range(src, Span::new(start, end)) }),
                None => Value::Null,
            }
        }
        "textDocument/definition" => {
            let line = req.params.pointer("/position/line").and_then(Value::as_u64).unwrap_or(0) as usize;
            let ch = req.params.pointer("/position/character").and_then(Value::as_u64).unwrap_or(0) as usize;
            definition(uri, src, offset_of(src, line, ch)).unwrap_or(Value::Null)
        }
        "textDocument/rename" => {
            let line = req.params.pointer("/position/line").and_then(Value::as_u64).unwrap_or(0) as usize;
            let ch = req.params.pointer("/position/character").and_then(Value::as_u64).unwrap_or(0) as usize;
            let new_name = req.params.get("newName").and_then(Value::as_str).unwrap_or_default();
            rename(uri, src, offset_of(src, line, ch), new_name).map_err(|e| (REQUEST_FAILED, e))?
        }
        "textDocument/documentSymbol" => {
            let (file, _) = syntax::parse(src);
            let mut symbols = Vec::new();
            for item in &file.items {
                let (name, detail, kind, span) = match item {
                    Item::Prop(d) => (&d.name, format!("prop = {}", d.archetype.name), 19, d.span),
                    Item::Actor(d) => (&d.name, format!("actor = {}", d.archetype.name), 5, d.span),
                    Item::Camera(c) => (&c.name, "camera".to_string(), 8, c.span),
                    _ => continue,
                };
                symbols.push(json!({ "name": name.name, "detail": detail, "kind": kind, "range": range(src, span), "selectionRange": range(src, name.span) }));
            }
            Value::Array(symbols)
        }
        "textDocument/completion" => {
            let line = req.params.pointer("/position/line").and_then(Value::as_u64).unwrap_or(0) as usize;
            let ch = req.params.pointer("/position/character").and_then(Value::as_u64).unwrap_or(0) as usize;
            Value::Array(completions(src, offset_of(src, line, ch)))
        }
        _ => Value::Null,
    })
}

/// Names the scene declares or binds: name → span of the declaring identifier.
fn declared_names(src: &str) -> BTreeMap<String, Span> {
    fn stmts(list: &[syntax::Stmt], out: &mut BTreeMap<String, Span>) {
        for s in list {
            match &s.kind {
                syntax::StmtKind::Command(c) | syntax::StmtKind::During(_, c) => {
                    if let Some(b) = &c.binding {
                        out.entry(b.name.clone()).or_insert(b.span);
                    }
                }
                syntax::StmtKind::At(_, body) | syntax::StmtKind::After(_, body) => stmts(std::slice::from_ref(body), out),
                syntax::StmtKind::Freeze { body, .. } | syntax::StmtKind::Together(body) => stmts(body, out),
            }
        }
    }
    let (file, _) = syntax::parse(src);
    let mut out = BTreeMap::new();
    for item in &file.items {
        match item {
            Item::Prop(d) | Item::Actor(d) | Item::Light(d) => {
                out.entry(d.name.name.clone()).or_insert(d.name.span);
            }
            Item::Camera(c) => {
                out.entry(c.name.name.clone()).or_insert(c.name.span);
            }
            Item::Material(m) => {
                out.entry(m.name.name.clone()).or_insert(m.name.span);
            }
            Item::Timeline(t) => {
                for tr in &t.tracks {
                    stmts(&tr.stmts, &mut out);
                }
            }
            _ => {}
        }
    }
    out
}

/// Identifier tokens outside comments, strings, numbers with units and colours, that are
/// not a part or event after a `.`: the places a declared name can be used.
fn name_tokens(src: &str) -> Vec<Span> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c.is_ascii_digit() || c == b'#' {
            // A number (with its unit) or a colour.
            i += 1;
            while i < b.len() && (word(b[i]) || b[i] == b'.') {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && word(b[i]) {
                i += 1;
            }
            let after_dot = start > 0 && b[start - 1] == b'.';
            let axis = start > 0 && (b[start - 1] == b'+' || b[start - 1] == b'-') && i - start == 1;
            if !after_dot && !axis {
                out.push(Span::new(start, i));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Where the name under the cursor is declared: in this file, or in the standard library
/// (its files are written out to a folder under the system's temp dir so editors can open
/// them).
fn definition(uri: &str, src: &str, off: usize) -> Option<Value> {
    let (start, end) = word_at(src, off);
    let word = &src[start..end];
    if word.is_empty() {
        return None;
    }
    let after_dot = start > 0 && src.as_bytes()[start - 1] == b'.';
    if !after_dot {
        if let Some(span) = declared_names(src).get(word) {
            return Some(json!({ "uri": uri, "range": range(src, *span) }));
        }
    }
    let (file, span) = lib()
        .motions
        .iter()
        .find(|m| m.name == word)
        .map(|m| (m.file, m.span))
        .or_else(|| lib().archetypes.iter().find(|a| a.name == word).map(|a| (a.file, a.span)))?;
    let text = Stdlib::source(file)?;
    // In this user's private folder (made 0700, refused if another user owns it or it is a
    // link): no other local user can plant a link there for reel to write through.
    let dir = reel_files::private_dir().ok()?.join(format!("stdlib-{}", env!("CARGO_PKG_VERSION")));
    let path = dir.join(file);
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
        std::fs::create_dir_all(&dir).ok()?;
        reel_files::write_atomic(&path, text.as_bytes()).ok()?;
    }
    Some(json!({ "uri": diagnostics::uri_of_path(&path.to_string_lossy()), "range": range(text, span) }))
}

/// What may be typed at `off`: after `NAME.`, that prop's or actor's parts and events; in
/// a camera's track its moves, in an actor's track its motions (with the timeline's
/// keywords and the declared names); elsewhere motions, archetypes, properties (one item each, whichever archetypes share
/// it), keywords and the file's declared names. No label is offered twice.
fn completions(src: &str, off: usize) -> Vec<Value> {
    let (file, _) = syntax::parse(src);
    let before = &src[..off.min(src.len())];
    let typed = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    if let Some(owner_end) = typed.strip_suffix('.').map(str::len) {
        let owner_start = typed[..owner_end].rfind(|c: char| !(c.is_ascii_alphanumeric() || "_[]".contains(c))).map_or(0, |i| i + 1);
        // A group's member (`row[3].`) has its group's parts and events.
        let owner = typed[owner_start..owner_end].split('[').next().unwrap_or_default();
        let archetype = file.items.iter().find_map(|i| match i {
            Item::Prop(d) | Item::Actor(d) | Item::Light(d) if d.name.name == owner => Some(d.archetype.name.as_str()),
            _ => None,
        });
        let Some(a) = archetype.and_then(|name| lib().archetypes.iter().find(|a| a.name == name)) else { return Vec::new() };
        let mut items: Vec<Value> = a.parts.iter().map(|p| json!({ "label": p, "kind": 5, "detail": format!("part of {owner} ({})", a.name) })).collect();
        items.extend(a.events.iter().map(|(e, _)| json!({ "label": e, "kind": 23, "detail": format!("event of {owner}") })));
        return items;
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut items = Vec::new();
    let mut push = |label: &str, item: Value| {
        if seen.insert(label.to_string()) {
            items.push(item);
        }
    };
    // Inside a track of the timeline: what that camera or actor can do, then the names.
    let track = file
        .items
        .iter()
        .filter_map(|i| if let Item::Timeline(t) = i { Some(t) } else { None })
        .flat_map(|t| &t.tracks)
        .find(|t| t.span.start < off && off <= t.span.end);
    if let Some(track) = track {
        // A group's member's track is its group's declaration's (`friends[2] { … }`).
        let target = track.target.name.split('[').next().unwrap_or_default();
        let who = file.items.iter().find_map(|i| match i {
            Item::Camera(c) if c.name.name == target => Some(None),
            Item::Actor(d) if d.name.name == target => Some(Some(d.archetype.name.as_str())),
            Item::Prop(d) if d.name.name == target => Some(Some(d.archetype.name.as_str())),
            _ => None,
        });
        if let Some(who) = who {
            for m in lib().motions.iter().filter(|m| match who {
                None => !m.actor,
                Some(a) => m.actor && m.for_archetype.is_some_and(|k| lib().is_a(a, k)),
            }) {
                push(m.name, json!({ "label": m.name, "kind": 3, "detail": Stdlib::decl_line(m.file, m.span), "documentation": m.doc }));
            }
            for kw in ["at", "after", "during", "freeze", "together", "as", "for", "over"] {
                push(kw, json!({ "label": kw, "kind": 14 }));
            }
            for item in &file.items {
                match item {
                    Item::Prop(d) | Item::Actor(d) | Item::Light(d) => {
                        push(&d.name.name, json!({ "label": d.name.name, "kind": 6, "detail": d.archetype.name }))
                    }
                    Item::Set(s) => {
                        for (d, set) in set_pieces(&s.archetype.name) {
                            push(&d.name.name, json!({ "label": d.name.name, "kind": 6, "detail": format!("{} in the set {set}", d.archetype.name) }));
                        }
                    }
                    _ => {}
                }
            }
            return items;
        }
    }
    for m in &lib().motions {
        push(m.name, json!({ "label": m.name, "kind": 3, "detail": Stdlib::decl_line(m.file, m.span), "documentation": m.doc }));
    }
    for a in &lib().archetypes {
        push(a.name, json!({ "label": a.name, "kind": 7, "detail": format!("{} archetype", a.class), "documentation": a.doc }));
    }
    let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in &lib().archetypes {
        for p in &a.props {
            owners.entry(p.key).or_default().push(a.name);
        }
    }
    for (key, on) in &owners {
        push(key, json!({ "label": key, "kind": 10, "detail": format!("property of {}", on.join(", ")) }));
    }
    for kw in ["scene", "use", "world", "set", "prop", "actor", "camera", "light", "material", "timeline", "at", "after", "during", "freeze", "together", "as"]
    {
        push(kw, json!({ "label": kw, "kind": 14 }));
    }
    for item in &file.items {
        match item {
            Item::Prop(d) | Item::Actor(d) | Item::Light(d) => push(&d.name.name, json!({ "label": d.name.name, "kind": 6, "detail": d.archetype.name })),
            Item::Camera(c) => push(&c.name.name, json!({ "label": c.name.name, "kind": 6, "detail": "camera" })),
            // A set's pieces are the scene's props and lights.
            Item::Set(s) => {
                for (d, _) in set_pieces(&s.archetype.name) {
                    push(&d.name.name, json!({ "label": d.name.name, "kind": 6, "detail": format!("{} in the set {}", d.archetype.name, s.archetype.name) }));
                }
            }
            _ => {}
        }
    }
    items
}

/// The props and lights a stdlib set is built of, each with the set's name.
fn set_pieces(set: &str) -> Vec<(&'static syntax::EntityDecl, &'static str)> {
    let Some(a) = lib().archetype(set) else { return Vec::new() };
    a.pieces
        .iter()
        .filter_map(|p| match p {
            syntax::Piece::Prop(d) | syntax::Piece::Light(d) => Some((d, a.name)),
            syntax::Piece::World(_) => None,
        })
        .collect()
}

/// Rename a declared prop, actor, camera, light, material or binding everywhere it is used:
/// the name's own tokens only, never an archetype named alike (`prop table = table`) or a
/// `use` import. A name that is not an identifier, or a word that names nothing declared,
/// is an error the editor shows.
fn rename(uri: &str, src: &str, off: usize, new_name: &str) -> Result<Value, String> {
    let valid = new_name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && new_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!("`{new_name}` is not a name: start with a letter or `_`, then letters, digits or `_`"));
    }
    let (start, end) = word_at(src, off);
    let old = &src[start..end];
    if !declared_names(src).contains_key(old) {
        return Err(format!("`{old}` is not a name declared in this file (props, actors, cameras, lights, materials and `as` bindings can be renamed)"));
    }
    let (ast, _) = syntax::parse(src);
    let not_names: Vec<Span> = ast
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Use(u) => Some(u.span),
            Item::Prop(d) | Item::Actor(d) | Item::Light(d) => Some(d.archetype.span),
            _ => None,
        })
        .collect();
    let edits: Vec<Value> = name_tokens(src)
        .into_iter()
        .filter(|s| &src[s.start..s.end] == old && !not_names.iter().any(|n| n.start <= s.start && s.end <= n.end))
        .map(|s| json!({ "range": range(src, s), "newText": new_name }))
        .collect();
    Ok(json!({ "changes": { uri: edits } }))
}

fn word_at(src: &str, off: usize) -> (usize, usize) {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut start = off.min(src.len());
    while start > 0 && src[..start].chars().next_back().is_some_and(is_word) {
        start -= src[..start].chars().next_back().map_or(1, char::len_utf8);
    }
    let mut end = off.min(src.len());
    while end < src.len() && src[end..].chars().next().is_some_and(is_word) {
        end += src[end..].chars().next().map_or(1, char::len_utf8);
    }
    (start, end)
}

fn hover_text(src: &str, word: &str) -> Option<String> {
    if word.is_empty() {
        return None;
    }
    if let Some(m) = lib().motion(word) {
        let who = if m.actor { format!("a motion of `{}`", m.for_archetype.unwrap_or("?")) } else { "a camera move".to_string() };
        let mut s = format!("```\n{}\n```\n{word} is {who} (stdlib/{}).\n\n{}", Stdlib::decl_line(m.file, m.span), m.file, m.doc);
        if !m.events.is_empty() {
            s += &format!("\n\nEvents: {}", m.events.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "));
        }
        if !m.phases.is_empty() {
            s += &format!("\n\nPhases: {}", m.phases.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "));
        }
        return Some(s);
    }
    if let Some(a) = lib().archetype(word) {
        let mut s = format!("```\n{}\n```\n{}", Stdlib::decl_line(a.file, a.span), a.doc);
        for p in &a.props {
            s += &format!("\n\n`{}`: {}", Stdlib::decl_line(a.file, p.span).trim_start_matches("param "), p.doc);
        }
        return Some(s);
    }
    let props: Vec<String> = lib()
        .archetypes
        .iter()
        .flat_map(|a| a.props.iter().filter(|p| p.key == word).map(move |p| (a, p)))
        .map(|(a, p)| format!("```\n{}\n```\n(`{}`) {}", Stdlib::decl_line(a.file, p.span), a.name, p.doc))
        .collect();
    if !props.is_empty() {
        return Some(props.join("\n\n"));
    }
    if let Some((dim, _)) = reel_check::units::unit_info(word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')) {
        return Some(format!("a quantity: {}", dim.name()));
    }
    let (file, _) = syntax::parse(src);
    for item in &file.items {
        match item {
            Item::Prop(d) if d.name.name == word => return Some(format!("prop `{word}` = {}", d.archetype.name)),
            Item::Actor(d) if d.name.name == word => return Some(format!("actor `{word}` = {}", d.archetype.name)),
            Item::Camera(c) if c.name.name == word => return Some(format!("camera `{word}`")),
            Item::Set(s) => {
                if let Some((d, set)) = set_pieces(&s.archetype.name).into_iter().find(|(d, _)| d.name.name == word) {
                    return Some(format!("prop `{word}` = {}, a piece of the set `{set}`", d.archetype.name));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every stdlib declaration has hover text (its signature and doc), and each verb is
    /// offered where it belongs: camera moves in a camera's track, a humanoid's motions in
    /// an actor's, and not the other way round.
    #[test]
    fn every_stdlib_declaration_has_hover_and_is_offered_where_it_belongs() {
        let src = "use std.characters.humanoid\nactor a = humanoid {}\ncamera cam {}\ntimeline {\n    a {  }\n    cam {  }\n}\n";
        let in_actor = src.find("a {  }").unwrap() + 3;
        let in_camera = src.find("cam {  }").unwrap() + 5;
        let labels = |off: usize| completions(src, off).iter().filter_map(|v| v["label"].as_str().map(String::from)).collect::<Vec<_>>();
        let (actor_items, camera_items) = (labels(in_actor), labels(in_camera));
        for m in &lib().motions {
            let hover = hover_text(src, m.name).unwrap_or_else(|| panic!("no hover for `{}`", m.name));
            assert!(hover.contains(m.name) && (m.doc.is_empty() || hover.contains(m.doc.lines().next().unwrap())), "`{}`: {hover}", m.name);
            assert!(!m.doc.is_empty(), "`{}` has no doc comment in the stdlib", m.name);
            if m.actor && m.for_archetype == Some("humanoid") {
                assert!(actor_items.contains(&m.name.to_string()) && !camera_items.contains(&m.name.to_string()), "`{}`", m.name);
            } else if !m.actor {
                assert!(camera_items.contains(&m.name.to_string()) && !actor_items.contains(&m.name.to_string()), "`{}`", m.name);
            }
        }
        for a in &lib().archetypes {
            assert!(hover_text(src, a.name).is_some_and(|h| h.contains(a.name)), "no hover for archetype `{}`", a.name);
        }
    }
}
