//! Plan mode without a model: the brief's schema is the stdlib's vocabulary, the reading
//! takes numbers, counts, sizes, colours, places and order from the prompt, the example
//! pool of the model's small questions shares nothing with the eval's prompts, and hostile
//! briefs are cleaned and lower to scenes that check.

use reel::llm::{ask, brief, read, stage};

fn errors(text: &str) -> Vec<String> {
    let (_, diags) = reel::compile(text);
    diags.iter().filter(|d| d.severity == reel::diag::Severity::Error).map(|d| format!("{} {}", d.code, d.message)).collect()
}

#[test]
fn the_brief_schema_names_every_stdlib_kind_set_motion_move_and_material() {
    let schema = brief::schema().to_string();
    let lib = reel::check::stdlib::lib();
    for a in lib.archetypes.iter().filter(|a| matches!(a.class, "actor" | "prop" | "set")) {
        assert!(schema.contains(&format!("\"{}\"", a.name)), "{} `{}` is not in the schema", a.class, a.name);
    }
    for m in &lib.motions {
        assert!(schema.contains(&format!("\"{}\"", m.name)), "`{}` is not in the schema", m.name);
        // Its parameters are described with it.
        for p in m.params {
            let name = p.keyword.unwrap_or(p.name);
            assert!(schema.contains(&format!("{}(", m.name)) && schema.contains(name), "`{}`'s `{name}` is not in the schema", m.name);
        }
    }
    for mat in &lib.materials {
        assert!(schema.contains(&format!("\"{}\"", mat.name.name)), "material `{}`", mat.name.name);
    }
}

#[test]
fn the_example_pool_shares_no_sentence_or_word_with_the_eval_prompts() {
    let pool: serde_json::Value = serde_json::from_str(ask::EXAMPLES).unwrap();
    let mut eval = Vec::new();
    for file in ["evals/fidelity/prompts.json", "evals/fidelity/heldout.json", "evals/fidelity/questions.json"] {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        eval.extend(v.as_array().unwrap().iter().map(|p| p["prompt"].as_str().unwrap().to_lowercase()));
    }
    let words = |s: &str| s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 3).map(str::to_string).collect::<std::collections::BTreeSet<_>>();
    for (question, examples) in pool.as_object().unwrap() {
        for e in examples.as_array().unwrap() {
            let s = e["sentence"].as_str().unwrap().to_lowercase();
            let mine = words(&s);
            for p in &eval {
                let theirs = words(p);
                let shared = mine.intersection(&theirs).count() as f32 / mine.union(&theirs).count().max(1) as f32;
                assert!(shared < 0.3, "{question} example {s:?} is too close to the eval prompt {p:?}");
            }
            // The word asked about is never one the eval's prompts use.
            if let Some(w) = e["word"].as_str() {
                assert!(!eval.iter().any(|p| words(p).contains(w)), "{question} example word {w:?} is in an eval prompt");
            }
        }
    }
}

#[test]
fn reading_takes_counts_sizes_colours_places_and_order_from_the_prompt() {
    let (b, open) = read::read("Five tiny red robots walk for 4 seconds, then jump one after another in the evening on a wooden floor.");
    assert!(open.kinds.is_empty() && open.verbs.is_empty(), "{open:?}");
    let robots = &b.things[0];
    assert_eq!((robots.kind.as_str(), robots.count, robots.color.as_deref()), ("robot", 5, Some("red")));
    assert!(robots.height_m.unwrap() < 0.6, "tiny: {:?}", robots.height_m);
    let motions: Vec<&str> = b.steps.iter().map(|s| s.motion.as_str()).collect();
    assert_eq!(motions, ["walk", "jump"]);
    assert_eq!(b.steps[0].seconds, Some(4.0));
    assert!(b.steps[1].in_turn);
    assert_eq!((b.sky.as_deref(), b.ground.as_deref()), (Some("evening"), Some("wood")));

    let (b, _) = read::read("A yellow ball rests on top of a green box while a man kicks another ball at the wall.");
    let kinds: Vec<(&str, Option<&str>)> = b.things.iter().map(|t| (t.kind.as_str(), t.color.as_deref())).collect();
    assert_eq!(kinds, [("ball", Some("yellow")), ("box", Some("green")), ("person", None), ("ball", None), ("wall", None)]);
    assert_eq!(b.things[0].on.as_deref(), Some(b.things[1].name.as_str()));
    assert_eq!(b.steps[0].object.as_deref(), Some(b.things[3].name.as_str()), "{:?}", b.steps);

    // What reel cannot show is named, never stood in for.
    let (b, _) = read::read("A dog chases a cat past a campfire.");
    assert!(b.things.is_empty(), "{:?}", b.things);
    assert_eq!(b.left_out, ["fire", "dog", "cat"]);
    // A word it does not know, where someone would stand, is left for the model.
    let (_, open) = read::read("An astronaut walks to the table.");
    assert_eq!(open.kinds, ["astronaut"]);
}

