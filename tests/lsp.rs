//! `reel lsp` driven by a client speaking JSON-RPC over its stdio, as an editor would.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::Client;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/x.scene";

#[test]
fn diagnostics_hover_format_symbols_over_json_rpc() {
    let mut c = Client::start();
    let init = c.request("initialize", json!({ "capabilities": {}, "processId": null, "rootUri": null }));
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    c.notify("initialized", json!({}));
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/wukong.scene")).unwrap();
    let broken = src.replace("closeup wukong.head", "closeup wukon.head");
    c.notify("textDocument/didOpen", json!({ "textDocument": { "uri": URI, "languageId": "reel", "version": 1, "text": broken } }));
    let d = c.next_diagnostics();
    assert_eq!(d["uri"], URI);
    let first = &d["diagnostics"][0];
    assert_eq!(first["code"], "E0101");
    assert!(first["message"].as_str().unwrap().contains("did you mean `wukong`?"));
    assert_eq!(first["range"]["start"], json!({ "line": 37, "character": 16 }));
    // Fixing the text clears the diagnostics.
    c.notify("textDocument/didChange", json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": src }] }));
    assert_eq!(c.next_diagnostics()["diagnostics"], json!([]));
    // Hover on `jump` (line 32) shows its parameters and events.
    let hover = c.request("textDocument/hover", json!({ "textDocument": { "uri": URI }, "position": { "line": 32, "character": 10 } }));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("up") && text.contains("apex"), "{text}");
    let symbols = c.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let names: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["desk", "wukong", "cam"]);
    // Formatting a badly laid out file returns one whole-document edit.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [{ "text": src.replace("    fps 30", "  fps    30") }] }),
    );
    let _ = c.next_diagnostics();
    let edits = c.request("textDocument/formatting", json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 4, "insertSpaces": true } }));
    assert_eq!(edits[0]["newText"].as_str().unwrap(), src);
    // In the camera's track its moves; in the figure's, its motions.
    let labels = |c: &mut Client, line: u32| -> Vec<String> {
        let items = c.request("textDocument/completion", json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": 8 } }));
        items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
    };
    let in_cam = labels(&mut c, 38);
    assert!(in_cam.iter().any(|l| l == "orbit") && !in_cam.iter().any(|l| l == "sprint"), "{in_cam:?}");
    let in_actor = labels(&mut c, 33);
    assert!(in_actor.iter().any(|l| l == "swing") && !in_actor.iter().any(|l| l == "orbit"), "{in_actor:?}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// Go to definition (in the file and into the stdlib) and rename of an actor or a binding.
#[test]
fn definition_and_rename_over_json_rpc() {
    let mut c = Client::start();
    c.request("initialize", json!({ "capabilities": {}, "processId": null, "rootUri": null }));
    c.notify("initialized", json!({}));
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/wukong.scene")).unwrap();
    c.notify("textDocument/didOpen", json!({ "textDocument": { "uri": URI, "languageId": "reel", "version": 1, "text": src } }));
    let _ = c.next_diagnostics();
    let pos = |needle: &str, nth: usize, plus: usize| {
        let off = src.match_indices(needle).nth(nth).unwrap().0 + plus;
        let line = src[..off].matches('\n').count();
        let col = off - src[..off].rfind('\n').map_or(0, |i| i + 1);
        json!({ "line": line, "character": col })
    };
    // `leap` in `at leap.apex` goes to `as leap`.
    let def = c.request("textDocument/definition", json!({ "textDocument": { "uri": URI }, "position": pos("at leap.apex", 0, 4) }));
    assert_eq!(def["uri"], URI);
    assert_eq!(def["range"]["start"], pos("as leap", 0, 3));
    // `sprint` goes to its declaration in the stdlib, a file the editor can open.
    let def = c.request("textDocument/definition", json!({ "textDocument": { "uri": URI }, "position": pos("sprint to", 0, 2) }));
    let path = def["uri"].as_str().unwrap().strip_prefix("file://").unwrap().to_string();
    let text = std::fs::read_to_string(&path).unwrap();
    let line = def["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(text.lines().nth(line).unwrap().starts_with("builtin motion sprint("), "{path}:{line}");
    // Renaming the actor edits its declaration and every use, not the parts after a dot
    // nor the text in comments and strings.
    let edit = c.request("textDocument/rename", json!({ "textDocument": { "uri": URI }, "position": pos("wukong", 2, 1), "newName": "sun_wukong" }));
    let edits = edit["changes"][URI].as_array().unwrap();
    // The declaration, the track and four camera targets (`wukong.head` among them); the
    // title "Wukong leaps" and the comments are left alone.
    assert_eq!(edits.len(), 6);
    let mut renamed = src.clone();
    let mut spans: Vec<(usize, usize)> = edits
        .iter()
        .map(|e| {
            let off = |p: &Value| {
                let (l, ch) = (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
                src.split('\n').take(l).map(|x| x.len() + 1).sum::<usize>() + ch
            };
            (off(&e["range"]["start"]), off(&e["range"]["end"]))
        })
        .collect();
    spans.sort();
    for (a, b) in spans.into_iter().rev() {
        renamed.replace_range(a..b, "sun_wukong");
    }
    let (ir, diags) = reel::compile(&renamed);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(ir.unwrap().actors[0].name, "sun_wukong");
    // A name that is not declared here (a verb) is not renamed.
    let none = c.request("textDocument/rename", json!({ "textDocument": { "uri": URI }, "position": pos("sprint to", 0, 1), "newName": "dash" }));
    assert!(none.is_null());
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// Renaming a prop named like its archetype, names that are not names, formatting a broken
/// file, unknown methods, and completion that fits where the cursor is.
#[test]
fn rename_format_errors_and_completion_in_context() {
    let mut c = Client::start();
    c.request("initialize", json!({ "capabilities": {}, "processId": null, "rootUri": null }));
    c.notify("initialized", json!({}));
    let src = "scene \"s\" { fps 10 }\nuse std.props.{table}\nuse std.characters.humanoid\nprop table = table { size (1m, 0.75m, 1m) }\nactor kid = humanoid { on table at (0m, 0m) }\ntimeline {\n    kid { walk to (0.3m, 0m) over 1s }\n}\n";
    c.notify("textDocument/didOpen", json!({ "textDocument": { "uri": URI, "languageId": "reel", "version": 1, "text": src } }));
    let _ = c.next_diagnostics();
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let mut params = at(3, 6);
    params["newName"] = json!("desk");
    let edit = c.request("textDocument/rename", params.clone());
    let edits = edit["changes"][URI].as_array().unwrap();
    let lines: Vec<u64> = edits.iter().map(|e| e["range"]["start"]["line"].as_u64().unwrap()).collect();
    // The declaration and `on table`, not the archetype after `=` nor the `use` line.
    assert_eq!(lines, [3, 4], "{edits:?}");
    assert_eq!(edits[0]["range"]["start"]["character"], 5);
    params["newName"] = json!("2bad name");
    let bad = c.answer("textDocument/rename", params);
    assert!(bad["error"]["message"].as_str().unwrap().contains("is not a name"), "{bad}");
    // After `kid.`: the figure's parts and events, nothing else.
    c.notify("textDocument/didChange", json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": src.replace("walk to", "kid.") }] }));
    let _ = c.next_diagnostics();
    let items = c.request("textDocument/completion", at(6, 14));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"head") && !labels.contains(&"orbit") && !labels.contains(&"table"), "{labels:?}");
    // Elsewhere: no label twice.
    let items = c.request("textDocument/completion", at(6, 4));
    let mut labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    let n = labels.len();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), n, "duplicate completion labels");
    // A file with syntax errors is not formatted, and the editor is told why.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [{ "text": "scene \"s\" { fps 10 }\nprop = = \n" }] }),
    );
    let _ = c.next_diagnostics();
    let fmt = c.answer("textDocument/formatting", json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 4, "insertSpaces": true } }));
    assert!(fmt["error"]["message"].as_str().unwrap().contains("syntax errors"), "{fmt}");
    let unknown = c.answer("textDocument/frobnicate", json!({ "textDocument": { "uri": URI } }));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// Hover and completion know the declarations of groups, layouts, emitters, paths, launches
