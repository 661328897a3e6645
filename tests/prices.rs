//! The shipped price table agrees with the sourced price files it is generated from.

use std::path::Path;
use std::process::Command;

fn gen_prices(root: &Path) -> std::process::Output {
    Command::new("python3")
        .arg(root.join("scripts/gen-prices"))
        .arg("--check")
        .output()
        .expect("python3 runs")
}

#[test]
fn the_shipped_table_is_what_the_script_makes_of_the_price_files() {
    let output = gen_prices(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_price_changed_in_a_source_file_and_not_in_the_table_is_caught() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().unwrap();
    for dir in ["scripts", "data/aws-prices", "src/cost"] {
        std::fs::create_dir_all(copy.path().join(dir)).unwrap();
    }
    std::fs::copy(
        root.join("scripts/gen-prices"),
        copy.path().join("scripts/gen-prices"),
    )
    .unwrap();
    std::fs::copy(
        root.join("src/cost/prices.json"),
        copy.path().join("src/cost/prices.json"),
    )
    .unwrap();
    for entry in std::fs::read_dir(root.join("data/aws-prices")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("services-us-east-1.json") {
            assert!(text.contains("\"usd\": 0.045,"));
            text = text.replacen("\"usd\": 0.045,", "\"usd\": 0.046,", 1);
        }
        std::fs::write(
            copy.path()
                .join("data/aws-prices")
                .join(path.file_name().unwrap()),
            text,
        )
        .unwrap();
    }
    let output = gen_prices(copy.path());
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("does not agree"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
