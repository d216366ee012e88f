//! The prompt pass (`reel prompt`, `reel grammar`).
//!
//! The first tests need no model: the GBNF export, plan lowering of the worked examples and
//! of hostile plans, the context built from the project's sources, and a clear error when
//! nothing answers. The `local_model_*` tests run against a real model: llama.cpp's server
//! with SmolLM2-135M-Instruct (`scripts/llm_server.py`, installed by `scripts/install-llm.sh`),
//! started here on a free port, or the server `REEL_LLM_URL` names. No mocked model.

use reel::llm::{self, plan};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn errors(text: &str) -> Vec<String> {
    let (_, diags) = reel::compile(text);
    diags.iter().filter(|d| d.severity == reel::diag::Severity::Error).map(|d| format!("{}: {}", d.code, d.message)).collect()
}

#[test]
fn gbnf_is_generated_from_the_grammar() {
    let g = llm::gbnf::scene_gbnf().unwrap();
    assert!(g.contains("\nroot ::= "), "{g}");
    // Every rule a scene is made of is there; recovery and stdlib-only rules are not.
    for rule in ["file", "scene-decl", "actor-decl", "timeline-decl", "stmt", "freeze-stmt", "quantity", "unit", "string-inner", "color", "event-ref"] {
        assert!(g.contains(&format!("\n{rule} ::= ")), "no rule {rule} in\n{g}");
    }
    for gone in ["error-", "braced", "unclosed", "archetype-decl", "builtin-decl", "comment"] {
        assert!(!g.lines().any(|l| l.starts_with(gone)), "{gone} should be left out:\n{g}");
    }
    // Every rule referred to is defined.
    let defined: Vec<&str> = g.lines().filter_map(|l| l.split_once(" ::= ").map(|(n, _)| n)).collect();
    for line in g.lines().filter(|l| l.contains(" ::= ")) {
        let body = line.split_once(" ::= ").unwrap().1;
        let mut rest = body;
        // Strip literals and classes, then the words left are references.
        let mut cleaned = String::new();
        while let Some(c) = rest.chars().next() {
            if c == '"' || c == '[' {
                let close = if c == '"' { '"' } else { ']' };
                let mut i = 1;
                let b = rest.as_bytes();
                while i < b.len() && b[i] as char != close {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                rest = &rest[(i + 1).min(rest.len())..];
                cleaned.push(' ');
            } else {
                cleaned.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        for word in cleaned.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit())) {
            assert!(defined.contains(&word), "`{word}` is used but not defined in: {line}");
        }
    }
    // Lookaheads that guard a character become classes: a string's inside.
    assert!(g.contains("string-inner ::= ([^\"\\\\\\n\\r] | \"\\\\\" [^\\x00])*"), "{g}");
}

#[test]
fn the_cli_prints_the_grammar_and_the_schema() {
    let out = Command::new(env!("CARGO_BIN_EXE_reel")).args(["grammar", "--format", "gbnf"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), llm::gbnf::scene_gbnf().unwrap());
    let out = Command::new(env!("CARGO_BIN_EXE_reel")).args(["grammar", "--format", "json-schema"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["properties"]["actors"]["maxItems"], 3);
}

#[test]
fn the_worked_plan_examples_lower_to_scenes_that_check_clean() {
    let v: serde_json::Value = serde_json::from_str(llm::PLAN_EXAMPLES).unwrap();
    let examples = v.as_array().unwrap();
    assert!(examples.len() >= 2);
    for e in examples {
        let cast: plan::Cast = serde_json::from_value(e["cast"].clone()).unwrap();
        let story: plan::Story = serde_json::from_value(e["story"].clone()).unwrap();
        let (clean, problems) = plan::clean_cast(cast.clone());
        assert!(problems.is_empty());
        assert_eq!(clean, cast, "a worked example should need no cleaning");
        let (scene, problems) = plan::lower(&clean, &story);
        assert!(problems.is_empty(), "{problems:?}");
        let (text, diags) = llm::check_untrusted(&scene);
        assert!(diags.is_empty(), "{text}\n{diags:?}");
    }
}

#[test]
fn the_leap_example_keeps_its_promises() {
    // The first worked example is the benchmark's story: a jump with a freeze at its apex.
    let v: serde_json::Value = serde_json::from_str(llm::PLAN_EXAMPLES).unwrap();
    let cast: plan::Cast = serde_json::from_value(v[0]["cast"].clone()).unwrap();
    let story: plan::Story = serde_json::from_value(v[0]["story"].clone()).unwrap();
    let (scene, _) = plan::lower(&cast, &story);
    let (ir, diags) = reel::compile(&scene);
    let ir = ir.unwrap_or_else(|| panic!("{scene}\n{diags:?}"));
    let bake = reel::sim::simulate(&ir);
    let names: Vec<String> = bake.events.iter().map(|e| e.name.clone()).collect();
    assert!(names.iter().any(|n| n == "wukong_jump1.apex"), "{names:?}");
    // 3 s of freeze: the video is at least 3 s longer than the story.
    let last = bake.frames.last().unwrap();
    let (screen, story_end) = (last.screen_time_secs, last.story_time_secs);
    assert!(screen - story_end > 2.9, "screen {screen} s, story {story_end} s");
}

#[test]
fn hostile_plans_are_cleaned_or_sent_back() {
    // Names that are keywords, stdlib words, duplicates, empty or not identifiers.
    let cast = plan::Cast {
        title: "a \"quoted\\\" title\nwith a newline and far too long to be a title at all".into(),
        sky: "purple".into(),
        table: false,
        actors: vec![
            plan::ActorPlan { name: "at".into(), color: "mauve".into(), size: "giant".into() },
            plan::ActorPlan { name: "at".into(), color: "red".into(), size: "tiny".into() },
            plan::ActorPlan { name: "9lives".into(), color: "".into(), size: "child".into() },
            plan::ActorPlan { name: "fourth".into(), color: "".into(), size: "adult".into() },
        ],
        props: vec![
            plan::PropPlan { name: "ball".into(), kind: "ball".into(), color: "blue".into(), on_table: true, push: 1e9 },
            plan::PropPlan { name: "".into(), kind: "spaceship".into(), color: "".into(), on_table: false, push: -3.0 },
            plan::PropPlan { name: "row".into(), kind: "domino_row".into(), color: "white".into(), on_table: false, push: 2.0 },
            plan::PropPlan { name: "stack".into(), kind: "box_stack".into(), color: "".into(), on_table: true, push: 0.0 },
        ],
    };
    let (cast, problems) = plan::clean_cast(cast);
    assert!(problems.is_empty());
    assert_eq!(cast.actors.len(), 3, "at most three actors");
    let names: Vec<&str> = cast.actors.iter().map(|a| a.name.as_str()).chain(cast.props.iter().map(|p| p.name.as_str())).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    let mut actions = Vec::new();
    for a in &cast.actors {
        for (what, secs) in [("sprint", 6.0), ("jump", 1.0), ("run", 1e12), ("jump", 1.0), ("walk", -1.0), ("wave", 2.0)] {
            actions.push(plan::ActionPlan { actor: a.name.clone(), action: what.into(), seconds: secs });
        }
    }
    let shots =
        plan::SHOTS.iter().zip(names.iter().cycle()).map(|(s, t)| plan::ShotPlan { shot: s.to_string(), target: t.to_string(), seconds: 100.0 }).collect();
    let story = plan::Story { actions, shots, freeze_at_jump_apex: 1e300, slow_motion: true };
    let (scene, problems) = plan::lower(&cast, &story);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(errors(&scene), Vec::<String>::new(), "{scene}");

    // Nothing on stage is sent back; so are names outside the cast.
    let (_, problems) = plan::clean_cast(plan::Cast::default());
    assert_eq!(problems.len(), 1);
    let one = plan::Cast { actors: vec![plan::ActorPlan { name: "ann".into(), ..Default::default() }], ..Default::default() };
    let (one, _) = plan::clean_cast(one);
    let story = plan::Story {
        actions: vec![plan::ActionPlan { actor: "zed".into(), action: "walk".into(), seconds: 1.0 }],
        shots: vec![plan::ShotPlan { shot: "dance".into(), target: "ann".into(), seconds: 1.0 }],
        ..Default::default()
    };
    let (_, problems) = plan::lower(&one, &story);
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn the_story_schema_names_the_cast() {
    let cast = plan::Cast {
        actors: vec![plan::ActorPlan { name: "ann".into(), ..Default::default() }],
        props: vec![plan::PropPlan { name: "b".into(), kind: "ball".into(), ..Default::default() }],
        ..Default::default()
    };
    let s = plan::story_schema(&cast);
    assert_eq!(s["properties"]["actions"]["items"]["properties"]["actor"]["enum"], serde_json::json!(["ann"]));
    assert_eq!(s["properties"]["shots"]["items"]["properties"]["target"]["enum"], serde_json::json!(["ann", "b"]));
    // No actors: no actions to fill in.
    let props_only = plan::Cast { props: cast.props.clone(), ..Default::default() };
    assert!(plan::story_schema(&props_only)["properties"].get("actions").is_none());
}

#[test]
fn the_context_is_built_from_the_project_sources() {
    let p = llm::scene_system_prompt(true);
    assert!(p.contains(include_str!("../docs/reference.md")));
    assert!(p.contains(include_str!("../examples/wukong.scene")));
    // Every stdlib verb and archetype, with its doc.
    let lib = reel::check::stdlib::lib();
    for m in &lib.motions {
        assert!(p.contains(&format!("`{} ", m.name.trim())) || p.contains(&format!("`{}(", m.name)), "no {} in the prompt", m.name);
    }
    assert!(p.contains("archetype") || p.contains("prop `table`"));
    let story = llm::story_system_prompt(&plan::Cast::default());
    assert!(story.contains(&lib.motion("jump").unwrap().doc.replace('\n', " ")));
}

#[test]
fn model_text_is_untrusted() {
    // Fences are stripped; `use` of a file is refused (no folder); check limits apply.
    assert_eq!(llm::extract_scene("Here:\n```scene\nscene \"x\" { fps 30 }\n```\nDone."), "scene \"x\" { fps 30 }\n");
    let (_, diags) = llm::check_untrusted("use secrets\nscene \"x\" { fps 30 }\n");
    assert!(diags.iter().any(|d| d.code == "E0110" || d.code == "E0111"), "{diags:?}");
    let (text, diags) = llm::check_untrusted("scene \"x\" { fps 500 }\n");
    let fb = llm::feedback(&text, &diags);
    assert!(fb.contains("line 1") && fb.contains("E0"), "{fb}");
    // Feedback stays small whatever the model wrote: a runaway line, many errors.
    let runaway = format!("scene \"x\" {{ fps 30 }}\ncamera cam {{ {} }}\n{}", "roll ".repeat(20_000), "bogus 1\n".repeat(50));
    let (text, diags) = llm::check_untrusted(&runaway);
    assert!(diags.len() > 12);
    let fb = llm::feedback(&text, &diags);
    assert!(fb.len() < 12 * 600, "{} bytes of feedback", fb.len());
}

#[test]
fn nothing_answering_is_a_clear_error_not_a_hang() {
    // A port with nothing listening: refused at once, retried, then a readable error. (The
    // prompt has a word the reading does not know, so the model must be asked.)
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_reel"))
        .args(["prompt", "An astronaut walks to the table.", "--retries", "1", "--timeout", "5", "--url", &format!("http://127.0.0.1:{port}/v1")])
        .env_remove("REEL_LLM_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no answer from the model's server"), "{err}");
    assert!(err.contains("trying again"), "one retry should be announced: {err}");
    assert!(started.elapsed() < Duration::from_secs(60));
}

// --- against a real local model -----------------------------------------------------------

/// The model server: `REEL_LLM_URL`, or `scripts/llm_server.py` started on a free port.
fn server() -> &'static str {
    static S: OnceLock<String> = OnceLock::new();
    static CHILD: OnceLock<std::sync::Mutex<Child>> = OnceLock::new();
    S.get_or_init(|| {
        if let Ok(u) = std::env::var("REEL_LLM_URL") {
            return u;
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new("python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/llm_server.py"))
            // It ends itself when this test process ends (statics are never dropped).
            .args(["--port", &port.to_string(), "--exit-with-parent"])
            .env("OMP_WAIT_POLICY", "passive")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 is needed for the local model server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert!(
            line.contains("llm_server:") && line.contains("/v1"),
            "the local model server did not start ({line:?}); install it with `bash scripts/install-llm.sh`"
        );
        let url = format!("http://127.0.0.1:{port}/v1");
        CHILD.get_or_init(|| std::sync::Mutex::new(child));
        url
    })
}

fn prompt(args: &[&str], out: &std::path::Path) -> (bool, serde_json::Value, String) {
    // One request at a time: the local server has one slot, and a test's request queued
    // behind another test's would only wait out its time limit.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let o = Command::new(env!("CARGO_BIN_EXE_reel"))
        .arg("prompt")
        .args(args)
        // A slow machine (CI's two cores, shared) gets the time it needs.
        .args(["--report", "--timeout", "900", "--url", server(), "-o"])
        .arg(out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    let report = err.lines().rev().find_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()).unwrap_or_else(|| panic!("no report in {err}"));
    (o.status.success(), report, err)
}

#[test]
fn local_model_plan_mode_writes_scenes_that_show_what_was_asked() {
    // Three of the fidelity eval's prompts (evals/fidelity/): two the reading answers by
    // itself, one with a word it does not know ("shuffles"), which the model is asked about.
    let dir = std::env::temp_dir().join(format!("reel-llm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("three_friends_turns", "evals/fidelity/prompts.json"),
        ("ball_rolls_off_table", "evals/fidelity/prompts.json"),
        ("h_grandma_chair", "evals/fidelity/heldout.json"),
    ];
    let mut asked = 0;
    for (id, file) in cases {
        let prompts: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let p = prompts.as_array().unwrap().iter().find(|p| p["id"] == id).unwrap()["prompt"].as_str().unwrap().to_string();
        let out = dir.join(format!("{id}.scene"));
        let _ = std::fs::remove_file(&out);
        let (ok, report, err) = prompt(&[&p, "--mode", "plan", "--rounds", "3"], &out);
        assert_eq!(report["mode"], "plan");
        asked += report["requests"].as_u64().unwrap();
        assert!(ok, "{id}: {err}");
        // What was written checks clean, is in the canonical layout, and shows most of
        // what the prompt asks for, item by item.
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(errors(&text), Vec::<String>::new(), "{text}");
        assert_eq!(reel::syntax::fmt::format(&text).unwrap(), text);
        let score = Command::new("python3")
            .args(["evals/fidelity.py", "one", id, out.to_str().unwrap(), "--prompts", file])
            .env("REEL_BIN", env!("CARGO_BIN_EXE_reel"))
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&score.stdout).to_string();
        let share: f64 = printed.lines().last().and_then(|l| l.trim_end_matches('%').parse().ok()).unwrap_or(0.0);
        assert!(share >= 60.0, "{id}: {share}% of its items\n{printed}\n{text}");
    }
    assert!(asked >= 1, "the unknown word should have been asked about");
}

#[test]
fn plan_mode_needs_no_model_when_the_reading_leaves_nothing_open() {
    let dir = std::env::temp_dir().join(format!("reel-llm-offline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("friends.scene");
    let o = Command::new(env!("CARGO_BIN_EXE_reel"))
        .args(["prompt", "Three friends stand in a row and jump one after another.", "--report", "--retries", "0", "--url", "http://127.0.0.1:9/v1", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("\"requests\":0"), "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("count 3") && text.contains("stagger") && text.contains("jump"), "{text}");
}

#[test]
fn local_model_scene_mode_is_checked_and_never_written_when_broken() {
    // The 135M model writing the language directly rarely checks clean; what matters here
    // is that the grammar is accepted by a real server, the loop runs its rounds, and a
    // broken scene is reported (exit 1) and not written.
    let out = std::env::temp_dir().join(format!("reel-llm-scene-{}.scene", std::process::id()));
    let _ = std::fs::remove_file(&out);
    let (ok, report, err) = prompt(&["A ball falls onto a table.", "--mode", "scene", "--rounds", "1", "--max-tokens", "200"], &out);
    assert_eq!(report["mode"], "scene");
    if ok {
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(errors(&text), Vec::<String>::new());
    } else {
        assert!(!out.exists());
        assert_eq!(report["repairs"], 1, "{err}");
        assert_eq!(report["requests"], 2);
        assert!(err.contains("is not written"), "{err}");
    }
}