/// and ramps: the stdlib's docs on hover, and the right verbs in a group's or a member's track.
#[test]
fn hover_and_completion_for_groups_paths_launches_and_ramps() {
    let mut c = Client::start();
    c.request("initialize", json!({ "capabilities": {}, "processId": null, "rootUri": null }));
    c.notify("initialized", json!({}));
    let src = "use std.props.{domino, ball, ramp, stick}\n\
               use std.characters.mannequin\n\
               prop row = domino { count 5, arc (0m, 0m) radius 20cm from 0deg to 90deg }\n\
               prop rain = ball { count 3, emit over 1s from (0m, 2m, 0m) to (1m, 3m, 1m) }\n\
               prop r = ramp { size (1m, 20cm, 50cm), at (3m, 0m) }\n\
               actor crew = mannequin { count 2, line (0m, 2m) to (1m, 2m) }\n\
               timeline {\n\
               crew { stagger 0.5s; walk around r by 1 turn speed 1 m/s }\n\
               row[1] { launch speed 1 m/s toward +x }\n\
               }\n";
    c.notify("textDocument/didOpen", json!({ "textDocument": { "uri": URI, "languageId": "reel", "version": 1, "text": src } }));
    let d = c.next_diagnostics();
    assert!(d["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] != 1), "the scene checks without errors: {d}");
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let hover = |c: &mut Client, line: u32, character: u32| -> String {
        let h = c.request("textDocument/hover", at(line, character));
        h["contents"]["value"].as_str().unwrap_or_default().to_string()
    };
    let line = |n: usize| src.lines().nth(n).unwrap();
    let col = |n: usize, word: &str| line(n).find(word).unwrap() as u32 + 1;
    for (n, word, says) in [
        (0, "stick", "long thin dynamic rod"),
        (2, "count", "How many members"),
        (2, "arc", "along an arc"),
        (3, "emit", "Dropped or launched"),
        (4, "ramp", "sloping up"),
        (7, "stagger", "after the one before"),
        (7, "walk", "around"),
        (8, "launch", "impulse"),
    ] {
        let text = hover(&mut c, n as u32, col(n, word));
        assert!(text.contains(says), "hover on `{word}`: {text}");
    }
    let labels = |c: &mut Client, line: u32, character: u32| -> Vec<String> {
        let items = c.request("textDocument/completion", at(line, character));
        items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
    };
    // In a group's track, the figure's motions with `stagger`; in a member's, a prop's verbs.
    let in_group = labels(&mut c, 7, 7);
    assert!(in_group.iter().any(|l| l == "stagger") && in_group.iter().any(|l| l == "walk"), "{in_group:?}");
    let in_member = labels(&mut c, 8, 9);
    assert!(in_member.iter().any(|l| l == "launch") && !in_member.iter().any(|l| l == "walk"), "{in_member:?}");
    // After `row[1].`: a domino's events.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": src.replace("row[1] { launch", "row[1] { row[1].") }] }),
    );
    let _ = c.next_diagnostics();
    let after = labels(&mut c, 8, 16);
    assert!(after.iter().any(|l| l == "rests") && after.iter().any(|l| l == "contact") && after.iter().any(|l| l == "second_bounce"), "{after:?}");
    // Elsewhere: the layouts are properties to complete.
    let anywhere = labels(&mut c, 2, 0);
    for key in ["count", "line", "arc", "circle", "grid", "stack", "emit", "orient", "lift", "tilt"] {
        assert!(anywhere.iter().any(|l| l == key), "`{key}` is offered: {anywhere:?}");
    }
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// Hover and completion know sets and materials: the set's docs on its name and params,
/// its params offered inside `set street { … }`, a set's pieces offered where a prop is
/// named, and the patterns offered for a material.
#[test]
fn hover_and_completion_for_sets_and_materials() {
    let mut c = Client::start();
    c.request("initialize", json!({ "capabilities": {}, "processId": null, "rootUri": null }));
    c.notify("initialized", json!({}));
    let src = "use std.sets.street\n\
               use std.characters.person\n\
               set street { time evening, fronts #a05a40 }\n\
               material slab { pattern concrete, scale 2m }\n\
               actor ann = person { at (0m, -5.6m) }\n\
               camera cam {}\n\
               timeline {\n\
               ann { walk to bench distance 1m over 3s }\n\
               cam { wide ann for 3s }\n\
               }\n";
    c.notify("textDocument/didOpen", json!({ "textDocument": { "uri": URI, "languageId": "reel", "version": 1, "text": src } }));
    let d = c.next_diagnostics();
    assert!(d["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] != 1), "the scene checks without errors: {d}");
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let line = |n: usize| src.lines().nth(n).unwrap();
    let col = |n: usize, word: &str| line(n).find(word).unwrap() as u32 + 1;
    for (n, word, says) in [(2, "street", "building fronts"), (2, "time", "sky"), (3, "pattern", "texture"), (3, "scale", "pattern")] {
        let h = c.request("textDocument/hover", at(n as u32, col(n, word)));
        let text = h["contents"]["value"].as_str().unwrap_or_default().to_string();
        assert!(text.contains(says), "hover on `{word}`: {text}");
    }
    let labels = |c: &mut Client, line: u32, character: u32| -> Vec<String> {
        let items = c.request("textDocument/completion", at(line, character));
        items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
    };
    // Inside the set's block: its params.
    let in_set = labels(&mut c, 2, col(2, "time") - 1);
    for key in ["size", "time", "fronts"] {
        assert!(in_set.iter().any(|l| l == key), "`{key}` is offered in the set's block: {in_set:?}");
    }
    // A walk's target: the set's pieces are the scene's props.
    let targets = labels(&mut c, 7, col(7, "bench") - 1);
    assert!(targets.iter().any(|l| l == "bench") && targets.iter().any(|l| l == "pavement_near"), "{targets:?}");
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}