#[test]
fn hostile_briefs_are_cleaned_and_lower_to_scenes_that_check() {
    let long = "x".repeat(10_000);
    let hostile = brief::Brief {
        title: format!("\"}}{long}"),
        set: Some("moon".into()),
        sky: Some("plaid".into()),
        ground: Some("lava".into()),
        things: (0..50)
            .map(|k| brief::Thing {
                name: if k % 3 == 0 { "scene".into() } else { format!("{k}th thing\n") },
                kind: ["person", "ball", "spaceship", "table", "domino"][k % 5].into(),
                count: u32::MAX,
                height_m: Some(f32::NAN),
                scale: Some(1e30),
                on: Some("scene".into()),
                moving: Some("teleports".into()),
                ..Default::default()
            })
            .collect(),
        steps: (0..40)
            .map(|k| brief::Step { who: "scene".into(), motion: ["dance", "walk", "jump"][k % 3].into(), seconds: Some(f32::INFINITY), ..Default::default() })
            .collect(),
        shots: vec![brief::Shot { mv: "warp".into(), target: None, seconds: None }],
        slow_motion: true,
        freeze_secs: 1e9,
        left_out: vec![long.clone()],
    };
    let (clean, dropped) = brief::clean(hostile);
    assert!(!dropped.is_empty());
    assert!(clean.things.len() <= brief::MAX_THINGS && clean.steps.len() <= brief::MAX_STEPS);
    assert!(clean.things.iter().all(|t| t.count <= brief::MAX_COUNT && t.kind != "spaceship" && t.moving.is_none()));
    assert_eq!((clean.set.as_deref(), clean.sky.as_deref(), clean.ground.as_deref()), (None, None, None));
    let text = stage::lower(&clean);
    assert!(text.len() < 20_000, "{} bytes", text.len());
    // Every name is an identifier the checker takes; what is left may still need the
    // pipeline's cuts, but nothing is a parse error.
    let parse_errors: Vec<String> = errors(&text).into_iter().filter(|e| e.starts_with("E00")).collect();
    assert_eq!(parse_errors, Vec::<String>::new(), "{text}");
}

#[test]
fn any_prompt_reads_and_stages_without_a_panic_and_within_bounds() {
    let long = "a ball rolls and ".repeat(2000);
    let prompts = [
        "",
        "the the the the",
        "a a a a ball ball ball",
        "999999999999 balls fall",
        "0 people wave, -5 dominoes",
        "it it it on it onto it into it",
        "while while while as as then then",
        "one waves, the other jumps, the other other",
        "Ünïcödé 🎬 monkey ✨ jumps 跳",
        "A man on a man on a man on a table on a table",
        "a row of 40 dominoes and a stack of 40 boxes and 40 people in a line jump one after another",
        "he she it they them jumps onto it off it",
        "The camera follows, circles, zooms in, pans, cranes up, tracks and dolly zooms on nobody.",
        &long,
    ];
    for p in prompts {
        let (b, _) = read::read(p);
        assert!(b.things.len() <= brief::MAX_THINGS && b.steps.len() <= brief::MAX_STEPS, "{p:.60}");
        let (b, _) = brief::clean(b);
        let text = stage::lower(&b);
        assert!(text.len() < 20_000, "{p:.60}: {} bytes", text.len());
        let _ = errors(&text);
    }
}
