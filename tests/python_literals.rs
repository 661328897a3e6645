//! Python string literals from the `python` filter mean exactly the text given, as CPython reads
//! them: one python3 process checks a whole batch of generated strings.

use goldpath::render::escape;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn python_reads_back_every_string() {
    let mut runner = TestRunner::default();
    let strategy = prop::collection::vec(any::<String>(), 256);
    let samples = strategy.new_tree(&mut runner).expect("samples").current();
    let mut program = String::from("import json, sys\nvalues = [\n");
    for s in &samples {
        program.push_str(&format!("    {},\n", escape::python(&serde_json::json!(s))));
    }
    program.push_str("]\njson.dump(values, sys.stdout)\n");

    let mut child = Command::new("python3")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is installed");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(program.as_bytes())
        .expect("program written");
    let out = child.wait_with_output().expect("python3 ran");
    assert!(
        out.status.success(),
        "python3 rejected the literals: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back: Vec<String> = serde_json::from_slice(&out.stdout).expect("python3 printed JSON");
    assert_eq!(back, samples);
}
