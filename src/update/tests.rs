//! The file-level merge matrix: who changed, added or deleted what.

use super::*;

fn bundle(files: &[(&str, &str)]) -> Bundle {
    let mut b = Bundle::default();
    for (path, text) in files {
        b.insert((*path).into(), (*text).into());
    }
    b
}

fn disk(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
        .collect()
}

fn hashes(b: &Bundle) -> BTreeMap<String, String> {
    b.iter().map(|(p, t)| (p.to_string(), digest(t))).collect()
}

const MAIN: &str = "resource \"aws_kms_key\" \"this\" {\n  deletion_window_in_days = 7\n}\n";

fn change_of<'m>(m: &'m Merge, path: &str) -> Option<&'m FileChange> {
    m.changes.iter().find(|c| c.path == path)
}

#[test]
fn an_untouched_file_becomes_the_new_version() {
    let original = bundle(&[("main.tf", MAIN), ("README.md", "v1\n")]);
    let theirs = bundle(&[("main.tf", &MAIN.replace("7", "30")), ("README.md", "v1\n")]);
    let ours = disk(&[("main.tf", MAIN), ("README.md", "v1\n")]);
    let m = merge(&Sides {
        original: &original,
        theirs: &theirs,
        ours: &ours,
        recorded: &hashes(&original),
    });
    assert_eq!(m.write.get("main.tf"), theirs.get("main.tf"));
    assert_eq!(change_of(&m, "main.tf").unwrap().change, Change::Updated);
    assert!(
        change_of(&m, "README.md").is_none(),
        "unchanged files are not listed"
    );
}

#[test]
fn a_users_edit_the_new_version_did_not_touch_is_kept() {
    let original = bundle(&[("main.tf", MAIN)]);
    let ours = disk(&[("main.tf", &MAIN.replace("7", "10"))]);
    let m = merge(&Sides {
        original: &original,
        theirs: &original,
        ours: &ours,
        recorded: &hashes(&original),
    });
    assert!(m.write.get("main.tf").is_none());
    assert_eq!(change_of(&m, "main.tf").unwrap().change, Change::Kept);
}

#[test]
fn both_sides_changing_one_attribute_is_a_conflict_with_its_line() {
    let original = bundle(&[("main.tf", MAIN)]);
    let theirs = bundle(&[("main.tf", &MAIN.replace("7", "30"))]);
    let ours = disk(&[("main.tf", &MAIN.replace("7", "10"))]);
    let m = merge(&Sides {
        original: &original,
        theirs: &theirs,
        ours: &ours,
        recorded: &hashes(&original),
    });
    let c = change_of(&m, "main.tf").unwrap();
    assert_eq!(c.change, Change::Conflict);
    assert_eq!(c.conflict_lines, vec![2]);
    assert_eq!(m.conflicts().count(), 1);
}

#[test]
fn a_file_the_user_deleted_stays_deleted_and_a_change_to_it_is_reported() {
    let original = bundle(&[("main.tf", MAIN), ("examples/basic/main.tf", "a = 1\n")]);
    let theirs = bundle(&[("main.tf", MAIN), ("examples/basic/main.tf", "a = 2\n")]);
    let ours = disk(&[("main.tf", MAIN)]);
    let m = merge(&Sides {
        original: &original,
        theirs: &theirs,
        ours: &ours,
        recorded: &hashes(&original),
    });
    assert!(m.write.get("examples/basic/main.tf").is_none());
    let c = change_of(&m, "examples/basic/main.tf").unwrap();
    assert_eq!(c.change, Change::StaysDeleted);
    assert!(c.note.as_deref().unwrap().contains("changed"));
}

#[test]
fn a_file_the_template_deleted_goes_unless_the_user_edited_it() {
    let original = bundle(&[("main.tf", MAIN), ("old.tf", "a = 1\n")]);
    let theirs = bundle(&[("main.tf", MAIN)]);
    let recorded = hashes(&original);
    let untouched = disk(&[("main.tf", MAIN), ("old.tf", "a = 1\n")]);
    let m = merge(&Sides {
        original: &original,
        theirs: &theirs,
        ours: &untouched,
        recorded: &recorded,
    });
    assert_eq!(m.delete, vec!["old.tf".to_string()]);

    let edited = disk(&[("main.tf", MAIN), ("old.tf", "a = 2\n")]);
    let m = merge(&Sides {
        original: &original,
        theirs: &theirs,
        ours: &edited,
        recorded: &recorded,
    });
    assert!(m.delete.is_empty());
    assert_eq!(change_of(&m, "old.tf").unwrap().change, Change::Conflict);
}

#[test]
fn files_the_user_added_are_untouched_and_new_template_files_arrive() {
    let original = bundle(&[("main.tf", MAIN)]);
    let theirs = bundle(&[("main.tf", MAIN), ("alarms.tf", "b = 1\n")]);
    let ours = disk(&[("main.tf", MAIN), ("mine.tf", "c = 1\n")]);
    let m = merge(&Sides {
        original: &original,
        theirs: &theirs,
        ours: &ours,
        recorded: &hashes(&original),
    });
    assert!(change_of(&m, "mine.tf").is_none());
    assert_eq!(change_of(&m, "alarms.tf").unwrap().change, Change::Created);
    assert_eq!(m.write.get("alarms.tf"), Some("b = 1\n"));
}

#[test]
fn without_recorded_hashes_an_unedited_file_is_one_equal_to_the_original() {
    let original = bundle(&[("main.tf", MAIN)]);
    let theirs = bundle(&[("main.tf", &MAIN.replace("7", "30"))]);
    let ours = disk(&[("main.tf", MAIN)]);
    let m = merge(&Sides {
        original: &original,
        theirs: &theirs,
        ours: &ours,
        recorded: &BTreeMap::new(),
    });
    assert_eq!(change_of(&m, "main.tf").unwrap().change, Change::Updated);
}

#[test]
fn the_record_is_always_the_new_versions() {
    let original = bundle(&[("main.tf", MAIN), (RECORD_FILE, "version: 1\n")]);
    let theirs = bundle(&[("main.tf", MAIN), (RECORD_FILE, "version: 2\n")]);
    let ours = disk(&[("main.tf", MAIN), (RECORD_FILE, "version: 1\n")]);
    let m = merge(&Sides {
        original: &original,
        theirs: &theirs,
        ours: &ours,
        recorded: &hashes(&original),
    });
    assert_eq!(m.write.get(RECORD_FILE), Some("version: 2\n"));
    assert!(change_of(&m, RECORD_FILE).is_none());
}
