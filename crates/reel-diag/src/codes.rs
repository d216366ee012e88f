//! Every diagnostic code, from one table: the `Code` enum, and for each code its title, its
//! long explanation (`reel explain CODE`) and a scene fragment that produces it. A test
//! checks that every code is emitted somewhere, documented in docs/diagnostics.md, and that
//! its example really produces it.

/// Builds `Code` and its lookups from the table below.
macro_rules! codes {
    ($($code:ident { title: $title:literal, text: $text:literal, example: $example:literal, })*) => {
        /// A stable diagnostic code: `E0xxx` for errors, `W0xxx` for warnings.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($code,)*
        }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// Its spelling, `E0101`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// A few words saying what it is about.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$code => $title,)*
                }
            }

            /// What it means and what to do, for `reel explain`.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$code => $text,)*
                }
            }

            /// A scene fragment that produces it (empty where no text can, as E0003).
            pub fn example(self) -> &'static str {
                match self {
                    $(Code::$code => $example,)*
                }
            }
        }
    };
}

impl Code {
    /// The code spelled `s`, in either case.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(s))
    }

    /// Warnings are the `W` codes.
    pub fn is_warning(self) -> bool {
        self.as_str().starts_with('W')
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

codes! {
    E0001 {
        title: "syntax error",
        text: "This text does not parse as a statement, property, track or declaration. reel recovers at the end of the line (or at the next `}`), so the errors after it are still reported.",
        example: "timeline { a { wave %% hello } }",
    }
    E0002 {
        title: "nesting too deep",
        text: "Brackets are nested more than 64 deep. No scene needs this; it usually means unbalanced brackets.",
        example: "scene \"x\" { size ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1m)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) }",
    }
    E0003 {
        title: "file too large",
        text: "Scene files are limited to 16 MiB so that checking always stays fast and bounded.",
        example: "",
    }
    E0004 {
        title: "unknown string escape",
        text: "Strings know the escapes \\n, \\t, \\\" and \\\\.",
        example: "scene \"a\\q\" {}",
    }
    E0005 {
        title: "number too large",
        text: "A number must fit in a 64-bit float (and a resolution in 32-bit integers).",
        example: "scene \"x\" { fps 1e999 }",
    }
    E0006 {
        title: "not UTF-8",
        text: "Scene files are UTF-8 text. The bad bytes are replaced for checking, so the errors after them are still reported, but `reel fmt` leaves such a file alone.",
        example: "",
    }
    E0101 {
        title: "unknown name",
        text: "A track, target or position names an actor, prop or camera that is not declared (or is declared as another kind of thing). The help line suggests the nearest declared name.",
        example: "actor wukong = humanoid {}\ntimeline { wukog { idle } }",
    }
    E0102 {
        title: "unknown binding",
        text: "`at`, `after` and `during` refer to a motion bound with `as NAME`; no motion has that name.",
        example: "timeline { a { jump up 10cm as hop }\n cam { at hopp.apex follow a } }",
    }
    E0103 {
        title: "no such event or phase",
        text: "The bound motion does not produce this event (or, after `during`, this phase). A jump has the events start, takeoff, apex, landing, end and the phases flight and landing; other motions have start and end.",
        example: "timeline { a { jump up 10cm as hop }\n cam { at hop.top follow a } }",
    }
    E0104 {
        title: "declared twice",
        text: "Each prop, actor, camera, binding and track has one declaration; a file has one `scene` and one `world` block.",
        example: "actor a = humanoid {}\ncamera a {}",
    }
    E0105 {
        title: "unknown module",
        text: "`use` names a module or item that the standard library does not have. The standard library has std.props (table, ball, staff), std.characters (humanoid) and std.lights (point, spot); `reel stdlib` prints all of it and docs/stdlib.md lists it.",
        example: "use std.props.tabel",
    }
    E0106 {
        title: "unknown or unimported archetype",
        text: "A prop, actor or held item names an archetype that does not exist, or one that is not imported with `use`.",
        example: "actor a = humanoid {}   // without `use std.characters.humanoid`",
    }
    E0107 {
        title: "unknown motion",
        text: "The statement's verb is not something this track's subject can do. Each motion is declared in the stdlib for one archetype (`builtin motion sprint(…) for humanoid`): a humanoid walks, runs, sprints, jumps, swings, waves and idles; a ball can be animated; a table has no motions. Cameras frame shots (extreme_closeup, closeup, medium, wide, extreme_wide, low_angle, high_angle, top_down), follow, orbit, dolly, truck, pedestal, crane, pan, tilt, zoom, dolly_zoom, look at, cut and slowmo. `reel stdlib` lists them all.",
        example: "timeline { cam { dance a } }",
    }
    E0108 {
        title: "unknown part",
        text: "A camera target names a part the humanoid does not have. Parts: head, torso, pelvis, left_hand, right_hand, left_foot, right_foot.",
        example: "timeline { cam { closeup a.nose } }",
    }
    E0109 {
        title: "stdlib-only declaration",
        text: "`archetype` and `builtin` declarations describe what the engine implements; they live in the standard library (stdlib/*.scene), where the checker, hover and completion read them. A scene uses them: `prop desk = table { … }`, `sprint to (1m, 0m) over 3s`.",
        example: "archetype chair : prop {}",
    }
    E0110 {
        title: "cannot use this file",
        text: "`use NAME` reads NAME.scene from the scene's own folder and takes its declarations (props, actors, cameras, materials, lights). The file must exist, check clean, hold declarations only (no scene, world or timeline), and not use itself through a loop of `use`s (at most 8 deep). Text read from standard input has no folder, so it can only use the stdlib.",
        example: "use shared_set",
    }
    E0111 {
        title: "use outside the stdlib or the scene's folder",
        text: "A scene may use the standard library (`use std.props.table`) and files in its own folder (`use set` for set.scene), nothing else: no other folders, and no links that lead out of the folder. This keeps a scene, and anything a language model writes, from reading files elsewhere.",
        example: "use other.things",
    }
    E0112 {
        title: "a model that cannot be used",
        text: "`model \"FILE\"` draws a prop with a glTF 2.0 model (`.glb`, or `.gltf` with its buffers beside it) in place of its plain shape. The file must be in the scene's folder or a folder under it (no `..`, no absolute paths, no links out), at most 64 MiB, with at most a million triangles, and must parse as glTF. Its physics stays the prop's own shape and size. A scene read from standard input has no folder, so it cannot have models.",
        example: "prop desk = table { model \"../desk.glb\" }",
    }
    E0113 {
        title: "a figure's body or character that cannot be used",
        text: "A `person` is drawn with reel's human body, made once at set-up from the MakeHuman project's CC0 data (`bash scripts/install-body.sh`, which both README commands run); without it, a person cannot be drawn, and a `mannequin` does the same motions meanwhile. A figure's `model \"FILE\"` with a skin is posed through its bones, found by name (Unreal or MakeHuman `thigh_l`, Mixamo `mixamorig:LeftUpLeg`, VRM `leftUpperLeg`, Rigify `DEF-thigh.L`): it must have the pelvis, a spine bone, the head, both upper arms, forearms and hands, both thighs, calves and feet; the error names those it lacks. Rename them in your modelling tool or re-export with one of these rigs.",
        example: "",
    }
    E0114 {
        title: "a group that cannot be laid out",
        text: "A `prop` or `actor` with `count N` is a group of N members, placed by one layout: `line FROM to TO`, `arc CENTER radius R from A to B`, `circle CENTER radius R`, `grid CENTER columns C spacing (dx, dz)`, `stack` (props only) or `emit over D from CORNER to CORNER` (only things that move: balls, boxes, dominoes, cups). A group of more than one member needs one of them.",
        example: "use std.props.ball\nprop balls = ball { count 5 }",
    }
    E0201 {
        title: "wrong unit",
        text: "Units are types. A length is written in m, cm, mm or km; a duration in s, ms or min; an angle in deg, rad or turn; an acceleration in m/s2. A value of another kind, or in the wrong unit, is an error.",
        example: "timeline { a { jump up 3s } }",
    }
    E0202 {
        title: "missing unit",
        text: "Bare numbers are only allowed where the parameter is unitless (fps, a sun's strength). Everywhere else, write the unit.",
        example: "timeline { a { jump up 10 } }",
    }
    E0203 {
        title: "unknown parameter",
        text: "The command or block has no parameter or property of this name. The help line suggests the nearest one or lists them all.",
        example: "actor a = humanoid { hieght 2m }",
    }
    E0204 {
        title: "missing parameter",
        text: "A required parameter is missing, or a keyword is given with no value after it.",
        example: "timeline { a { sprint to (1m, 0m) } }   // needs `over 3s`",
    }
    E0205 {
        title: "parameter given twice",
        text: "Each parameter or property is given once.",
        example: "timeline { a { jump up 1m up 2m } }",
    }
    E0206 {
        title: "wrong kind of value",
        text: "The value has the wrong shape: a tuple of the wrong length, a name where a number is wanted, a block where a value is wanted.",
        example: "prop d = table { size (1m, 2m) }",
    }
    E0207 {
        title: "not one of the allowed words",
        text: "The parameter takes one of a fixed set of words; the help line lists them.",
        example: "world { sky evenin }",
    }
    E0208 {
        title: "value out of range",
        text: "The value is outside the documented limits: resolution (even, 16 to 3840x2160), fps (1 to 120), durations (more than 0, at most 600 s), sizes, heights, lens (8 to 800 mm), a sun that shines upward, a position off its prop.",
        example: "scene \"x\" { fps 0 }",
    }
    E0301 {
        title: "actor motion inside freeze",
        text: "During `freeze` story time stands still, so only cameras move. Put the actor's motion before or after the freeze.",
        example: "timeline { cam { freeze 1s { jump up 5cm } } }",
    }
    E0302 {
        title: "freeze in an actor's track",
        text: "`freeze` stops story time for everyone; it belongs in a camera's track.",
        example: "timeline { a { freeze 1s { } } }",
    }
    E0303 {
        title: "tracks wait on each other",
        text: "Statements that wait on events (`at`, `after`, `during`) and the statements before them form a loop: each waits for something that can only happen after it, so none of them would ever start. This happens across tracks (a waits on b's jump, b waits on a's walk) or inside one track (waiting on a motion bound later in the same track).",
        example: "timeline { a { after hop.end wave\n jump up 10cm as hop } }",
    }
    E0304 {
        title: "one body part, two motions",
        text: "Two motions would drive the same body part at the same time: two locomotions in one `together`, two swings of the right arm during the same phase, a jump during a jump. A body part follows one motion at a time; arm motions (swing, wave) can run over a locomotion or a jump if they use an arm it leaves free. A camera likewise stands in one place at a time: its `together` runs moves (crane, tilt, pan, dolly, zoom, roll, rack) over at most one shot that places it (a framing, follow, orbit, pair or place).",
        example: "timeline { a { together { walk to (1m, 0m) over 1s; run to (2m, 0m) over 1s } } }",
    }
    W0001 {
        title: "unused actor or prop",
        text: "An actor that no track moves and no camera looks at, or a camera with no track, is legal but probably a mistake.",
        example: "actor extra = humanoid {}",
    }
    W0002 {
        title: "no camera track",
        text: "Actors move but no camera track says how to film them; reel uses a default wide view.",
        example: "timeline { a { idle for 1s } }",
    }
    W0003 {
        title: "motion ends after the video",
        text: "With `duration` set in the scene block, a track whose timed statements run past the end will be cut.",
        example: "scene \"x\" { duration 1s }\ntimeline { a { idle for 5s } }",
    }
    W0004 {
        title: "a camera that never looks at anything",
        text: "The camera's track only cuts or changes the clock (slowmo); it has no shot or move, so nothing says where it points and it keeps its opening view. Give it a shot (`wide wukong`) or a move (`follow wukong`).",
        example: "timeline { a { idle }\n cam { slowmo 0.5x over 1s } }",
    }
    W0005 {
        title: "a shot that would put the camera under the floor",
        text: "A follow whose `height` is below its target's feet puts the camera under the floor, or inside what the target stands on. When rendered, the camera is pushed up out of it (and `reel render` says so), which changes the framing. Give a height of 0m or more. (Framed shots such as `low_angle` keep the camera above the floor by themselves: they look up from just above it.)",
        example: "timeline { a { idle }\n cam { follow a { distance 3m, height -1m } } }",
    }
    W0006 {
        title: "a prop that starts inside another",
        text: "A ball, box, domino or cup is declared where it overlaps another prop (or reaches into the floor). Before the story starts the simulation pushes them apart, without giving either any speed, so neither starts where it is written (`reel render` notes how far it moved). Resting on a top is not an overlap: put a ball on a table with `on desk at (x, z)`, or give its centre at the top's height plus its radius.",
        example: "use std.props.ball\nprop desk = table { size (1m, 0.75m, 1m) }\nprop b = ball { radius 5cm, at (0m, 0.74m, 0m) }",
    }
}
