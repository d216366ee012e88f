//! Long explanations for every diagnostic code, printed by `reel explain CODE`. A test
//! checks that every code the checker can emit is here and in docs/diagnostics.md.

pub struct Explanation {
    pub code: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    /// A scene fragment that produces this diagnostic.
    pub example: &'static str,
}

pub const EXPLANATIONS: &[Explanation] = &[
    Explanation { code: "E0001", title: "syntax error", text: "This text does not parse as a statement, property, track or declaration. reel recovers at the end of the line (or at the next `}`), so the errors after it are still reported.", example: "timeline { a { wave %% hello } }" },
    Explanation { code: "E0002", title: "nesting too deep", text: "Brackets are nested more than 64 deep. No scene needs this; it usually means unbalanced brackets.", example: "scene \"x\" { size ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1m)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) }" },
    Explanation { code: "E0003", title: "file too large", text: "Scene files are limited to 16 MiB so that checking always stays fast and bounded.", example: "" },
    Explanation { code: "E0004", title: "unknown string escape", text: "Strings know the escapes \\n, \\t, \\\" and \\\\.", example: "scene \"a\\q\" {}" },
    Explanation { code: "E0005", title: "number too large", text: "A number must fit in a 64-bit float (and a resolution in 32-bit integers).", example: "scene \"x\" { fps 1e999 }" },
    Explanation { code: "E0006", title: "not UTF-8", text: "Scene files are UTF-8 text. The bad bytes are replaced for checking, so the errors after them are still reported, but `reel fmt` leaves such a file alone.", example: "" },
    Explanation { code: "E0101", title: "unknown name", text: "A track, target or position names an actor, prop or camera that is not declared (or is declared as another kind of thing). The help line suggests the nearest declared name.", example: "actor wukong = humanoid {}\ntimeline { wukog { idle } }" },
    Explanation { code: "E0102", title: "unknown binding", text: "`at`, `after` and `during` refer to a motion bound with `as NAME`; no motion has that name.", example: "timeline { a { jump up 10cm as hop }\n cam { at hopp.apex follow a } }" },
    Explanation { code: "E0103", title: "no such event or phase", text: "The bound motion does not produce this event (or, after `during`, this phase). A jump has the events start, takeoff, apex, landing, end and the phases flight and landing; other motions have start and end.", example: "timeline { a { jump up 10cm as hop }\n cam { at hop.top follow a } }" },
    Explanation { code: "E0104", title: "declared twice", text: "Each prop, actor, camera, binding and track has one declaration; a file has one `scene` and one `world` block.", example: "actor a = humanoid {}\ncamera a {}" },
    Explanation { code: "E0105", title: "unknown module", text: "`use` names a module or item that the standard library does not have. The standard library has std.props (table, staff) and std.characters (humanoid).", example: "use std.props.tabel" },
    Explanation { code: "E0106", title: "unknown or unimported archetype", text: "A prop, actor or held item names an archetype that does not exist, or one that is not imported with `use`.", example: "actor a = humanoid {}   // without `use std.characters.humanoid`" },
    Explanation { code: "E0107", title: "unknown motion", text: "The statement's verb is not something this track's subject can do: actors walk, run, sprint, jump, swing and idle; cameras frame shots (extreme_closeup, closeup, medium, wide, extreme_wide, low_angle, high_angle, top_down), follow and orbit.", example: "timeline { cam { dance a } }" },
    Explanation { code: "E0108", title: "unknown part", text: "A camera target names a part the humanoid does not have. Parts: head, torso, pelvis, left_hand, right_hand, left_foot, right_foot.", example: "timeline { cam { closeup a.nose } }" },
    Explanation { code: "E0109", title: "stdlib-only declaration", text: "`archetype` and `builtin` declarations describe what the engine implements; they live in the standard library (stdlib/*.scene), where the checker, hover and completion read them. A scene uses them: `prop desk = table { … }`, `sprint to (1m, 0m) over 3s`.", example: "archetype chair : prop {}" },
    Explanation { code: "E0110", title: "cannot use this file", text: "`use NAME` reads NAME.scene from the scene's own folder and takes its declarations (props, actors, cameras, materials, lights). The file must exist, check clean, hold declarations only (no scene, world or timeline), and not use itself through a loop of `use`s (at most 8 deep). Text read from standard input has no folder, so it can only use the stdlib.", example: "use shared_set" },
    Explanation { code: "E0111", title: "use outside the stdlib or the scene's folder", text: "A scene may use the standard library (`use std.props.table`) and files in its own folder (`use set` for set.scene), nothing else: no other folders, and no links that lead out of the folder. This keeps a scene, and anything a language model writes, from reading files elsewhere.", example: "use other.things" },
    Explanation { code: "E0201", title: "wrong unit", text: "Units are types. A length is written in m, cm, mm or km; a duration in s, ms or min; an angle in deg, rad or turn; an acceleration in m/s2. A value of another kind, or in the wrong unit, is an error.", example: "timeline { a { jump up 3s } }" },
    Explanation { code: "E0202", title: "missing unit", text: "Bare numbers are only allowed where the parameter is unitless (fps, a sun's strength). Everywhere else, write the unit.", example: "timeline { a { jump up 10 } }" },
    Explanation { code: "E0203", title: "unknown parameter", text: "The command or block has no parameter or property of this name. The help line suggests the nearest one or lists them all.", example: "actor a = humanoid { hieght 2m }" },
    Explanation { code: "E0204", title: "missing parameter", text: "A required parameter is missing, or a keyword is given with no value after it.", example: "timeline { a { sprint to (1m, 0m) } }   // needs `over 3s`" },
    Explanation { code: "E0205", title: "parameter given twice", text: "Each parameter or property is given once.", example: "timeline { a { jump up 1m up 2m } }" },
    Explanation { code: "E0206", title: "wrong kind of value", text: "The value has the wrong shape: a tuple of the wrong length, a name where a number is wanted, a block where a value is wanted.", example: "prop d = table { size (1m, 2m) }" },
    Explanation { code: "E0207", title: "not one of the allowed words", text: "The parameter takes one of a fixed set of words; the help line lists them.", example: "world { sky evenin }" },
    Explanation { code: "E0208", title: "value out of range", text: "The value is outside the documented limits: resolution (even, 16 to 3840x2160), fps (1 to 120), durations (more than 0, at most 600 s), sizes, heights, lens (8 to 800 mm), a sun that shines upward, a position off its prop.", example: "scene \"x\" { fps 0 }" },
    Explanation { code: "E0301", title: "actor motion inside freeze", text: "During `freeze` story time stands still, so only cameras move. Put the actor's motion before or after the freeze.", example: "timeline { cam { freeze 1s { jump up 5cm } } }" },
    Explanation { code: "E0302", title: "freeze in an actor's track", text: "`freeze` stops story time for everyone; it belongs in a camera's track.", example: "timeline { a { freeze 1s { } } }" },
    Explanation { code: "E0303", title: "tracks wait on each other", text: "Statements that wait on events (`at`, `after`, `during`) and the statements before them form a loop: each waits for something that can only happen after it, so none of them would ever start. This happens across tracks (a waits on b's jump, b waits on a's walk) or inside one track (waiting on a motion bound later in the same track).", example: "timeline { a { after hop.end wave\n jump up 10cm as hop } }" },
    Explanation { code: "E0304", title: "one body part, two motions", text: "Two motions would drive the same body part at the same time: two locomotions in one `together`, two swings of the right arm during the same phase, a jump during a jump. A body part follows one motion at a time; arm motions (swing, wave) can run over a locomotion or a jump if they use an arm it leaves free.", example: "timeline { a { together { walk to (1m, 0m) over 1s; run to (2m, 0m) over 1s } } }" },
    Explanation { code: "W0001", title: "unused actor or prop", text: "An actor that no track moves and no camera looks at, or a camera with no track, is legal but probably a mistake.", example: "actor extra = humanoid {}" },
    Explanation { code: "W0002", title: "no camera track", text: "Actors move but no camera track says how to film them; reel uses a default wide view.", example: "timeline { a { idle for 1s } }" },
    Explanation { code: "W0003", title: "motion ends after the video", text: "With `duration` set in the scene block, a track whose timed statements run past the end will be cut.", example: "scene \"x\" { duration 1s }\ntimeline { a { idle for 5s } }" },
    Explanation { code: "W0004", title: "a camera that never looks at anything", text: "The camera's track only cuts or changes the clock (slowmo); it has no shot or move, so nothing says where it points and it keeps its opening view. Give it a shot (`wide wukong`) or a move (`follow wukong`).", example: "timeline { a { idle }\n cam { slowmo 0.5x over 1s } }" },
];

pub fn explain(code: &str) -> Option<&'static Explanation> {
    EXPLANATIONS.iter().find(|e| e.code.eq_ignore_ascii_case(code))
}
