//! Three-way merge of any text file, line by line, and the conflict markers every merge writes.

/// A merged text and how many conflicts it holds between markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged text; a conflict is written as `<<<<<<< ours`, `||||||| original`,
    /// `=======`, `>>>>>>> theirs`.
    pub text: String,
    /// The number of conflicts in it.
    pub conflicts: usize,
}

/// Merges `ours` and `theirs`, two edits of `base`, by lines (diff3).
pub fn merge(base: &str, ours: &str, theirs: &str) -> Merged {
    let mut options = diffy::MergeOptions::new();
    options.set_conflict_style(diffy::ConflictStyle::Diff3);
    match options.merge(base, ours, theirs) {
        Ok(text) => Merged { text, conflicts: 0 },
        Err(text) => {
            let conflicts = conflict_lines(&text).len();
            Merged { text, conflicts }
        }
    }
}

/// One conflict between markers: ours, the original and theirs, as whole lines.
pub fn markers(base: &str, ours: &str, theirs: &str) -> String {
    let lines = |text: &str| {
        let text = text.trim_matches('\n');
        if text.is_empty() {
            String::new()
        } else {
            format!("{text}\n")
        }
    };
    format!(
        "<<<<<<< ours\n{}||||||| original\n{}=======\n{}>>>>>>> theirs\n",
        lines(ours),
        lines(base),
        lines(theirs)
    )
}

/// The 1-based lines where conflicts start.
pub fn conflict_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("<<<<<<< "))
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separate_edits_merge_and_the_same_line_conflicts() {
        let base = "a\nb\nc\n";
        let clean = merge(base, "A\nb\nc\n", "a\nb\nC\n");
        assert_eq!(
            clean,
            Merged {
                text: "A\nb\nC\n".into(),
                conflicts: 0
            }
        );
        let conflict = merge(base, "a\nB\nc\n", "a\nX\nc\n");
        assert_eq!(conflict.conflicts, 1);
        assert_eq!(conflict_lines(&conflict.text), vec![2]);
        assert!(
            conflict.text.contains("||||||| original\nb\n"),
            "{}",
            conflict.text
        );
    }

    #[test]
    fn markers_hold_whole_lines() {
        assert_eq!(
            markers("x = 1\n", "x = 2", ""),
            "<<<<<<< ours\nx = 2\n||||||| original\nx = 1\n=======\n>>>>>>> theirs\n"
        );
    }
}
